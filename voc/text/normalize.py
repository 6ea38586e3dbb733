"""Text as the text stages see it: printable, single-spaced, bounded in length.

Transcripts and chat feeds carry control characters, emoji, markup debris and, now and then,
a pasted page of text. None of that may crash a stage, and a 20,000-character turn must not
cost twenty times what a normal one does.
"""

from __future__ import annotations

import re
import unicodedata

# A turn longer than this is cut to its head and tail: the opening says what the turn is about,
# the close says how the speaker feels about it; the encoder sees 512 tokens at most anyway.
MAX_MODEL_CHARS = 1200
_HEAD_CHARS = 500

_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


def clean_text(text: str) -> str:
    """Drop control and unassigned characters, keep letters, digits, punctuation and emoji."""
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _SPACES.sub(" ", kept).strip()


def has_words(text: str) -> bool:
    return bool(_LETTER.search(text))


def clip_for_model(text: str) -> str:
    if len(text) <= MAX_MODEL_CHARS:
        return text
    tail = MAX_MODEL_CHARS - _HEAD_CHARS
    return f"{text[:_HEAD_CHARS]} … {text[-tail:]}"


def fold_case(text: str) -> str:
    """Lower case with ё folded to е, keeping every character at its offset (spans stay valid)."""
    low = text.lower()
    if len(low) == len(text):  # no character grew (the usual case): offsets already hold
        return low.replace("ё", "е")
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        return ch
    return "е" if low == "ё" else low
