"""The СНИЛС and ИНН check digits: labels for what was found, and the proof that a number named as an
order's or a contract's is someone's document all the same."""

from __future__ import annotations

from stdnum.ru import inn as ru_inn


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
