"""The Russian morphology and natasha extractors, loaded once on first use (loading takes ~0.5 s)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def natasha_extractors() -> tuple[Any, Any]:
    """(DatesExtractor, MoneyExtractor) sharing one morphology vocabulary."""
    from natasha import DatesExtractor, MoneyExtractor, MorphVocab

    vocab = MorphVocab()
    return DatesExtractor(vocab), MoneyExtractor(vocab)
