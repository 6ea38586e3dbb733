"""Dictated digits read once from a turn (docs/redaction.md, "How"): the ITN's digit rewrites, digits
the recogniser wrote, digit words the ITN left alone and one-digit ordinals in a row, joined into
runs where only spaces and punctuation stand between them.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from voc.redaction.amounts import AMOUNT_BEFORE_CURRENCY, COUNT_UNIT_AFTER, SIGNED_AMOUNT, spoken_amount
from voc.redaction.spans import Run
from voc.text.itn import display_text

# ITN rewrites whose value is a plain digit string someone dictated; dates, amounts, times,
# percents and years are the facts tasks need and never become personal data here.
_DIGIT_KINDS = {"number", "digits", "card", "phone"}
# Sounds of hesitation, never words of their own ("восемь... э-э... девятьсот", "м-м", "um")
HESITATION = re.compile(r"э+|м+|хм+|гм+|um+|uh+|hm+|erm?|ah+", re.IGNORECASE)
# what may stand between the items of one dictation: separators and hesitation
_JOIN = re.compile(r"(?:[\s,.\-–—/()\u00a0…]|(?<!\w)(?:" + HESITATION.pattern + r")(?!\w))*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# A one-letter or filler word the recogniser puts between the groups of a slow read-out ("один в сто
# сорок, двадцать два, ноль в восемь"): it joins two runs only when together they are as long as a phone
_STRAY_WORD_GAP = re.compile(r"[\s,.\-–—…]*(?<!\w)(?:в|и|а|э|ну|да|вот|and|a|uh)(?!\w)[\s,.\-–—…]*", re.IGNORECASE)
_STRAY_JOINED_DIGITS = 10
DIGIT_WORDS = {
    **dict.fromkeys(("ноль", "нуль"), "0"), **dict.fromkeys(("один", "одна", "раз"), "1"),
    **dict.fromkeys(("два", "две"), "2"), "три": "3", "четыре": "4", "пять": "5", "шесть": "6", "семь": "7",
    "восемь": "8", "девять": "9", **dict.fromkeys(("zero", "oh"), "0"), "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    # how the recogniser writes a digit word on a telephone line, which no other word is spelt like
    "веять": "9", "ныль": "0", "ныли": "0",
}  # fmt: skip
DIGIT_WORD = re.compile(r"(?<![\w])(?:" + "|".join(DIGIT_WORDS) + r")(?![\w])", re.IGNORECASE)
# Digit words that are often no digit ("ещё раз", "oh", "one of them"): they join a run only beside another digit word
WEAK_DIGIT_WORDS = {"раз", "одна", "oh", "one"}
# A dictation the recogniser wrote as ordinals: "2-й 2-й 5-й 6-й", "второй пятый шестой"
_ORDINAL = re.compile(
    r"(?<![\w-])(?:(?P<digit>\d)-?(?:й|я|е|ой|ый|ий|ая|ое|го)"
    r"|(?P<word>нулев|перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят)(?:ой|ый|ий|ая|ья|ое|ье))(?![\w])",
    re.IGNORECASE,
)
_ORDINAL_WORD_DIGIT = {
    "нулев": "0", "перв": "1", "втор": "2", "трет": "3", "четвёрт": "4", "четверт": "4", "пят": "5", "шест": "6",
    "седьм": "7", "восьм": "8", "девят": "9",
}  # fmt: skip
_DICTATION_AFTER = re.compile(
    r"[\s,.\-–—]*(?:\d|" + "|".join(DIGIT_WORDS) + r"|\w+(?:дцать|десят|сто|ста|сот))", re.IGNORECASE
)
ORDINAL_DICTATION = 4  # this many one-digit ordinals in a row (not "1-й, 2-й, 3-й, 4-й") are a dictated number

# Digits the recogniser wrote as digits, joined by any separator: "8.03.04.2021.03.06.06.00" is a phone
# read out, not a date, whatever the ITN made of it. Longer than any date, time or amount it is
# someone's number.
RAW_DIGIT_STREAM = re.compile(r"\d(?:[\s,.\-/:()\u00a0]*\d)*")
STREAM_DIGITS = 11
# A reply of nothing but this many digits (",1,2,9.") is a code or an expiry, whatever was asked
CODE_DIGITS = 3
ROUND_NUMBER = re.compile(r"[1-9]0+")


@lru_cache(maxsize=4096)
def digit_runs(text: str, language: str) -> tuple[Run, ...]:
    # (start, end, digits, source): "itn"/"raw" digits, a digit "word" the ITN left, an "ordinal"
    items: list[tuple[int, int, str, str]] = []
    display = display_text(text, language)
    covered: list[tuple[int, int]] = []
    for piece in display.rewrites:
        covered.append((piece.source_start, piece.source_end))
        if (
            piece.kind in _DIGIT_KINDS
            and piece.value.isdigit()
            and not spoken_amount(
                text,
                piece.source_start,
                piece.source_end,
                dictation_goes_on=_DICTATION_AFTER.match(text, piece.source_end) is not None,
            )
        ):
            items.append((piece.source_start, piece.source_end, piece.value, "itn"))
    for pattern in (SIGNED_AMOUNT, AMOUNT_BEFORE_CURRENCY):
        covered.extend(m.span() for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in covered))
    ordinals = _ordinals_in_a_row(text, covered)
    covered.extend((a, b) for a, b, _, _ in ordinals)
    items.extend(ordinals)
    for match in _DIGITS.finditer(text):
        if not any(a <= match.start() < b for a, b in covered):
            items.append((match.start(), match.end(), match.group(), "raw"))
    items.extend(_digit_words_left(text, covered))
    items = _with_repeat_words(text, sorted(items))
    runs = []
    for group in _joined_in_a_row(text, items):
        # a lone digit word is a word ("семь дней"); beside other digits it is one of them ("семь, 373")
        if len(group) == 1 and group[0][3] == "word":
            continue
        if all(source == "word" for *_, source in group) and all(
            text[a:b].lower() in WEAK_DIGIT_WORDS for a, b, _, _ in group
        ):
            continue  # "ещё раз" alone, "one, one"...
        ordinal = [digits for *_, digits, source in group if source == "ordinal"]
        runs.append(Run(group[0][0], group[-1][1], "".join(i[2] for i in group), "".join(ordinal)))
    return tuple(_across_stray_words(text, runs))


# English dictation says a repeated digit once with a word for how often ("double seven three" is 773,
# "oh one double four" ends 044); the word goes with the digit after it, as its first digit repeated
_REPEAT_WORD = re.compile(r"(?<![\w-])(?P<word>double|triple)[\s\-]*$", re.IGNORECASE)
_REPEATS = {"double": 1, "triple": 2}
# "double 2 hours", "triple 3 points": a quantity doubled, no digit said twice
_QUANTITY_AFTER = re.compile(
    r"[\s,]*(?:hours?|minutes?|days?|weeks?|months?|years?|times|dollars?|bucks?|percent|%|pounds?|euros?|"
    r"cents?|points?|people|persons?|nights?|rooms?|beds?)\b",
    re.IGNORECASE,
)


def _with_repeat_words(text: str, items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    out = []
    for start, end, digits, source in items:
        repeat = _REPEAT_WORD.search(text, max(0, start - 12), start)
        quantity = _QUANTITY_AFTER.match(text, end) or COUNT_UNIT_AFTER.match(text, end)
        if repeat is not None and digits and source != "ordinal" and not quantity:
            extra = digits[0] * _REPEATS[repeat.group("word").lower()]
            # no longer a lone word: "double seven" alone is a number said, not "seven" in a sentence
            out.append((repeat.start(), end, extra + digits, "raw" if source == "word" else source))
        else:
            out.append((start, end, digits, source))
    return out


def _across_stray_words(text: str, runs: list[Run]) -> list[Run]:
    """Runs with a stray word between them (_STRAY_WORD_GAP) joined, where the joined digits are as many
    as a phone's (10 or more) and no piece is that long alone: no time, amount or count said with a "в" or an
    "и" between is that long, and a whole number keeps the time said after it ("89161234567 в 5 часов")."""
    out: list[Run] = []
    chain: list[Run] = []
    for run in [*runs, None]:
        if (
            run is not None
            and chain
            and _STRAY_WORD_GAP.fullmatch(text[chain[-1].end : run.start])
            and max(len(chain[-1].digits), len(run.digits)) < _STRAY_JOINED_DIGITS
        ):
            chain.append(run)
            continue
        if len(chain) > 1 and sum(len(r.digits) for r in chain) >= _STRAY_JOINED_DIGITS:
            ordinal = "".join(r.ordinal_digits for r in chain)
            out.append(Run(chain[0].start, chain[-1].end, "".join(r.digits for r in chain), ordinal))
        else:
            out.extend(chain)
        chain = [] if run is None else [run]
    return out


def _ordinals_in_a_row(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """One-digit ordinals said one after another ("2-й 2-й 5-й 6-й", "второй пятый"): a dictation the
    recogniser wrote as ordinals. One ordinal alone ("5-й этаж") is an ordinal."""
    found = []
    for m in _ORDINAL.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        digit = m.group("digit") or _ORDINAL_WORD_DIGIT[m.group("word").lower()]
        found.append((m.start(), m.end(), digit, "ordinal"))
    return [item for group in _joined_in_a_row(text, found) if len(group) >= 2 for item in group]


def _joined_in_a_row(text: str, items: list[tuple[int, int, str, str]]) -> list[list[tuple[int, int, str, str]]]:
    """`items` (in text order) grouped where only a separator a dictation uses (_JOIN) stands between."""
    groups: list[list[tuple[int, int, str, str]]] = []
    for item in items:
        # "поручение 88-21453, 40 лотов": a count of things is a quantity, no group of the number before it
        if groups and _JOIN.fullmatch(text[groups[-1][-1][1] : item[0]]) and not COUNT_UNIT_AFTER.match(text, item[1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _digit_words_left(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Digit words the ITN left as words ("Четыре, восемь, один, пять": commas between single
    digits; "семь" before the "373" the ITN read)."""
    return [
        (m.start(), m.end(), DIGIT_WORDS[m.group().lower()], "word")
        for m in DIGIT_WORD.finditer(text)
        if not any(a <= m.start() < b for a, b in covered)
    ]


def counting(digits: str) -> bool:
    """ "1-й, 2-й, 3-й, 4-й": items counted, each one more than the last."""
    return all(int(b) == int(a) + 1 for a, b in itertools.pairwise(digits))


def dictated_code(left: list[Run]) -> bool:
    """Three or more digits said as a code: "357", ",1,2,9."; not a round number ("триста")."""
    digits = "".join(r.digits for r in left)
    return len(digits) >= CODE_DIGITS and not ROUND_NUMBER.fullmatch(digits)


# Whisper's sign of digits dictated one at a time: it writes them joined by hyphens or dots ("4-4-1-9",
# "0-9-29", "Мойпин 4.0.4.0", "2-0-2-5-5-0164"). Dates, amounts and times are said as numbers and never
# written that way; in English a digit it could not make out may come as the letter "I" or "O"
# ("I-I-I-0164", "4-4-1-I"), and a digit heard as a word may be glued to the chain ("Niro-1-6-4").
_ONE_BY_ONE_TOKEN = {"ru": r"\d+", "en": r"(?:\d+|[IO])"}
_ONE_BY_ONE = {
    lang: re.compile(
        rf"(?<![\w.,\-/:])(?:[^\W\d_]+-)?{token}(?:(?P<sep>[-.]){token})(?:(?P=sep){token})+(?:-[^\W\d_]+)?(?![\w\-/:]|[.,]\d)"
    )
    for lang, token in _ONE_BY_ONE_TOKEN.items()
}
_ONE_BY_ONE_SLOTS = 3  # digits (and letters standing for digits) in the chain
_ONE_BY_ONE_SINGLES = 2  # of its pieces, this many are one digit: "219-09-9998" is grouped, not one by one
# with dots, three and the first: a version or an address ("2.13.0", "127.0.0.1") has fewer or begins longer
_ONE_BY_ONE_SINGLES_DOTTED = 3
_YEAR = re.compile(r"(?:19|20)\d\d")  # "1.2.2026", "5-6-2027", "2026-3-1": a date written with its year
# what numbers its items or a version that way ("пункт 3.1.2", "version 2.0.1", "статья 14.1.5")
_NUMBERING_BEFORE = re.compile(
    r"(?:верси|пункт|\bп\.|стать|\bст\.|раздел|глав[аеуы]|параграф|подпункт|"
    r"version|section|chapter|clause|paragraph|article|step|item|rule)\w*\W{0,3}$",
    re.IGNORECASE,
)


def numbered_item(text: str, start: int) -> bool:
    """A word that numbers items or versions ends right before `start` ("пункты 3, 5, 7", "version 2.0.1")."""
    return bool(_NUMBERING_BEFORE.search(text[max(0, start - 20) : start]))


# ... or, as often, single digits with a space or a comma between ("был 2 0 8 5 или нет", "Да, кот. 5, 8,
# 2, 0, 1, 7."): no date, amount, time or count is written as four lone digits in a row
_SPACED_SINGLE_DIGITS = re.compile(r"(?<![\w.,\-/:])\d(?:,? \d){3,}(?![\w\-/:]|[.,]\d|,? \d)")


def dictated_one_by_one(text: str, language: str) -> list[tuple[int, int]]:
    """The spans of digits written one by one with hyphens or dots between (the glued word or letter
    included): three digits or more, two of the pieces single digits (with dots three, the first among
    them), one a real digit; not a date with its year nor a counting ("1-2-3")."""
    out = []
    for match in _ONE_BY_ONE["ru" if language == "ru" else "en"].finditer(text):
        pieces = re.split(r"[-.]", match.group())
        inner = [p for p in pieces if p.isdigit() or p in ("I", "O")]
        slots = sum(len(p) if p.isdigit() else 1 for p in inner)
        digits = "".join(p for p in inner if p.isdigit())
        singles = sum(len(p) == 1 for p in inner)
        dotted = match.group("sep") == "."
        if (
            slots >= _ONE_BY_ONE_SLOTS
            and singles >= (_ONE_BY_ONE_SINGLES_DOTTED if dotted else _ONE_BY_ONE_SINGLES)
            and not (dotted and len(inner[0]) > 1)
            and digits
            and not (len(inner) == 3 and (_YEAR.fullmatch(inner[-1]) or _YEAR.fullmatch(inner[0])))
            and not (len(digits) == len(inner) and counting(digits))
            and not _NUMBERING_BEFORE.search(text[max(0, match.start() - 20) : match.start()])
        ):
            out.append(match.span())
    for match in _SPACED_SINGLE_DIGITS.finditer(text):
        digits = re.sub(r"[, ]", "", match.group())
        if not counting(digits) and not _NUMBERING_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
            out.append(match.span())
    return sorted(out)
