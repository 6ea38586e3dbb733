"""What detection returns: a span of personal data (`Found`) and a run of dictated digits (`Run`),
with the two ways every detector reads a turn (folded case, words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voc.schemas import RedactionType

WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Found:
    type: RedactionType
    start: int  # character offsets in the turn's text
    end: int
    checksum_valid: bool | None = None


@dataclass(frozen=True)
class Run:
    """Dictated digits, joined across spaces and punctuation."""

    start: int
    end: int
    digits: str
    ordinal_digits: str = ""  # the digits said as ordinals ("2-й 5-й 6-й")


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


# "November 30th", "the 1st": an English day's ordinal ending (a year is never said with one)
EN_DAY_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)

# The months' names as their stems ("ма[йяе]\b" keeps "мая" apart from "маяк"), Russian then English
MONTH_STEMS = (
    r"январ|феврал|март|апрел|ма[йяе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    r"january|february|march|april|may\b|june|july|august|september|october|november|december"
)
