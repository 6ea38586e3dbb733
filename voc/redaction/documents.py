"""Russian documents and the US SSN: the shapes that tell an SSN or a phone named after a СНИЛС (the
СНИЛС and ИНН checks are in voc.redaction.checksums).
"""

from __future__ import annotations

import re

from voc.redaction.questions import ASKED
from voc.redaction.triggers import TRIGGERS

SSN_PATTERN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")


def phone_named_after_snils(before: str) -> bool:
    """ "СНИЛС ..., телефон 8 999 707 00 13": the phone named after the СНИЛС is what the 11 digits are."""
    phones = list(ASKED["PHONE"].finditer(before))
    snils = list(TRIGGERS["SNILS"].finditer(before))
    return bool(phones) and (not snils or phones[-1].start() > snils[-1].end())
