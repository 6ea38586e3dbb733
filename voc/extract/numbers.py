"""Spelled-out numbers to digits, keeping a map back to the original characters.

natasha finds "15 марта" and "500 тысяч рублей" but not "пятнадцатого марта" or "пятьсот тысяч
рублей", and Whisper writes either form; English "the twelfth of January" and "20th" likewise.
This normaliser rewrites number words (and "15-го", "20th") as digits so the libraries see one
form, and remembers which numbers were ordinals in the genitive ("тридцатого"), the way Russian
names a day of the month on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from voc.extract.morph import word_form

RU_VALUES: dict[str, int] = {
    "ноль": 0,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
}
RU_ORDINALS: dict[str, int] = {
    "первый": 1,
    "второй": 2,
    "третий": 3,
    "четвёртый": 4,
    "четвертый": 4,
    "пятый": 5,
    "шестой": 6,
    "седьмой": 7,
    "восьмой": 8,
    "девятый": 9,
    "десятый": 10,
    "одиннадцатый": 11,
    "двенадцатый": 12,
    "тринадцатый": 13,
    "четырнадцатый": 14,
    "пятнадцатый": 15,
    "шестнадцатый": 16,
    "семнадцатый": 17,
    "восемнадцатый": 18,
    "девятнадцатый": 19,
    "двадцатый": 20,
    "тридцатый": 30,
    "сороковой": 40,
    "пятидесятый": 50,
    "шестидесятый": 60,
    "семидесятый": 70,
    "восьмидесятый": 80,
    "девяностый": 90,
    "сотый": 100,
    "двухсотый": 200,
    "трёхсотый": 300,
    "тысячный": 1000,
}
RU_MULTIPLIERS: dict[str, int] = {"тысяча": 1000, "миллион": 1_000_000, "миллиард": 1_000_000_000}

EN_VALUES: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
EN_ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
EN_MULTIPLIERS: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

SUFFIX = r"(?:ого|ому|его|го|му|ое|ый|ий|ым|е|й|м)"
TOKEN = re.compile(r"\d+(?:\s?-" + SUFFIX + r"|" + SUFFIX + r"|st|nd|rd|th)?\b|\w+(?:-\w+)*|\s+|.", re.UNICODE)
# Whisper writes "15-го" and also "15 -го"
DIGIT_ORDINAL = re.compile(r"(\d+)(?:\s?-)?(" + SUFFIX + r"|st|nd|rd|th)$")


@dataclass(frozen=True)
class NumberMark:
    """A number found in the text; offsets are in the normalised text."""

    start: int
    end: int
    value: int
    ordinal: bool
    genitive: bool


@dataclass
class Normalised:
    text: str
    numbers: list[NumberMark] = field(default_factory=list)
    # (normalised start, normalised end, original start, original end) per emitted piece
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        covered = [p for p in self.pieces if p[1] > start and p[0] < end]
        if not covered:
            return start, end
        return covered[0][2], covered[-1][3]


@dataclass
class _Word:
    value: int
    kind: str  # "value", "ordinal", "multiplier"
    genitive: bool = False


# The first three letters of every Russian number word: only such tokens go to pymorphy3.
RU_NUMBER_PREFIXES = frozenset(w[:3] for w in [*RU_VALUES, *RU_ORDINALS, *RU_MULTIPLIERS, "две", "одн", "дву", "тре"])


def _ru_word(token: str) -> _Word | None:
    word = token.lower()
    if word[:3] not in RU_NUMBER_PREFIXES:
        return None
    lemma, grammemes, case, _, _ = word_form(word)
    if lemma in RU_VALUES and ("NUMR" in grammemes or "Anum" in grammemes or lemma in ("один", "два")):
        if lemma == "один" and word not in ("один", "одна", "одно", "одного", "одной", "одну"):
            return None
        return _Word(RU_VALUES[lemma], "value")
    if lemma in RU_ORDINALS and "Anum" in grammemes:
        # Only "-ого/-его" forms: "второй" is also a genitive but rarely names a day.
        return _Word(RU_ORDINALS[lemma], "ordinal", genitive=case == "gent" and word.endswith(("ого", "его")))
    if lemma in RU_MULTIPLIERS and "NOUN" in grammemes:
        return _Word(RU_MULTIPLIERS[lemma], "multiplier")
    return None


def _en_word(token: str) -> _Word | None:
    word = token.lower()
    if word in EN_VALUES:
        return _Word(EN_VALUES[word], "value")
    if word in EN_ORDINALS:
        return _Word(EN_ORDINALS[word], "ordinal")
    if word in EN_MULTIPLIERS:
        return _Word(EN_MULTIPLIERS[word], "multiplier")
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in EN_VALUES and EN_VALUES[parts[0]] >= 20:
        if parts[1] in EN_VALUES and EN_VALUES[parts[1]] < 10:
            return _Word(EN_VALUES[parts[0]] + EN_VALUES[parts[1]], "value")
        if parts[1] in EN_ORDINALS and EN_ORDINALS[parts[1]] < 10:
            return _Word(EN_VALUES[parts[0]] + EN_ORDINALS[parts[1]], "ordinal")
    return None


def _compose(words: list[_Word]) -> list[tuple[int, int, _Word]]:
    """Group a run of number words into numbers: (first index, last index, combined number)."""
    groups: list[tuple[int, int, _Word]] = []
    begin, total, current, limit = 0, 0, 0, 10**12
    for i, word in enumerate(words):
        if word.kind == "multiplier":
            fits = word.value < limit or (current and word.value > current)
        else:
            fits = word.value < limit
        if i > begin and (not fits or words[i - 1].kind == "ordinal"):
            groups.append((begin, i - 1, _combined(total + current, words[i - 1])))
            begin, total, current, limit = i, 0, 0, 10**12
        if word.kind == "multiplier":
            total += (current or 1) * word.value
            current, limit = 0, word.value
        else:
            current += word.value
            limit = _place(word.value)
    if words:
        groups.append((begin, len(words) - 1, _combined(total + current, words[-1])))
    return groups


def _combined(value: int, last: _Word) -> _Word:
    return _Word(value, "ordinal" if last.kind == "ordinal" else "value", last.genitive)


def _place(value: int) -> int:
    """Words after `value` in one number must be smaller than this ("двадцать" then "пять")."""
    for place in (100, 10):
        if value >= place and value % place == 0:
            return place
    return 1


def normalise_numbers(text: str, language: str) -> Normalised:
    reader = _ru_word if language == "ru" else _en_word
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    result = Normalised(text="")
    i = 0
    while i < len(tokens):
        token, start, end = tokens[i]
        digit = DIGIT_ORDINAL.match(token)
        if digit:
            _emit_number(result, int(digit.group(1)), True, digit.group(2) in ("го", "ого", "его"), start, end)
            i += 1
            continue
        word = reader(token) if token[:1].isalpha() else None
        if word is None:
            _emit(result, token, start, end)
            i += 1
            continue
        run: list[tuple[_Word, int, int]] = [(word, start, end)]
        j = i + 1
        while j + 1 < len(tokens) and tokens[j][0].isspace():
            following = reader(tokens[j + 1][0]) if tokens[j + 1][0][:1].isalpha() else None
            if following is None:
                break
            run.append((following, tokens[j + 1][1], tokens[j + 1][2]))
            j += 2
        groups = _compose([w for w, _, _ in run])
        for n, (first, last, number) in enumerate(groups):
            if n:
                _emit(result, " ", run[first][1], run[first][1])
            _emit_number(result, number.value, number.kind == "ordinal", number.genitive, run[first][1], run[last][2])
        i = i + 1 + 2 * (len(run) - 1)
    return result


def _emit(result: Normalised, piece: str, start: int, end: int) -> None:
    begin = len(result.text)
    result.text += piece
    result.pieces.append((begin, len(result.text), start, end))


def _emit_number(result: Normalised, value: int, ordinal: bool, genitive: bool, start: int, end: int) -> None:
    begin = len(result.text)
    _emit(result, str(value), start, end)
    result.numbers.append(NumberMark(begin, len(result.text), value, ordinal, genitive))
