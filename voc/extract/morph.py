"""Cached Russian word parses for extraction, and the natasha extractors (loaded once on first use).

The parses come from the one pymorphy3 analyser the text stages share (voc.text.tokens.morph_analyzer).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from voc.text.tokens import morph_analyzer


@lru_cache(maxsize=1)
def natasha_extractors() -> tuple[Any, Any]:
    """(DatesExtractor, MoneyExtractor) sharing one morphology vocabulary."""
    from natasha import DatesExtractor, MoneyExtractor, MorphVocab

    vocab = MorphVocab()
    return DatesExtractor(vocab), MoneyExtractor(vocab)


@lru_cache(maxsize=200_000)
def word_form(word: str) -> tuple[str, frozenset[str], str | None, str | None, str | None]:
    """(normal form, grammemes, case, tense, mood) of a lower-case word's likeliest parse, cached.

    pymorphy3 runs on the pure-Python DAWG here (~0.5 ms a word); calls repeat their words, so the
    cache keeps extraction cheap.
    """
    parse = morph_analyzer().parse(word)[0]
    tag = parse.tag
    return parse.normal_form, frozenset(tag.grammemes), tag.case, tag.tense, tag.mood


@lru_cache(maxsize=200_000)
def word_parses(word: str) -> tuple[tuple[str, frozenset[str], float], ...]:
    """Every (normal form, grammemes, score) pymorphy3 gives a lower-case word, likeliest first:
    "закрою" is a verb as often as a noun, "период" a subject as well as an object."""
    return tuple((p.normal_form, frozenset(p.tag.grammemes), float(p.score)) for p in morph_analyzer().parse(word))
