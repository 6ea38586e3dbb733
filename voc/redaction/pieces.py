"""One number said in pieces: corrected mid-way ("ой, нет", "sorry"), with a filler or a pause between
("так...", "это начало, остальное"), its tail or check digits said apart, a digit or two after one
misheard word. The pieces are joined into one span, so the mask and the silenced audio cover
the words between.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass

from stdnum import luhn

from voc.redaction.dictation import CODE_DIGITS, HESITATION, ROUND_NUMBER
from voc.redaction.spans import WORD, Found, Run, fold
from voc.redaction.triggers import TRIGGER_WINDOW, nearest_triggered
from voc.schemas import RedactionType
from voc.text.itn import display_text

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
    # an address goes on after a phone ("8 903 117 40 88, дом 15, кв 12")
    "дом",
    "кв",
    "квартира",
    "корпус",
    "строение",
    "офис",
    "подъезд",
    "этаж",
    "apt",
    "suite",
    "unit",
}
_UNIT_AFTER = re.compile(
    r"[\s,.]*(?:час|мин|сек|числ|руб|₽|\$|%|лет|год|дн|раз|шт|недел|месяц|hour|min|sec|dollar|year|day|time|week|month)"
)
_ONE_LETTER_WORDS = {"а", "б", "в", "ж", "и", "к", "о", "с", "у", "я", "a", "i"}
_GOING_ON_WORDS = {"дальше", "далее", "продолжаю", "потом"}
_DIGIT_WORD_TAIL = re.compile(r"[бвгджзклмнпрстфхцчшщ]{1,2}ь")  # "ль" of "ноль", "мь" of "семь"
_STRAGGLER_GAP = 14  # characters: a separator and one word of the recogniser's making

# Words between two pieces of one number that correct it ("тридцать семнадцать, ой, нет, тридцать
# шестнадцать", "412-68-3391, sorry, 412-68-3319") or fill a pause ("... так ...")
_CORRECTION_WORDS = {
    "ой", "нет", "не", "извините", "простите", "прошу", "прощения", "подождите", "погодите", "секунду", "ошибся",
    "ошиблась", "точнее", "то", "есть", "вернее", "sorry", "no", "wait", "oops", "i", "mean", "actually", "rather",
    # the speaker lost the place and starts again ("нет, подождите, сбилась", "sorry, let me start again")
    "сбилась", "сбился", "сбиваюсь", "перепутала", "перепутал", "заново", "сначала", "ещё", "раз", "let", "me",
    "start", "again", "over", "lost", "my", "place",
}  # fmt: skip
# ... or carry on ("2202 2011 — это начало, остальное 2233 4457", "then the rest is")
_FILLER_WORDS = {
    "так", "ну", "э", "эм", "сейчас", "дальше", "это", "начало", "остальное", "потом", "продолжаю", "so", "okay",
    "ok", "uh", "um", "er", "next", "then", "the", "rest", "is", "и", "and",
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
    return bool(words) and all(w in _CORRECTION_WORDS or w in _FILLER_WORDS or HESITATION.fullmatch(w) for w in words)


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
            # single letters that are no word are the recogniser's hesitation sounds ("8-9-0-3-е-п-5-7-1" for
            # "8 903, э-э, 571"); "с", "в", "и" are words ("Списали 15 990 с карты 4405 ..."); a piece with no
            # vowel is what is left of a digit's word ("три, стына, ль, восемь" for "триста ноль восемь")
            # "а дальше": the speaker going on with the same number
            words = [
                w
                for w in WORD.findall(fold(gap))
                if ((len(w) > 1 and not _DIGIT_WORD_TAIL.fullmatch(w)) or w in _ONE_LETTER_WORDS)
                and w not in _GOING_ON_WORDS
            ]
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


# "2961. Нет, это старое сообщение. Новый 4408": the code given again, the first one taken back
_NEW_ONE_BEFORE = re.compile(
    r"\b(?:нов\w+|правильн\w+|актуальн\w+|new(?: one)?|correct one|right one)[\s,:\-–]*$", re.IGNORECASE
)
_CODE_KINDS_AGAIN = {"SMS_CODE", "PIN", "CVV"}
_NEW_CODE_DIGITS = (3, 8)


def new_code_after_old(text: str, left: list[Run], found: list[Found]) -> list[Found]:
    """A code said again as the new or the right one ("Это старое сообщение. Новый 4,4,8."), after a code
    found earlier in the turn: the same kind (the recogniser may have lost a digit of it)."""
    out = []
    for run in left:
        codes = [f for f in found if f.type in _CODE_KINDS_AGAIN and f.end <= run.start]
        if (
            codes
            and _NEW_CODE_DIGITS[0] <= len(run.digits) <= _NEW_CODE_DIGITS[1]
            and _NEW_ONE_BEFORE.search(text[max(0, run.start - 20) : run.start])
        ):
            out.append(Found(codes[-1].type, run.start, run.end))
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


# Words that take back a number begun and not finished ("восемь девятьсот двадцать шесть, сто... ой, нет,
# это старый", "six one seven, five five five... no wait, that's my old one", "scratch that", "перепутала
# с загранпаспортом", "сбилась, давайте сначала"): what follows is the number said again, or another one
# in its place.
_TAKEN_BACK = re.compile(
    r"\b(?:ой|нет|стоп|хотя|извин\w*|прост(?:ите|и)|ошиб\w*|перепута\w*|спута\w*|сбил(?:ся|ась|и)|сначала|"
    r"заново|не т(?:от|о|ак|ая|ую|ой|ом|е)|стар(?:ый|ая|ое|ую|ой|ого|ом|ые|ых)|прежн\w*|подожд\w*|погод\w*|"
    r"точнее|вернее|неправильн\w*|неверн\w*|пардон|сорри|блин|пута\w*|поменял\w*|сменил\w*|"
    r"no|nope|nah|wait|sorry|oops|wrong|scratch|strike that|disregard|ignore that|start (?:over|again)|"
    r"try (?:that )?again|old|hold on|hold up|hang on|actually|i mean|my bad|mistake|not right|correction|"
    r"never ?mind|not that|mixed (?:it|them|that) up|mix-?up|changed)\b"
)
_TAKEN_BACK_GAP = 100  # characters between the number begun and the one said in its place


@dataclass(frozen=True)
class SaidAgain:
    """A number begun (`first`), taken back, and said again or replaced by another (`then`)."""

    first: Run
    then: Run

    @property
    def gap(self) -> tuple[int, int]:
        return self.first.end, self.then.start


def said_again(text: str, runs: list[Run], language: str) -> list[SaidAgain]:
    """Consecutive runs with only words that take the first back between them (no other number)."""
    out = []
    ordered = sorted(runs, key=lambda r: r.start)
    for first, then in itertools.pairwise(ordered):
        gap = text[first.end : then.start]
        if (
            len(gap) <= _TAKEN_BACK_GAP
            and _TAKEN_BACK.search(fold(gap))
            and not any(ch.isdigit() for ch in display_text(gap, language).text)
        ):
            out.append(SaidAgain(first, then))
    return out


def without_taking_back(text: str, taken_back: Collection[SaidAgain]) -> str:
    """`text` with the words that take a number back blanked out: "Ноль три двадцать... нет, стоп, это у
    старой было. Ноль девять, двадцать восьмой" is still a bare answer to "срок действия?"."""
    for pair in taken_back:
        a, b = pair.gap
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _mentionable(text: str, run: Run) -> bool:
    """Enough digits to give something away, not a round number, no unit after it ("три раза")."""
    return (
        len(run.digits) >= CODE_DIGITS
        and not ROUND_NUMBER.fullmatch(run.digits)
        and not _UNIT_AFTER.match(fold(text[run.end : run.end + 12]))
    )


def taken_back_numbers(text: str, taken_back: Collection[SaidAgain], found: list[Found]) -> list[Found]:
    """The number begun and taken back is of the kind of the one said in its place (and a replacement
    begun after a number taken back is of that number's kind): "восемь девятьсот двадцать шесть, сто...
    ой, нет, это старый. Записывайте: [PHONE]" masks the old start as a phone too. A DICTATED_NUMBER on
    one side takes the kind of the other."""
    out = list(found)
    for pair in taken_back:
        hits = [next((f for f in out if f.start <= run.start < f.end), None) for run in (pair.first, pair.then)]
        for (run, hit), (_, other) in itertools.permutations(zip((pair.first, pair.then), hits, strict=True), 2):
            if other is None or other.type == "DICTATED_NUMBER":
                continue
            if hit is None and _mentionable(text, run):
                out.append(Found(other.type, run.start, run.end))
            elif hit is not None and hit.type == "DICTATED_NUMBER":
                out[out.index(hit)] = Found(other.type, hit.start, hit.end, hit.checksum_valid)
    return sorted(out, key=lambda f: f.start)


_WHOLE_NUMBER_KINDS: tuple[RedactionType, ...] = (
    "CARD_NUMBER", "PHONE", "PASSPORT", "SNILS", "INN", "ACCOUNT_NUMBER", "SSN",
)  # fmt: skip
_TAKEN_BACK_AT_ONCE = re.compile(r"[\s,.;:!?\-–—…()]*(?:" + _TAKEN_BACK.pattern + r")")


def begun_and_dropped(text: str, context: str, left: list[Run], found: list[Found]) -> list[Found]:
    """A number begun after a word that names it and taken back at once, with nothing said in its place
    ("Мой номер восемь девятьсот... ой, подождите, у меня второй звонок", "My card is four five five
    six... sorry, hang on"): a piece of that number all the same."""
    folded = fold(text)
    out = []
    for run in left:
        if any(f.start <= run.start < f.end for f in found) or not _mentionable(text, run):
            continue
        if _TAKEN_BACK_AT_ONCE.match(folded, run.end) is None:
            continue
        kinds = nearest_triggered(_WHOLE_NUMBER_KINDS, folded[max(0, run.start - TRIGGER_WINDOW) : run.start], context)
        if kinds:
            out.append(Found(kinds[0], run.start, run.end))
    return out


# "номер [PHONE] так и запишите, а второй 8 903 через минуту скажу", "and another one, 617 55...":
# the start of a second number of the kind the turn just gave, right after the words that announce it
_SECOND_NUMBER = re.compile(
    r"\b(?:втор(?:ой|ая|ое|ую)|ещ[её]\s+од(?:ин|на|ну)|друг(?:ой|ая|ую|ое)|запасн(?:ой|ая|ую)|рабоч(?:ий|ая|ую)|"
    r"домашн(?:ий|яя|юю)|(?:an)?other(?:\s+one)?|second(?:\s+one)?|backup|spare|work|home)"
    r"(?:\s+(?:номер|телефон|мобильный|карта|карту|number|phone|card|one|is|будет|это|у\s+меня|мой|моя|my))*"
    r"[\s,:\-–—]*$"
)
_SECOND_NUMBER_REACH = 40  # characters before the digits that may announce them


def second_number_begun(text: str, left: list[Run], found: list[Found]) -> list[Found]:
    """Three digits or more (not a round number) right after "второй", "ещё один", "another one" in a
    turn that gave a phone, a card or another whole number before them are the start of a second number
    of that kind, left unfinished ("через минуту скажу", "I'll give you the rest later"); a piece found
    only as a DICTATED_NUMBER takes that kind too."""

    def announced_kind(start: int) -> RedactionType | None:
        given = [f for f in found if f.end <= start and f.type in _WHOLE_NUMBER_KINDS]
        if given and _SECOND_NUMBER.search(fold(text[max(given[-1].end, start - _SECOND_NUMBER_REACH) : start])):
            return given[-1].type
        return None

    out = []
    for hit in found:
        kind = announced_kind(hit.start) if hit.type == "DICTATED_NUMBER" else None
        out.append(hit if kind is None else Found(kind, hit.start, hit.end, hit.checksum_valid))
    for run in left:
        if any(f.start <= run.start < f.end for f in found) or not _mentionable(text, run):
            continue
        kind = announced_kind(run.start)
        if kind is not None:
            out.append(Found(kind, run.start, run.end))
    return sorted(out, key=lambda f: f.start)
