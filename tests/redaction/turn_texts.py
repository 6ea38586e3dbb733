"""Turn texts after the redaction stage, every kind masked but person names: the call-level tests' helper."""

from __future__ import annotations

from tests.redaction.test_stage import redact, timed_turn
from voc.config import REDACTION_TYPES

TYPES_BUT_NAMES = tuple(t for t in REDACTION_TYPES if t != "PERSON_NAME")


def redacted_texts(lines: list[tuple[str, str]], language: str = "ru") -> list[str]:
    """(speaker, text) lines as timed turns, redacted as a call; the turns' texts after it."""
    turns = [timed_turn(i, speaker, text, i * 5.0) for i, (speaker, text) in enumerate(lines)]
    return [t.text for t in redact(turns, language, TYPES_BUT_NAMES).turns]
