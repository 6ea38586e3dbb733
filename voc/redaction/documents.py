"""Russian documents and the US SSN: the СНИЛС and ИНН checks (labels only, never deciding) and the
shapes that tell an SSN or a phone named after a СНИЛС.
"""

from __future__ import annotations

import re

from stdnum.ru import inn as ru_inn

from voc.redaction.questions import ASKED
from voc.redaction.triggers import TRIGGERS

SSN_PATTERN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")


def snils_valid(digits: str) -> bool:
    """СНИЛС: 9 digits and a 2-digit check; weights 9..1, sum mod 101, 100 and 101 give 00
    (checked only above 001-001-998, as the Pension Fund's rule says)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    body, check = digits[:9], int(digits[9:])
    if int(body) <= 1001998:
        return True
    total = sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))
    expected = total % 101
    if expected == 100:
        expected = 0
    return expected == check


def inn_valid(digits: str) -> bool:
    return bool(ru_inn.is_valid(digits))


def phone_named_after_snils(before: str) -> bool:
    """ "СНИЛС ..., телефон 8 999 707 00 13": the phone named after the СНИЛС is what the 11 digits are."""
    phones = list(ASKED["PHONE"].finditer(before))
    snils = list(TRIGGERS["SNILS"].finditer(before))
    return bool(phones) and (not snils or phones[-1].start() > snils[-1].end())
