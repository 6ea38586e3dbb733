"""One number said in pieces: corrected mid-way ("ой, нет", "sorry"), with a filler or a pause between
("так...", "это начало, остальное"), its tail or check digits said apart, a digit or two after one
misheard word. The pieces are joined into one span, so the mask and the silenced audio cover
the words between.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from stdnum import luhn

from voc.redaction.dictation import ROUND_NUMBER
from voc.redaction.spans import WORD, Found, Run, fold
from voc.schemas import RedactionType

_STRAGGLER_KINDS = {"CARD_NUMBER", "PHONE", "DICTATED_NUMBER", "ACCOUNT_NUMBER", "SNILS", "INN", "PASSPORT", "SSN"}
# "позвоните на [PHONE] в 15 часов", "2 раза": words that link a number to something else, units after it
_LINKING_WORDS = {
    "в",
    "во",
    "на",
    "до",
    "и",
    "или",
    "по",
    "с",
    "за",
    "через",
    "at",
    "in",
    "on",
    "to",
    "and",
    "or",
    "by",
    "for",
}
_UNIT_AFTER = re.compile(
    r"[\s,.]*(?:час|мин|сек|числ|руб|₽|\$|%|лет|год|дн|раз|шт|недел|месяц|hour|min|sec|dollar|year|day|time|week|month)"
)
_STRAGGLER_GAP = 14  # characters: a separator and one word of the recogniser's making

# Words between two pieces of one number that correct it ("тридцать семнадцать, ой, нет, тридцать
# шестнадцать", "412-68-3391, sorry, 412-68-3319") or fill a pause ("... так ...")
_CORRECTION_WORDS = {
    "ой", "нет", "не", "извините", "простите", "прошу", "прощения", "подождите", "погодите", "секунду", "ошибся",
    "ошиблась", "точнее", "то", "есть", "вернее", "sorry", "no", "wait", "oops", "i", "mean", "actually", "rather",
}  # fmt: skip
# ... or carry on ("2202 2011 — это начало, остальное 2233 4457", "then the rest is")
_FILLER_WORDS = {
    "так", "ну", "э", "эм", "сейчас", "дальше", "это", "начало", "остальное", "потом", "продолжаю", "so", "okay",
    "ok", "uh", "um", "er", "next", "then", "the", "rest", "is",
}  # fmt: skip
# Words that close a number with its check digits said apart ("..., и контрольное... восемьдесят пять")
_CHECK_DIGIT_WORDS = re.compile(r"контрольн\w*|check")
_CHECK_DIGITS_MAX = 2
_CHECK_GAP_WORDS = {"и", "and", "число", "цифры", "цифра", "digits", "digit", "the", "are", "is"}
# Words that replace the end of a number just said ("Actually, make that 0174", "точнее, ноль один семь четыре")
_TAIL_CORRECTION_WORDS = {"make", "that", "it", "s", "change", "to", "последние", "last", "на", "конце"}
_CORRECTED_TAIL_DIGITS = (2, 6)
_CLAUSE_END = re.compile(r"\s*(?:[.!?,;…]|$)")
_PIECES_GAP = 40  # characters: at most this much between two pieces joined into one span


def joined_pieces(text: str, found: list[Found], runs: Collection[Run]) -> list[Found]:
    """Two pieces of one kind with only a correction ("ой, нет", "sorry") or a filler ("так...") between
    them are one number said in two goes: one span, so the mask and the silenced audio cover the words
    between. A DICTATED_NUMBER piece takes the other piece's kind."""
    out: list[Found] = []
    for hit in found:
        last = out[-1] if out else None
        if last is not None and 0 <= hit.start - last.end <= _PIECES_GAP and _piece_gap(text[last.end : hit.start]):
            kinds = {last.type, hit.type} - {"DICTATED_NUMBER"}
            if len(kinds) <= 1:
                kind: RedactionType = kinds.pop() if kinds else "DICTATED_NUMBER"
                checksum = last.checksum_valid if last.type == kind else hit.checksum_valid
                if kind == "CARD_NUMBER":
                    digits = "".join(r.digits for r in runs if last.start <= r.start < hit.end)
                    checksum = luhn.is_valid(digits) if 13 <= len(digits) <= 19 else hit.checksum_valid
                out[-1] = Found(kind, last.start, hit.end, checksum)
                continue
        out.append(hit)
    return out


def _piece_gap(gap: str) -> bool:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", gap)]
    return bool(words) and all(w in _CORRECTION_WORDS or w in _FILLER_WORDS for w in words)


def stragglers(text: str, left: list[Run], found: list[Found]) -> list[Found]:
    """Digits one misheard word away from a long number ("6, 4, 6, 5, 5, 5, 2, camera, 8, 1": "seven"
    heard as "camera"; "...-им восемьезид 9"): the end of that number. Short codes are left out: the
    words after a CVV are usually something else."""
    out = []
    for run in left:
        for hit in found:
            if hit.type not in _STRAGGLER_KINDS:
                continue
            gap = text[hit.end : run.start] if hit.end <= run.start else text[run.end : hit.start]
            words = WORD.findall(fold(gap))
            if (
                len(run.digits) >= 2
                and len(gap) <= _STRAGGLER_GAP
                and len(words) <= 1
                and not set(words) & _LINKING_WORDS
                and not ROUND_NUMBER.fullmatch(run.digits)
                and not _UNIT_AFTER.match(fold(text[run.end : run.end + 12]))
            ):
                out.append(Found(hit.type, run.start, run.end))
                break
    return out


def corrected_tails(text: str, left: list[Run], found: list[Found]) -> list[Found]:
    """ "It's 212 555 0147. Actually, make that 0174", "..., точнее, ноль один семь четыре": a short
    number right after a correction that replaces the end of a number just said is part of it."""
    out = []
    for run in left:
        if not _CORRECTED_TAIL_DIGITS[0] <= len(run.digits) <= _CORRECTED_TAIL_DIGITS[1]:
            continue
        before = [f for f in found if f.type in _STRAGGLER_KINDS and 0 <= run.start - f.end <= _PIECES_GAP]
        if not before:
            continue
        hit = max(before, key=lambda f: f.end)
        words = [w.lower() for w in WORD.findall(text[hit.end : run.start])]
        allowed = _CORRECTION_WORDS | _FILLER_WORDS | _TAIL_CORRECTION_WORDS
        ends_the_clause = _CLAUSE_END.match(text, run.end) is not None  # "нет, двадцать пять лет им пользуюсь" goes on
        if (
            words
            and ends_the_clause
            and all(w in allowed for w in words)
            and any(w in _CORRECTION_WORDS - _FILLER_WORDS for w in words)
        ):
            out.append(Found(hit.type, run.start, run.end))
    return out


def with_check_digits(text: str, found: list[Found], left: list[Run]) -> list[Found]:
    """ "СНИЛС 202 134 056, и контрольное... сейчас... 85": the check digits said apart after a pause
    belong to the number before them (whatever they were found as alone)."""
    check_digits = [Found("DICTATED_NUMBER", r.start, r.end) for r in left if len(r.digits) <= _CHECK_DIGITS_MAX]
    out: list[Found] = []
    for hit in sorted(found + check_digits, key=lambda f: f.start):
        last = out[-1] if out else None
        gap = text[last.end : hit.start] if last is not None else ""
        words = [w.lower() for w in WORD.findall(gap)]
        if (
            last is not None
            and last.type in ("SNILS", "INN", "ACCOUNT_NUMBER", "CARD_NUMBER", "SSN", "PASSPORT")
            and 0 <= hit.start - last.end <= _PIECES_GAP
            and _CHECK_DIGIT_WORDS.search(gap.lower())
            and all(_CHECK_DIGIT_WORDS.match(w) or w in _CHECK_GAP_WORDS or w in _FILLER_WORDS for w in words)
        ):
            out[-1] = Found(last.type, last.start, hit.end, last.checksum_valid)
            continue
        if hit not in check_digits:
            out.append(hit)
    return out
