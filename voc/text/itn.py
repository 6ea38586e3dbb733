"""Numbers as numbers (inverse text normalisation): spoken numbers read once, written two ways.

Whisper writes "пятнадцатого марта" and "15-го марта", "двести тысяч рублей" and "200 000 рублей".
This module reads the number words of a text once (Russian through pymorphy3, so every case and
gender of a numeral is one lemma; English from a short table) and writes them

- for people (`display_text`): "200 000 ₽", "15 марта", "5 %", "8 916 123-45-67", "в 10:30",
  "25-го", "$200,000", "5%", "the 15th of March", each rewritten piece mapped back to the
  characters (and so the words and their times) it came from;
- for extraction (`normalise_numbers`): plain digits without grouping or suffixes ("200000
  рублей", "15 марта"), with a mark on every number saying whether it was an ordinal in the
  genitive ("тридцатого"), the way Russian names a day of the month on its own.

The conventions of the display text (Russian follows the Unicode CLDR "ru" locale and the usual
Russian typesetting rules) are written up in docs/itn.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from voc.schemas import DisplayKind, DisplaySpan, Turn
from voc.text.tokens import morph_analyzer

NBSP = "\u00a0"  # CLDR "ru" groups digits and separates "%" and "₽" with a no-break space

SpanKind = DisplayKind

RU_VALUES: dict[str, int] = {
    "ноль": 0,
    "нуль": 0,
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
    "нулевой": 0,
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
    "двухтысячный": 2000,
}
RU_MULTIPLIERS: dict[str, int] = {"тысяча": 1000, "миллион": 1_000_000, "миллиард": 1_000_000_000}
RU_ABBREVIATED = {"тыс": 1000, "млн": 1_000_000, "млрд": 1_000_000_000}
RU_FRACTIONS = {"десятый": 1, "сотый": 2, "тысячный": 3}  # "пять десятых": places after the comma

EN_VALUES: dict[str, int] = {
    "zero": 0,
    "oh": 0,
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
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}
EN_MULTIPLIERS: dict[str, int] = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

RU_MONTH = re.compile(
    r"(?:январ|феврал|март|апрел|ма[йяюе]$|июн|июл|август|сентябр|октябр|ноябр|декабр)", re.IGNORECASE
)
EN_MONTH = re.compile(
    r"^(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)$",
    re.IGNORECASE,
)
RU_CURRENCY = [
    (re.compile(r"^(?:рубл\w*|руб)$"), "₽"),
    (re.compile(r"^(?:доллар\w*|бакс\w*)$"), "$"),
    (re.compile(r"^евро$"), "€"),
    (re.compile(r"^(?:фунт\w*)$"), "£"),
    (re.compile(r"^(?:юан\w*)$"), "¥"),
]
EN_CURRENCY = [
    (re.compile(r"^(?:dollars?|bucks?)$"), "$"),
    (re.compile(r"^euros?$"), "€"),
    (re.compile(r"^(?:pounds?|quid)$"), "£"),
]
RU_KOPEKS = re.compile(r"^коп\w*$")
EN_CENTS = re.compile(r"^cents?$")
RU_PERCENT = re.compile(r"^(?:процент\w*|%)$")
EN_PERCENT = re.compile(r"^(?:percent|%)$")
# after these a small number is a quantity a reader wants as digits ("5 утра", "3 %")
RU_UNIT_AFTER = re.compile(r"^(?:утра|вечера|ночи|час(?:а|ов)?|минут\w*|секунд\w*)$")
EN_UNIT_AFTER = re.compile(r"^(?:am|pm|a\.m|p\.m|o'clock)$")
RU_TIME_BEFORE = {"в", "к", "до", "после", "с", "около", "на", "примерно", "часов", "часа"}
EN_TIME_BEFORE = {"at", "by", "until", "till", "from", "before", "after", "around", "about"}
RU_DAY_BEFORE = {"к", "до", "с", "после", "числа"}
PHONE_BEFORE = re.compile(r"^(?:плюс|plus|\+)$")

TOKEN = re.compile(
    r"\d+(?:[.,:/-]\d+)+"  # "1,5", "15.03.2027", "9:30", "8-916-123": one opaque token
    r"|\d+(?:\s?-\s?(?:ого|ому|его|ему|го|му|ое|ый|ий|ой|ым|ом|ем|ая|ую|ые|ых|ми|е|й|м|я|х|ю)|st|nd|rd|th)?(?!\w)"
    r"|\d+"
    r"|(?:тыс|млн|млрд|руб|коп)\.(?!\w)"  # "10 тыс. руб."
    r"|[^\W\d_]+(?:['’-][^\W\d_]+)*"
    r"|\s+|.",
    re.UNICODE,
)
DIGIT_ORDINAL = re.compile(r"^(\d+)\s?-?\s?([а-яё]+|st|nd|rd|th)$")
DECIMAL = re.compile(r"^(\d+)[.,](\d+)$")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        text = self.text.lower()
        return text[:-1] if len(text) > 1 and text.endswith(".") else text

    @property
    def space(self) -> bool:
        return self.text.isspace()


@dataclass(frozen=True)
class _Num:
    """One number word (or digit token) of a run."""

    value: Decimal
    kind: str  # value, ordinal, multiplier, hundred, zero, point, fraction, half
    index: int  # token index
    suffix: str = ""  # the ordinal's case ending as written after digits ("го", "му", "й", ...)
    genitive: bool = False
    weak: bool = False  # a number only next to other number words ("семью" is also "family")
    digits: str = ""  # digit tokens: the digits as written ("05", "000")


@dataclass
class _Group:
    """Number words that make one number."""

    first: int  # token indices
    last: int
    value: Decimal
    ordinal: bool = False
    genitive: bool = False
    suffix: str = ""
    zero: bool = False  # "ноль" / "oh": one digit of a dictated sequence
    digits_only: bool = False  # written in digits by the recogniser, no number words
    width: int = 0  # digit tokens: how many digits were written ("05")
    places: int = 0  # digits after the decimal comma


@dataclass(frozen=True)
class NumberMark:
    """A number found in the text; offsets are in the normalised (plain) text."""

    start: int
    end: int
    value: int
    ordinal: bool
    genitive: bool


@dataclass
class Normalised:
    """The plain view extraction reads: digits, no grouping, no suffixes, words otherwise kept."""

    text: str
    numbers: list[NumberMark] = field(default_factory=list)
    # (normalised start, normalised end, original start, original end) per emitted piece
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        covered = [p for p in self.pieces if p[1] > start and p[0] < end]
        if not covered:
            return start, end
        return covered[0][2], covered[-1][3]


@dataclass(frozen=True)
class Rewrite:
    """One rewritten piece of the display text: display[start:end] stands for source[source_start:source_end]."""

    start: int
    end: int
    source_start: int
    source_end: int
    kind: SpanKind
    value: str  # the number read ("200000", "1.5", "15", "10:30", "89161234567")


@dataclass
class Display:
    text: str
    rewrites: list[Rewrite] = field(default_factory=list)

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The source characters behind display[start:end] when that range lies in one rewrite."""
        for piece in self.rewrites:
            if piece.start <= start and end <= piece.end:
                return piece.source_start, piece.source_end
        return None


# ---------------------------------------------------------------- reading number words


RU_NUMBER_PREFIXES = frozenset(
    w[:3] for w in [*RU_VALUES, *RU_ORDINALS, *RU_MULTIPLIERS, "две", "ста", "одн", "дву", "тре", "пол", "сем", "сор"]
)
RU_ENDINGS = [
    ("ого", "го"),
    ("его", "го"),
    ("ому", "му"),
    ("ему", "му"),
    ("ыми", "ми"),
    ("ими", "ми"),
    ("ых", "х"),
    ("их", "х"),
    ("ым", "м"),
    ("им", "м"),
    ("ом", "м"),
    ("ем", "м"),
    ("ый", "й"),
    ("ий", "й"),
    ("ой", "й"),
    ("ей", "й"),
    ("ая", "я"),
    ("яя", "я"),
    ("ья", "я"),
    ("ое", "е"),
    ("ее", "е"),
    ("ье", "е"),
    ("ые", "е"),
    ("ие", "е"),
    ("ую", "ю"),
    ("юю", "ю"),
    ("ью", "ю"),
]


def ordinal_suffix(word: str) -> str:
    """The ending written after digits for a Russian ordinal: "пятнадцатого" -> "го", "третьей" -> "й"."""
    word = word.lower()
    return next((short for ending, short in RU_ENDINGS if word.endswith(ending)), "й")


@lru_cache(maxsize=50_000)
def _ru_word(word: str) -> tuple[str, int, bool, bool] | None:
    """(kind, value, genitive, weak) of a Russian number word in any case and gender, or None."""
    if word[:3] not in RU_NUMBER_PREFIXES:
        return None
    if word in ("полтора", "полторы", "полутора"):
        return "half", 0, False, False
    if word in ("тыс", "млн", "млрд"):
        return "multiplier", RU_ABBREVIATED[word], False, False
    parses = morph_analyzer().parse(word)
    for rank, parse in enumerate(parses):
        lemma, grammemes = parse.normal_form.replace("ё", "е"), parse.tag.grammemes
        weak = rank > 0 and "Abbr" not in parses[0].tag.grammemes
        if lemma == "один" and word not in ("один", "одна", "одно", "одного", "одной", "одну", "одним", "одному"):
            continue
        if lemma in RU_VALUES and (
            "NUMR" in grammemes or "Anum" in grammemes or lemma in ("один", "два", "ноль", "нуль")
        ):
            return ("zero" if RU_VALUES[lemma] == 0 else "value"), RU_VALUES[lemma], False, weak
        if lemma in RU_ORDINALS or lemma.replace("е", "ё") in RU_ORDINALS:
            value = RU_ORDINALS.get(lemma, RU_ORDINALS.get(lemma.replace("е", "ё"), 0))
            if "Anum" in grammemes or "ADJF" in grammemes:
                genitive = parse.tag.case == "gent" and word.endswith(("ого", "его"))
                return "ordinal", value, genitive, weak
        if lemma in RU_MULTIPLIERS and "NOUN" in grammemes:
            return "multiplier", RU_MULTIPLIERS[lemma], False, weak
    return None


def _en_word(word: str) -> tuple[str, int] | None:
    if word in EN_VALUES:
        return ("zero" if EN_VALUES[word] == 0 else "value"), EN_VALUES[word]
    if word in EN_ORDINALS:
        return "ordinal", EN_ORDINALS[word]
    if word in EN_MULTIPLIERS:
        return "multiplier", EN_MULTIPLIERS[word]
    if word == "hundred":
        return "hundred", 100
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in EN_VALUES and EN_VALUES[parts[0]] >= 20:
        if parts[1] in EN_VALUES and 0 < EN_VALUES[parts[1]] < 10:
            return "value", EN_VALUES[parts[0]] + EN_VALUES[parts[1]]
        if parts[1] in EN_ORDINALS and EN_ORDINALS[parts[1]] < 10:
            return "ordinal", EN_VALUES[parts[0]] + EN_ORDINALS[parts[1]]
    return None


def _read(tokens: list[_Tok], i: int, lang: str) -> _Num | None:
    token = tokens[i]
    text = token.text
    if text[:1].isdigit():
        ordinal = DIGIT_ORDINAL.match(text)
        if ordinal:
            suffix = ordinal.group(2).lower()
            genitive = suffix in ("го", "ого", "его")
            short = suffix if lang == "en" or len(suffix) <= 2 else ordinal_suffix(suffix)
            return _Num(Decimal(ordinal.group(1)), "ordinal", i, suffix=short, genitive=genitive)
        if text.isdigit():
            return _Num(Decimal(text), "value", i, digits=text)
        decimal = DECIMAL.match(text)
        if decimal and _unit_follows(tokens, i, lang, decimals=True):
            return _Num(Decimal(f"{decimal.group(1)}.{decimal.group(2)}"), "value", i, digits=text)
        return None
    if not text[:1].isalpha():
        return None
    word = token.lower.replace("ё", "е") if lang == "ru" else token.lower
    if lang == "ru":
        if word in ("целых", "целая", "целой"):
            return _Num(Decimal(0), "point", i)
        read = _ru_word(word)
        if read is None:
            if word in ("десятых", "десятая", "сотых", "сотая", "тысячных", "тысячная"):
                return _Num(Decimal(0), "fraction", i, suffix=str(RU_FRACTIONS[_lemma(word)]))
            return None
        kind, value, genitive, weak = read
        if (
            kind == "ordinal"
            and _lemma(word) in RU_FRACTIONS
            and i >= 2
            and (_is_fraction_context(tokens, i) or _ru_word_at(tokens, i - 2))
        ):
            return _Num(Decimal(0), "fraction", i, suffix=str(RU_FRACTIONS[_lemma(word)]))
        if kind == "half":
            return _Num(Decimal("1.5"), "value", i)
        suffix = ordinal_suffix(word) if kind == "ordinal" else ""
        return _Num(Decimal(value), kind, i, suffix=suffix, genitive=genitive, weak=weak)
    if word == "point":
        return _Num(Decimal(0), "point", i)
    if word in ("a", "an") and i + 2 < len(tokens) and tokens[i + 2].lower in ("hundred", "thousand", "million"):
        return _Num(Decimal(1), "value", i, weak=True)
    en = _en_word(word)
    if en is None:
        return None
    kind, value = en
    suffix = _en_suffix(value) if kind == "ordinal" else ""
    return _Num(Decimal(value), kind, i, suffix=suffix, weak=word == "oh")


@lru_cache(maxsize=20_000)
def _lemma(word: str) -> str:
    return str(morph_analyzer().parse(word)[0].normal_form)


def _is_fraction_context(tokens: list[_Tok], i: int) -> bool:
    """ "три целых пять десятых": "десятых" after a number that follows "целых"."""
    before = [t.lower for t in tokens[max(0, i - 6) : i] if not t.space]
    return bool({"целых", "целая", "целой", "и"} & set(before))


def _en_suffix(value: int) -> str:
    if value % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def _next_word(tokens: list[_Tok], i: int) -> _Tok | None:
    for token in tokens[i + 1 : i + 3]:
        if not token.space:
            return token
    return None


def _before_month(tokens: list[_Tok], num: _Num, lang: str) -> bool:
    following = _next_word(tokens, num.index)
    month = RU_MONTH if lang == "ru" else EN_MONTH
    return num.kind == "ordinal" and following is not None and bool(month.match(following.lower))


def _prev_word(tokens: list[_Tok], i: int) -> _Tok | None:
    for token in reversed(tokens[max(0, i - 2) : i]):
        if not token.space:
            return token
    return None


def _unit_follows(tokens: list[_Tok], i: int, lang: str, decimals: bool = False) -> bool:
    following = _next_word(tokens, i)
    if following is None:
        return False
    word = following.lower
    if _currency(word, lang) or (RU_PERCENT if lang == "ru" else EN_PERCENT).match(word):
        return True
    if decimals:
        return word in RU_ABBREVIATED or _ru_word(word.replace("ё", "е")) is not None or word in EN_MULTIPLIERS
    return False


def _currency(word: str, lang: str) -> str | None:
    if word in ("₽", "$", "€", "£"):
        return word
    for pattern, symbol in RU_CURRENCY if lang == "ru" else EN_CURRENCY:
        if pattern.match(word):
            return symbol
    return None


# ---------------------------------------------------------------- runs and groups


def _runs(tokens: list[_Tok], lang: str) -> list[list[_Num]]:
    """Number words separated only by spaces (and English "and", Russian "с половиной")."""
    runs: list[list[_Num]] = []
    i = 0
    while i < len(tokens):
        num = _read(tokens, i, lang)
        if num is None:
            i += 1
            continue
        run = [num]
        j = i
        while True:
            k = j + 1
            if k + 1 < len(tokens) and tokens[k].space:
                k += 1
            elif k < len(tokens) and tokens[j].text[-1:].isdigit() and tokens[k].text[:1] in "-":
                break
            else:
                break
            if run[-1].kind == "ordinal" and run[-1].value < 1000:
                break
            nxt = _read(tokens, k, lang)
            if (
                nxt is None
                and lang == "ru"
                and tokens[k].lower == "с"
                and k + 2 < len(tokens)
                and tokens[k + 2].lower.startswith("половин")
                and run[-1].kind in ("value", "multiplier")
            ):
                run.append(_Num(Decimal("0.5"), "half", k + 2))
                j = k + 2
                continue
            if nxt is None and tokens[k].lower in ("и", "and") and k + 4 < len(tokens):
                if lang == "en" and tokens[k + 2].lower == "a" and tokens[k + 4].lower == "half":
                    run.append(_Num(Decimal("0.5"), "half", k + 4))
                    j = k + 4
                    continue
                fraction = _read(tokens, k + 4, lang) if lang == "ru" else None
                if fraction is not None and fraction.kind == "fraction" and run[-1].kind == "value":
                    number = _read(tokens, k + 2, lang)
                    if number is not None and number.kind in ("value", "zero"):
                        run += [_Num(Decimal(0), "point", k), number, fraction]
                        j = k + 4
                        continue
            if nxt is None and lang == "en" and tokens[k].lower == "and" and k + 2 < len(tokens):
                after = _read(tokens, k + 2, lang)
                if (
                    after is not None
                    and after.kind in ("value", "ordinal")
                    and run[-1].kind in ("hundred", "multiplier")
                ):
                    run.append(after)
                    j = k + 2
                    continue
            if nxt is None:
                break
            run.append(nxt)
            j = k
        # a word that is only now and then a number ("семью", "oh", "a") does not stand alone,
        # unless a month follows it: "по второе марта" names a day, "второе блюдо" does not
        if not (len(run) == 1 and run[0].weak and not _before_month(tokens, run[0], lang)):
            while run and run[-1].kind == "value" and run[-1].weak and tokens[run[-1].index].lower in ("a", "an"):
                run.pop()
            if run:
                runs.append(run)
        i = j + 1
    return runs


def _place(value: Decimal) -> Decimal:
    """Words after `value` in one number must be smaller than this ("двадцать" then "пять")."""
    for place in (100, 10):
        if value >= place and value % place == 0:
            return Decimal(place)
    return Decimal(1)


def _compose(run: list[_Num]) -> list[_Group]:
    """Split a run of number words into numbers and add each one up."""
    groups: list[_Group] = []
    group: _Group | None = None
    total = current = Decimal(0)
    limit = mult_limit = Decimal(10**15)
    frac_digits: list[_Num] = []
    in_fraction = False

    def close() -> None:
        nonlocal group, total, current, limit, mult_limit, in_fraction, frac_digits
        if group is not None:
            if in_fraction and frac_digits:
                digits = "".join(str(int(n.value)) for n in frac_digits)
                group.value = total + current + Decimal(f"0.{digits}")
                group.places = len(digits)
            elif not group.ordinal:
                group.value = total + current
            groups.append(group)
        group = None
        total = current = Decimal(0)
        limit = mult_limit = Decimal(10**15)
        in_fraction, frac_digits = False, []

    last_kind = ""
    for position, num in enumerate(run):
        following = run[position + 1] if position + 1 < len(run) else None
        if num.kind == "zero" and following is not None and following.kind == "point":
            num = _Num(Decimal(0), "value", num.index)  # "ноль целых пять десятых"
        previous_kind, last_kind = last_kind, num.kind
        if num.kind == "zero":
            if in_fraction:
                frac_digits.append(num)
                continue
            close()
            groups.append(_Group(num.index, num.index, Decimal(0), zero=True, width=len(num.digits) or 1))
            continue
        if num.kind == "point":
            if group is None or in_fraction:
                close()
                continue
            in_fraction = True
            group.last = num.index
            continue
        if in_fraction:
            if num.kind == "fraction":  # "три целых пять десятых"
                places = int(num.suffix)
                fraction = sum((n.value for n in frac_digits), Decimal(0))
                assert group is not None
                group.value = total + current + fraction / Decimal(10**places)
                group.places = places
                group.last = num.index
                groups.append(group)
                group, total, current = None, Decimal(0), Decimal(0)
                limit = mult_limit = Decimal(10**15)
                in_fraction, frac_digits = False, []
                continue
            if num.kind == "value":
                frac_digits.append(num)
                assert group is not None
                group.last = num.index
                continue
            close()
        if num.kind == "half":
            if group is not None and current + total > 0 and current % 1 == 0:
                current += num.value
                group.last = num.index
                continue
            close()
            continue
        if num.kind == "fraction":
            if group is not None and total == 0 and 0 < current < 10 ** int(num.suffix) and current % 1 == 0:
                group.value = current / Decimal(10 ** int(num.suffix))  # "две десятых" -> 0,2
                group.places, group.last = int(num.suffix), num.index
                groups.append(group)
                group, current, limit, mult_limit = None, Decimal(0), Decimal(10**15), Decimal(10**15)
                continue
            close()
            continue
        if num.kind == "multiplier":
            fits = (
                group is not None and num.value < mult_limit and (current > 0 or total == 0) and not group.digits_only
            )
            fits = fits or (group is not None and group.digits_only and current > 0 and num.value < mult_limit)
            if group is None:
                group = _Group(num.index, num.index, Decimal(0))
            elif not fits:
                close()
                group = _Group(num.index, num.index, Decimal(0))
            total += (current or 1) * num.value
            current = Decimal(0)
            limit = mult_limit = num.value
            group.last = num.index
            group.digits_only = False
            continue
        if num.kind == "hundred":  # English: "two hundred", "a hundred"
            if group is not None and 0 < current < 100 and not group.digits_only:
                current *= 100
            else:
                close()
                group = _Group(num.index, num.index, Decimal(0))
                current = Decimal(100)
            limit = Decimal(100)
            group.last = num.index
            continue
        # a value or an ordinal
        is_digits = bool(num.digits)
        fits = group is not None and num.value < limit and not (is_digits and not group.digits_only and current > 0)
        if group is not None and group.digits_only:
            fits = False  # "8 916": two numbers as written
        if group is not None and is_digits and current == 0 and total > 0 and num.value < limit:
            fits = True  # "2 тысячи 500"
        if fits and total > 0 and current == 0 and total not in (1000, 2000) and _ordinal_ahead(run, position):
            fits = False  # "десять тысяч седьмого декабря": an amount, then a day, not 10007
        if (
            previous_kind == "hundred"
            and num.value < 10
            and following is not None
            and following.kind in ("value", "zero")
            and following.value < 10
        ):
            fits = False  # "eight hundred five five five": a dictated number, not 805
        if not fits:
            close()
            group = _Group(num.index, num.index, Decimal(0), digits_only=is_digits, width=len(num.digits))
        assert group is not None
        group.last = num.index
        if num.kind == "ordinal":
            group.value = total + current + num.value
            group.ordinal, group.genitive, group.suffix = True, num.genitive, num.suffix
            group.digits_only = False
            current = group.value - total
            close()
            continue
        current += num.value
        limit = _place(num.value) if not is_digits else Decimal(1)
        if num.value % 1:
            limit = Decimal(1)
        if is_digits and current >= 1000:
            limit = Decimal(0)
    close()
    return groups


def _ordinal_ahead(run: list[_Num], position: int) -> bool:
    """Whether the words from `position` on end in an ordinal before anything but tens and units."""
    for num in run[position:]:
        if num.kind == "ordinal":
            return True
        if num.kind != "value" or num.value >= 100:
            return False
    return False


# ---------------------------------------------------------------- rendering


def _digits(value: Decimal, places: int = 0, lang: str = "ru") -> str:
    """Plain digits: "200000", "1,5" (Russian decimal comma), "1.5"."""
    if value % 1 == 0:
        return str(int(value))
    text = f"{value:.{max(places, 1)}f}".rstrip("0") if not places else f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "ru" else text


def _grouped(value: Decimal, lang: str, places: int = 0, group_four: bool = False) -> str:
    """Russian: "200 000" (no-break space, four-digit numbers kept whole); English: "200,000"."""
    whole = int(value)
    digits = str(whole)
    if len(digits) >= 5 or (group_four and len(digits) == 4):
        sep = NBSP if lang == "ru" else ","
        parts = []
        while digits:
            parts.append(digits[-3:])
            digits = digits[:-3]
        digits = sep.join(reversed(parts))
    if value % 1:
        # Digits Whisper wrote ("349.99", "12.50") keep the places they were written with.
        written = -int(value.as_tuple().exponent)
        fraction = _digits(value - whole, places or written, lang)
        digits += fraction[1:] if fraction.startswith("0") else fraction
    return digits


@dataclass
class _Piece:
    first: int  # token indices covered
    last: int
    display: str
    plain: list[tuple[int, int, str]]  # token-index ranges and their plain text (extraction view)
    kind: SpanKind
    value: str
    marks: list[tuple[int, Decimal, bool, bool]] = field(default_factory=list)  # (plain piece, value, ordinal, gen)


def _interpret(tokens: list[_Tok], run: list[_Num], groups: list[_Group], lang: str) -> list[_Piece]:
    before = _prev_word(tokens, groups[0].first)
    after = _next_word(tokens, groups[-1].last)
    before_word = before.lower if before else ""
    after_word = after.lower if after else ""
    pieces: list[_Piece] = []
    plain_of = [(g.first, g.last, _plain(tokens, g, lang)) for g in groups]
    marks = [(n, g.value, g.ordinal, g.genitive) for n, g in enumerate(groups) if not g.digits_only or g.ordinal]

    def whole(display: str, kind: SpanKind, value: str) -> _Piece:
        return _Piece(groups[0].first, groups[-1].last, display, plain_of, kind, value, marks)

    if all(g.digits_only and not g.ordinal for g in groups) and len(groups) > 1:
        joined = _written_thousands(tokens, groups, lang, after_word)
        if joined is not None:
            return [
                _Piece(
                    groups[0].first,
                    groups[-1].last,
                    joined[0],
                    [(groups[0].first, groups[-1].last, joined[1])],
                    "number",
                    joined[1],
                )
            ]

    if len(groups) >= 2 and all(not g.ordinal and g.value % 1 == 0 for g in groups):
        time = _time(groups, lang, before_word, after_word)
        if time is not None:
            return [whole(time, "time", time)]
        year = _en_year(groups, lang, before_word, after_word)
        if year is not None:
            return [whole(year, "year", year)]
        if len(groups) >= 3 or any(g.zero for g in groups):
            display, kind, value = _sequence(groups, lang, before_word)
            piece = whole(display, kind, value)
            if display.startswith("+") and before is not None:
                piece.first = tokens.index(before)
            return [piece]
    for n, group in enumerate(groups):
        prev = before_word if n == 0 else ""
        nxt = after_word if n == len(groups) - 1 else ""
        display, kind = _one(tokens, group, lang, prev, nxt, len(groups) > 1)
        plain = [plain_of[n]]
        mark = [(0, group.value, group.ordinal, group.genitive)] if not group.digits_only or group.ordinal else []
        pieces.append(
            _Piece(group.first, group.last, display, plain, kind, _digits(group.value, group.places, "en"), mark)
        )
    return pieces


def _written_thousands(tokens: list[_Tok], groups: list[_Group], lang: str, after: str) -> tuple[str, str] | None:
    """Whisper's "200 000 рублей": digit groups of three after the first are one number."""
    texts = [tokens[g.first].text for g in groups]
    if not all(t.isdigit() for t in texts) or not (1 <= len(texts[0]) <= 3 and all(len(t) == 3 for t in texts[1:])):
        return None
    if not (all(t == "000" for t in texts[1:]) or _currency(after, lang) or RU_PERCENT.match(after)):
        return None
    value = Decimal("".join(texts))
    return _grouped(value, lang), str(int(value))


def _time(groups: list[_Group], lang: str, before: str, after: str) -> str | None:
    """ "в десять тридцать" -> "10:30", "в пятнадцать ноль ноль" -> "15:00", "at three thirty pm" -> "3:30 pm"."""
    hour = groups[0]
    minutes = groups[1:]
    if not (0 <= hour.value <= 23) or hour.zero:
        return None
    if len(minutes) == 1 and not minutes[0].zero and 10 <= minutes[0].value <= 59:
        minute = int(minutes[0].value)
    elif len(minutes) == 1 and minutes[0].digits_only and minutes[0].width == 2 and minutes[0].value < 60:
        minute = int(minutes[0].value)  # Whisper's "15 00"
    elif len(minutes) == 2 and minutes[0].zero and (minutes[1].zero or minutes[1].value < 10):
        minute = int(minutes[1].value)
    else:
        return None
    context_before = RU_TIME_BEFORE if lang == "ru" else EN_TIME_BEFORE
    unit = RU_UNIT_AFTER if lang == "ru" else EN_UNIT_AFTER
    if before not in context_before and not unit.match(after):
        return None
    return f"{int(hour.value)}:{minute:02d}"


def _en_year(groups: list[_Group], lang: str, before: str, after: str) -> str | None:
    """ "in twenty twenty-seven" -> "2027", "nineteen ninety" -> "1990"."""
    if lang != "en" or len(groups) != 2 or groups[0].digits_only:
        return None
    first, second = int(groups[0].value), int(groups[1].value)
    if first not in (19, 20) or not 10 <= second <= 99:
        return None
    if (
        before in ("in", "of", "since", "by", "year", "until", "till", "from")
        or EN_MONTH.match(before)
        or before[:1].isdigit()
    ):
        return f"{first}{second:02d}"
    return None


def _sequence(groups: list[_Group], lang: str, before: str) -> tuple[str, SpanKind, str]:
    """Digits dictated in groups: a phone number, a card number, or digits as they were grouped."""
    chunks: list[str] = []
    single = False  # the last chunk is made of digits said one by one ("пять пять пять" -> "555")
    for g in groups:
        text = "0" * max(g.width, 1) if g.zero else str(int(g.value)).zfill(g.width)
        if chunks and single and len(text) == 1:
            chunks[-1] += text
        else:
            chunks.append(text)
            single = len(text) == 1
    digits = "".join(chunks)
    plus = bool(PHONE_BEFORE.match(before))
    if lang == "ru" and len(digits) == 11 and digits[0] in "78":
        phone = f"{digits[0]} {digits[1:4]} {digits[4:7]}-{digits[7:9]}-{digits[9:]}"
        return ("+" if plus else "") + phone, "phone", digits
    if lang == "ru" and len(digits) == 10 and digits[0] == "9":
        return f"{digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}", "phone", digits
    if lang == "en" and len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", "phone", digits
    if lang == "en" and len(digits) == 11 and digits[0] == "1":
        return ("+" if plus else "") + f"1-{digits[1:4]}-{digits[4:7]}-{digits[7:]}", "phone", digits
    if len(digits) == 16:
        return " ".join(digits[k : k + 4] for k in range(0, 16, 4)), "card", digits
    return " ".join(chunks), "digits", digits


def _one(
    tokens: list[_Tok], group: _Group, lang: str, before: str, after: str, in_sequence: bool
) -> tuple[str, SpanKind]:
    """One number on its own: digits where a reader expects digits, words for a bare small number."""
    value = group.value
    month_after = bool(RU_MONTH.match(after)) if lang == "ru" else bool(EN_MONTH.match(after))
    month_before = bool(RU_MONTH.match(before)) if lang == "ru" else bool(EN_MONTH.match(before))
    source = " ".join(t.text for t in tokens[group.first : group.last + 1] if not t.space)
    unit_after = (
        _currency(after, lang)
        or _percent(after, lang)
        or (RU_UNIT_AFTER if lang == "ru" else EN_UNIT_AFTER).match(after)
    )
    if group.zero:
        return ("0" if in_sequence or unit_after else source), "number"
    if group.ordinal:
        number = str(int(value))
        if lang == "ru":
            if month_after:
                return number, "date"
            if after.startswith("год") and value >= 1000:
                return number, "year"
            day_context = after.startswith("числ") or (
                before in RU_DAY_BEFORE and group.suffix in ("го", "му") and not _is_noun(after)
            )
            if value < 10 and not day_context and not group.digits_only:
                return source, "ordinal"
            return f"{number}-{group.suffix}", ("date" if day_context or group.genitive else "ordinal")
        date_context = month_after or month_before or (after == "of" and _month_two_after(tokens, group.last))
        if value < 10 and not date_context and not group.digits_only:
            return source, "ordinal"
        return f"{number}{_en_suffix(int(value))}", ("date" if date_context else "ordinal")
    if group.digits_only and not _currency(after, lang) and not _percent(after, lang):
        return source, "number"
    if lang == "ru" and month_after and 1 <= value <= 31 and value % 1 == 0:
        return str(int(value)), "date"  # Whisper's "пятнадцать марта"
    money = _currency(after, lang) or _percent(after, lang)
    if value == 1 and not group.digits_only and not money and not in_sequence:
        return source, "number"  # "одну минуту", "one moment": "one" is rarely a quantity to read
    if value < 10 and not (money if value % 1 else unit_after) and not in_sequence:
        return source, "number"  # "пять лет", "полтора часа"
    return _grouped(value, lang, group.places), "number"


def _percent(word: str, lang: str) -> bool:
    return bool((RU_PERCENT if lang == "ru" else EN_PERCENT).match(word))


def _month_two_after(tokens: list[_Tok], last: int) -> bool:
    words = [t for t in tokens[last + 1 : last + 5] if not t.space]
    return len(words) >= 2 and bool(EN_MONTH.match(words[1].lower))


def _plain(tokens: list[_Tok], group: _Group, lang: str) -> str:
    if group.zero:
        return tokens[group.first].text if group.digits_only or group.width else "0"
    if group.digits_only and not group.ordinal:
        return tokens[group.first].text
    return _digits(group.value, group.places, lang)


# ---------------------------------------------------------------- the two views


def _analyse(text: str, lang: str) -> tuple[list[_Tok], list[_Piece]]:
    tokens = [_Tok(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    pieces: list[_Piece] = []
    for run in _runs(tokens, lang):
        groups = _compose(run)
        if groups:
            pieces += _interpret(tokens, run, groups, lang)
    return tokens, sorted(pieces, key=lambda p: p.first)


def _lang(language: str) -> str:
    return "ru" if language.lower().startswith("ru") else "en"


def normalise_numbers(text: str, language: str) -> Normalised:
    """The extraction view: number words as plain digits, everything else as it was."""
    lang = _lang(language)
    tokens, pieces = _analyse(text, lang)
    result = Normalised(text="")
    cursor = 0
    for piece in pieces:
        for token in tokens[cursor : piece.plain[0][0]]:
            _emit(result, token.text, token.start, token.end)
        for n, (first, last, plain) in enumerate(piece.plain):
            if n:
                gap = tokens[piece.plain[n - 1][1] + 1 : first]
                _emit(result, "".join(t.text for t in gap) or " ", tokens[first].start, tokens[first].start)
            begin = len(result.text)
            _emit(result, plain, tokens[first].start, tokens[last].end)
            for index, value, ordinal, genitive in piece.marks:
                if index == n and value % 1 == 0:
                    result.numbers.append(NumberMark(begin, len(result.text), int(value), ordinal, genitive))
        cursor = piece.plain[-1][1] + 1
        for token in tokens[cursor : piece.last + 1]:
            _emit(result, token.text, token.start, token.end)
        cursor = max(cursor, piece.last + 1)
    for token in tokens[cursor:]:
        _emit(result, token.text, token.start, token.end)
    return result


def _emit(result: Normalised, piece: str, start: int, end: int) -> None:
    begin = len(result.text)
    result.text += piece
    result.pieces.append((begin, len(result.text), start, end))


def display_text(text: str, language: str) -> Display:
    """The reader's view: numbers, dates, times, amounts, percentages and phone numbers in digits."""
    lang = _lang(language)
    tokens, pieces = _analyse(text, lang)
    out: list[str] = []
    rewrites: list[Rewrite] = []
    length = 0
    cursor = 0
    n = 0
    while n < len(pieces):
        piece = pieces[n]
        if piece.first < cursor:
            n += 1
            continue
        gap = "".join(t.text for t in tokens[cursor : piece.first])
        out.append(gap)
        length += len(gap)
        display, kind, value, last = piece.display, piece.kind, piece.value, piece.last
        unit = _next_word(tokens, last)
        unit_index = tokens.index(unit) if unit is not None else -1
        if kind == "number" and unit is not None:
            symbol = _currency(unit.lower, lang)
            if symbol:
                display, value, last = _money(display, value, symbol or "", lang), value, unit_index
                kind = "amount"
                cents = _cents(tokens, pieces, n, unit_index, lang)
                if cents is not None:
                    display, value, last, skip = cents[0], cents[1], cents[2], cents[3]
                    display = _money(_with_cents(piece.display, cents[4], lang), value, symbol or "", lang)
                    n += skip
            elif _percent(unit.lower, lang):
                display = f"{display}{NBSP}%" if lang == "ru" else f"{display}%"
                kind, last = "percent", unit_index
        source_start, source_end = tokens[piece.first].start, tokens[last].end
        if display != text[source_start:source_end]:
            rewrites.append(Rewrite(length, length + len(display), source_start, source_end, kind, value))
        out.append(display)
        length += len(display)
        cursor = last + 1
        n += 1
    out.append("".join(t.text for t in tokens[cursor:]))
    return Display("".join(out), rewrites)


def _money(number: str, value: str, symbol: str, lang: str) -> str:
    if lang == "ru":
        return f"{number}{NBSP}{symbol}"
    if "," not in number and len(number.split(".")[0]) == 4 and number.isdigit():
        number = f"{number[0]},{number[1:]}"
    return f"{symbol}{number}"


def _cents(
    tokens: list[_Tok], pieces: list[_Piece], n: int, unit_index: int, lang: str
) -> tuple[str, str, int, int, int] | None:
    """ "сто рублей пятьдесят копеек": the kopecks join the roubles ("100,50 ₽")."""
    if n + 1 >= len(pieces):
        return None
    following = pieces[n + 1]
    between = [t for t in tokens[unit_index + 1 : following.first] if not t.space]
    if between and not (lang == "en" and [t.lower for t in between] == ["and"]):
        return None
    unit = _next_word(tokens, following.last)
    if unit is None or not (RU_KOPEKS if lang == "ru" else EN_CENTS).match(unit.lower):
        return None
    try:
        cents = int(Decimal(following.value))
    except ArithmeticError:
        return None
    if not 0 <= cents < 100 or len(following.value) > 2:
        return None
    return "", f"{pieces[n].value}.{cents:02d}", tokens.index(unit), 1, cents


def _with_cents(number: str, cents: int, lang: str) -> str:
    return f"{number}{',' if lang == 'ru' else '.'}{cents:02d}"


def word_positions(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Each word's (start, end) in `text`, found left to right the way voc.turns joins them;
    (-1, -1) for a word not found."""
    positions: list[tuple[int, int]] = []
    cursor = 0
    for word in words:
        token = word.strip()
        at = text.find(token, cursor) if token else -1
        if at < 0:
            positions.append((-1, -1))
            continue
        cursor = at + len(token)
        positions.append((at, cursor))
    return positions


def display_turn(text: str, words: Sequence[str], language: str) -> tuple[Display, list[list[int]]]:
    """A turn's display text and, for each rewrite, the indices of the words it came from.

    `words` are the recogniser's words in order; each is found in `text` left to right (the way
    voc.turns joins them), so a rewrite's source characters name the words that overlap them.
    """
    display = display_text(text, language)
    positions = word_positions(text, words)
    indices = [
        [i for i, (a, b) in enumerate(positions) if a >= 0 and a < piece.source_end and b > piece.source_start]
        for piece in display.rewrites
    ]
    return display, indices


def add_display_text(turns: Sequence[Turn], language: str) -> list[Turn]:
    """The pipeline stage: every turn gets `display_text` and the spans that map it back to its words."""
    out: list[Turn] = []
    for turn in turns:
        display, word_indices = display_turn(turn.text, [w.word for w in turn.words], language)
        spans = []
        for piece, indices in zip(display.rewrites, word_indices, strict=True):
            timed = [turn.words[i] for i in indices]
            spans.append(
                DisplaySpan(
                    char_start=piece.start,
                    char_end=piece.end,
                    text_start=piece.source_start,
                    text_end=piece.source_end,
                    kind=piece.kind,
                    value=piece.value,
                    words=indices,
                    start=timed[0].start if timed else None,
                    end=max(w.end for w in timed) if timed else None,
                )
            )
        out.append(turn.model_copy(update={"display_text": display.text, "display_spans": spans}))
    return out


@lru_cache(maxsize=20_000)
def _is_noun(word: str) -> bool:
    """ "до второго платежа": the ordinal qualifies a noun, it does not name a day."""
    if not word or not word[:1].isalpha():
        return False
    return "NOUN" in morph_analyzer().parse(word)[0].tag.grammemes


def _ru_word_at(tokens: list[_Tok], i: int) -> bool:
    """A Russian cardinal right before: "две десятых" is a fraction, "в девяностых" an ordinal."""
    if i < 0 or not tokens[i].text[:1].isalpha():
        return False
    read = _ru_word(tokens[i].lower.replace("ё", "е"))
    return read is not None and read[0] in ("value", "zero")
