"""Recognised words made from a line of text, as the task-word repairs receive them."""

from __future__ import annotations

from voc.schemas import Word


def spoken(text: str, probability: float = 0.5, at: float = 0.0, sure: tuple[str, ...] = ()) -> list[Word]:
    """One word every 0.4 s from `at`; the words in `sure` heard with high probability, the rest with
    `probability`."""
    return [
        Word(word=w, start=at + 0.4 * i, end=at + 0.4 * i + 0.3, probability=0.95 if w in sure else probability)
        for i, w in enumerate(text.split())
    ]


def text_of(words: list[Word]) -> str:
    return " ".join(w.word for w in words)


def heard_of(words: list[Word]) -> list[str]:
    """What the recogniser had heard for each repaired word ("" for a word a repair split off)."""
    return [w.heard for w in words if w.heard is not None]
