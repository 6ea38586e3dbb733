"""Words of a text with their character spans and dictionary forms (Russian via pymorphy3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from voc.text.normalize import fold_case

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CYRILLIC = re.compile(r"[а-яе]")


@dataclass(frozen=True)
class Token:
    text: str  # case-folded surface form
    lemma: str
    start: int  # character offsets in the original text
    end: int


@lru_cache(maxsize=1)
def morph_analyzer() -> Any:
    """The Russian pymorphy3 analyser the text stages share (loaded once, ~0.5 s)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=50_000)
def lemma_of(word: str) -> str:
    if not _CYRILLIC.search(word):
        return word.replace("’", "'")
    return str(morph_analyzer().parse(word)[0].normal_form).replace("ё", "е")


def tokenize(text: str) -> list[Token]:
    folded = fold_case(text)
    return [Token(m.group(), lemma_of(m.group()), m.start(), m.end()) for m in _WORD.finditer(folded)]
