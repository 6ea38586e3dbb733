"""Card numbers, their last four digits (kept: they identify a card without disclosing it), their
first digits and tails said apart, and the expiry said in digits or words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from voc.redaction.dictation import CODE_DIGITS, DIGIT_WORD, DIGIT_WORDS, ROUND_NUMBER, WEAK_DIGIT_WORDS, digit_runs
from voc.redaction.spans import EN_DAY_ORDINAL, MONTH_STEMS, Found, Run
from voc.redaction.triggers import TRIGGERS
from voc.schemas import RedactionType
from voc.text.itn import display_text

_CARD_TAIL_WINDOW = 25

# The last four digits of a card identify it without disclosing it (PCI DSS lets them be shown)
LAST_FOUR = re.compile(
    r"последн\w*(?: (?:четыр\w*|4))? цифр|последн\w* (?:четыр\w*|4)\b|"
    # "карта заканчивы с на 7-6-3-9": the recogniser's ending and a stray letter
    r"(?:за|о)канчив\w*(?: [^\W\d]\b)?(?: на)?|"
    r"с окончанием(?: на)?|окончание\b|"
    # "счёт с вакончанием 29-46": the recogniser's reduced vowel and a letter before it
    r"с \w?[ао]кончани\w*(?: на)?|на конце|\bending(?: (?:in|with))?|\bends? (?:in|with)|last (?:four |4 )?digits|"
    r"last (?:four|4)"
)
# "Последние семь девять семь восемь", "last 7767": the word "последние" right before four digits
_LAST_RIGHT_BEFORE = re.compile(r"(?:последн\w*|\blast)[\s,:\-–—]*$")
# "Последние четыре — семь девять семь восемь": the ITN joins "четыре" to the digits after it
_FOUR_WORD = re.compile(r"(?:четыре|four|4)\b", re.IGNORECASE)
# "a card ending 5521, the first digits 220070": the first digits of a card named as such, 6 or more of
# them, are a piece of its number (its last four alone may be shown)
FIRST_DIGITS = re.compile(
    r"(?:перв\w*(?: (?:шест\w*|6|четыр\w*|4))? цифр\w*|начина\w*(?: с| на)?|"
    r"first (?:six |6 |four |4 )?digits|starts? with|begins? with|beginning with)[\s,:\-–—]*(?:is |are |—)?[\s]*$"
)
FIRST_DIGITS_MIN = 6
CARD_PIECE_WINDOW = 40  # a card named this close before 4-12 digits: they are a piece of its number
# "До какого месяца и года действует карта?", "How long is the card valid?", "Когда истекает карта?": the
# expiry asked for in other words than "срок действия"; a card must be named ("до какого числа действует
# акция?" is no card)
VALIDITY_QUESTION = re.compile(
    r"(?:до како\w*|до когда|сколько(?: ещ[её])?|how long|until when|till when|through when)[^.!?]{0,40}"
    r"(?:действ|годн|valid|good)|(?:действ|годн|valid|good)\w*[^.!?]{0,30}(?:до како\w*|until when|till when)|"
    # "Когда истекает ваша карта?", "When does the card expire?"
    r"(?:когда|when)[^.!?]{0,40}(?:истека|истеч|законч|expir)"
)
ASKS_CARD_NUMBER = re.compile(
    r"номер\w*\s+(?:\w+\s+)?карт|карт\w*\s+номер|card(?:'s)? number|number (?:on|of) (?:the|your) card"
)
_VALID_UNTIL_MONTH = re.compile(
    r"(?:действует|действительна|годна|срок действия[^.!?]{0,15}?)\s+(?:до|по)\s+(?:конца\s+)?"
    r"(?P<month>(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*)"
    r"|(?:valid (?:thru|through|until)|expires?(?: in| at the end of)?)\s+"
    r"(?P<month_en>january|february|march|april|may|june|july|august|september|october|november|december)"
)
_MONTH = re.compile(rf"\b(?:{MONTH_STEMS})\w*", re.IGNORECASE)
# "Седьмой месяц, двадцать девятый год": a month said by its number
_MONTH_OR_ITS_NUMBER = re.compile(
    _MONTH.pattern
    + r"|\b(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|одиннадцат|двенадцат)\w*\s+месяц\w*",
    re.IGNORECASE,
)
_YEAR_WORD = re.compile(r"\s*(?:год[аеу]?|г\.|year)\b", re.IGNORECASE)


def expiry_ok(digits: str) -> bool:
    return len(digits) in (4, 6) and 1 <= int(digits[:2]) <= 12


def last_four_right_after_the_word(run: Run, text: str, folded: str) -> bool:
    """ "Последние семь девять семь восемь", "last 7767", and "Последние четыре — семь девять семь
    восемь", where the ITN read "четыре" as the first of five digits."""
    if _LAST_RIGHT_BEFORE.search(folded[max(0, run.start - CARD_PIECE_WINDOW) : run.start]) is None:
        return False
    if len(run.digits) == 4:
        return True
    return len(run.digits) == 5 and run.digits[0] == "4" and bool(_FOUR_WORD.match(text, run.start))


def with_expiry_year(text: str, language: str, found: list[Found]) -> list[Found]:
    """ "Ноль шесть, тридцать первый" after "срок действия?": a month found as the expiry, then the year
    said as an ordinal or a number right after it (20-99, or 2000-2099), is one expiry."""
    out = []
    for hit in found:
        if hit.type == "CARD_EXPIRY":
            month = [r for r in digit_runs(text[hit.start : hit.end], language)]
            if len(month) == 1 and len(month[0].digits) == 2 and 1 <= int(month[0].digits) <= 12:
                for piece in display_text(text[hit.end : hit.end + 40], language).rewrites:
                    between = text[hit.end : hit.end + piece.source_start]
                    year = piece.value
                    if re.fullmatch(r"[\s,.\-–—/]*", between) and (
                        (len(year) == 2 and 20 <= int(year) <= 99) or (len(year) == 4 and year.startswith("20"))
                    ):
                        end = hit.end + piece.source_end
                        year_word = _YEAR_WORD.match(text, end)
                        hit = Found("CARD_EXPIRY", hit.start, year_word.end() if year_word else end)
                    break
        out.append(hit)
    return out


# the numbers whose last four digits, named as such, are masked as that number: only a card's may be shown
LAST_FOUR_MASKED: tuple[RedactionType, ...] = ("ACCOUNT_NUMBER", "SSN", "PASSPORT", "SNILS", "INN", "PHONE")


# "тот, что в профиле, на 6601 заканчивается": the four digits said before the verb
_ON_RIGHT_BEFORE = re.compile(r"\b(?:на|но)[\s,]*$")
_ENDS_RIGHT_AFTER = re.compile(r"[\s,.]*(?:за|о)канчива\w*")


def said_as_last_four(run: Run, text: str, folded: str) -> bool:
    """Four digits named as a number's last ("заканчивается на 4156", "на 4156 заканчивается", "last four
    6618", "последние семь девять семь восемь")."""
    if len(run.digits) == 4 and (
        last_four_named(folded[: run.start])
        or (_ON_RIGHT_BEFORE.search(folded[: run.start]) and _ENDS_RIGHT_AFTER.match(folded, run.end))
    ):
        return True
    return last_four_right_after_the_word(run, text, folded)


def last_four_named(before: str) -> bool:
    """ "Card ending 0300", "последние четыре цифры 7767": the words right before four digits say they
    are the card's last four (another number between them ends it)."""
    tail = before[-CARD_PIECE_WINDOW:]
    said = list(LAST_FOUR.finditer(tail))
    # "кредитка заканчивается, на ней написано 0-1-27": the card expires, and what is read off it follows
    return bool(said) and not re.search(r"\d|написан|указан|written|printed", tail[said[-1].end() :])


def card_tail(run: Run, cards: list[Found]) -> bool:
    """Three digits or more, not a round number, within _CARD_TAIL_WINDOW characters after a card number."""
    return (
        len(run.digits) >= CODE_DIGITS
        and not ROUND_NUMBER.fullmatch(run.digits)
        and any(0 <= run.start - card.end <= _CARD_TAIL_WINDOW for card in cards)
    )


def expiry_in_words(text: str, language: str) -> list[Found]:
    """ "до марта двадцать восьмого года" in answer to "срок действия карты?": from the month to the year."""
    months = [(m.start(), m.end()) for m in _MONTH.finditer(text)]
    numbers = [
        (p.source_start, p.source_end, p.kind)
        for p in display_text(text, language).rewrites
        if p.kind in ("date", "year")
    ]
    # "А, ну тогда в марте и займусь" (a month alone), "до девятнадцатого" (a day alone), "до девятнадцатого
    # июня" (a day before its month): dates a task needs, no card's secret. An expiry has a year: said as
    # one, or a number after the month ("до марта двадцать восьмого").
    if not any(kind == "year" or (months and a >= months[0][1]) for a, _, kind in numbers):
        return []
    pieces = months + [(a, b) for a, b, _ in numbers]
    end = max(b for _, b in pieces)
    year_word = _YEAR_WORD.match(text, end)  # "марта двадцать восьмого года": the word "года" with it
    return [Found("CARD_EXPIRY", min(a for a, _ in pieces), year_word.end() if year_word else end)]


# "ноль семь слэш тридцать", "oh nine slash twenty seven", "10/31": what may stand between an expiry's
# month and year
_MONTH_YEAR_GAP = re.compile(r"[\s,.]*(?:(?:/|\\|слэш|слеш|дробь|косая|slash|over)[\s,.]*)?")
_SAID_SLASH = re.compile(r"слэш|слеш|дробь|косая|slash|/")
# "11 28" that the ITN read as a time is a time when a time word follows; "срок до 10 20 дней" is a count
_UNIT_AFTER = re.compile(
    r"[\s,]*(?:час|мин|утра|вечера|дн|ноч|сут|недел|месяц|рабоч|раз|руб|процент|%|"
    r"a\.?m\b|p\.?m\b|o'clock|hours?|minutes?|days?|weeks?|months?|times|percent)",
    re.IGNORECASE,
)
# "дом 12 дробь 25", "apt 12/25": a house or a flat, not a month and a year
_ADDRESS_BEFORE = re.compile(
    r"(?:\bдом|\bд\.|корпус|\bкорп\.?|\bкв\.?|квартир\w*|строени\w*|house|\bapt\.?|apartment|unit|suite)\W*$",
    re.IGNORECASE,
)
# Things with a term of their own, named before a month: its date is theirs, not the card's
_OTHER_TERM = re.compile(
    r"вклад|депозит|договор|акци[яиюей]|полис|страховк|кредит(?!н)|подписк|тариф|гаранти|"
    r"deposit|contract|policy|insurance|loan|subscription|plan\b|warranty|offer|promo",
    re.IGNORECASE,
)
# "June of twenty thirty", "марта 2030 года": what may stand between a month's name and its year
_MONTH_TO_YEAR = re.compile(r"[\s,]*(?:of\s+)?", re.IGNORECASE)


# "срок 09/29", "действует 09 29", "exp 09/29": a bare expiry word right before the month, in talk about a
# card; "до" only before a month said with its zero ("до ноль девять двадцать девять"), as no clock time is
_EXPIRY_WORD_RIGHT_BEFORE = re.compile(
    r"(?:\bсрок\w*|\bдейству\w*|\bдействительн\w*|\bгодн\w*|\bexp\b\.?|\bvalid|\bgood)[\s,:\-–—]*$"
)
_UNTIL_RIGHT_BEFORE = re.compile(r"(?:\bдо|\buntil|\btill|\bthrough|\bthru)[\s,:\-–—]*$")
_ZERO_FIRST = re.compile(r"0|ноль|нуль|oh\b|zero", re.IGNORECASE)
_RIGHT_BEFORE = 15


# "срок на лече 4-29" (the recogniser's words for "срок ноль четыре двадцать девять"): an expiry word, then
# at most two short words it made of the month's first digits, before a month and year written "4-29"
_EXPIRY_WORD_THEN_STRAY = re.compile(
    r"(?:\bсрок\w*|\bдейству\w*|\bдействительн\w*|\bгодн\w*|\bexp(?:ir\w*|\b)|\bvalid|\bgood)"
    r"(?P<stray>(?:[\s,:\-–—]+[^\W\d_]{1,6}){0,2})[\s,:\-–—]*$"
)
_STRAY_WINDOW = 30
# a month of one digit and a year joined by a hyphen or a slash ("4-29", "9/28"): how Whisper writes an
# expiry said "ноль четыре двадцать девять" when it drops the zero
_DAY_OF_MONTH_AFTER = re.compile(r"[\s,]*(?:числ|of the month)", re.IGNORECASE)  # "срок 5-25 числа": days
_MONTH_DASH_YEAR = re.compile(r"(?<![\w.,\-/])(?P<month>[1-9])[-/](?P<year>[2-9]\d)(?![\w\-/]|[.,]\d)")


def expiry_word_before_stray_words(folded: str, at: int) -> int | None:
    """Where the words between an expiry word and `at` begin, if at most two short words stand there (the
    recogniser's words for the month's first digits: masked with it)."""
    window = max(0, at - _STRAY_WINDOW)
    match = _EXPIRY_WORD_THEN_STRAY.search(folded[window:at])
    if match is None:
        return None
    stray = match.group("stray")
    return window + match.start("stray") + len(stray) - len(stray.lstrip(" ,:-–—")) if stray else at


def expiry_word_right_before(text: str, folded: str, at: int) -> bool:
    """An expiry word, or "до" before a month said with its zero, right before the number at `at`."""
    before = folded[max(0, at - _RIGHT_BEFORE) : at]
    if _EXPIRY_WORD_RIGHT_BEFORE.search(before):
        return True
    return bool(_UNTIL_RIGHT_BEFORE.search(before) and _ZERO_FIRST.match(text, at))


def card_then_expiry(text: str, language: str, run: Run) -> tuple[Found, Found] | None:
    """ "Четыре три семь семь ... восемь, 0,9,8,0,9,2,9" to "номер карты и срок действия?": twenty digits
    the ITN joined, sixteen of the card and an expiry (month 01-12, year 20-99) right after them."""
    if len(run.digits) != 20 or not (expiry_ok(run.digits[16:]) and _expiry_year(run.digits[18:])):
        return None
    for word in re.finditer(r"\w+", text[run.start : run.end]):
        end = run.start + word.end()
        count = sum(len(r.digits) for r in digit_runs(text[run.start : end], language))
        if count == 16:
            rest = text[end : run.end]
            expiry_start = end + len(rest) - len(rest.lstrip(" ,.;:-—–"))
            return Found("CARD_NUMBER", run.start, end), Found("CARD_EXPIRY", expiry_start, run.end)
        if count > 16:
            return None
    return None


def _expiry_year(value: str) -> bool:
    return (len(value) == 2 and 20 <= int(value) <= 99) or (len(value) == 4 and value.startswith("20"))


def _numbers_said(text: str, language: str) -> list[tuple[int, int, str]]:
    """Every number in `text` as (start, end, digits): the ITN's numbers, digits and times ("11 28" read
    as 11:28), and digits it left as written, a date's with their dots as one ("15.12.2026")."""
    out: list[tuple[int, int, str]] = []
    for piece in display_text(text, language).rewrites:
        if piece.kind in ("number", "digits", "time", "date", "year", "ordinal"):
            hours, _, minutes = piece.value.partition(":")
            value = f"{hours:0>2}{minutes}" if minutes else piece.value  # "8:27" for "08 27"
            if value.isdigit():
                out.append((piece.source_start, piece.source_end, value))
    for match in re.finditer(r"\d+(?:[.:]\d+)*", text):
        if not any(a <= match.start() < b for a, b, _ in out):
            out.append((match.start(), match.end(), re.sub(r"\D", "", match.group())))
    # "до ноль первого тридцатого": a month said with its zero as an ordinal, which the ITN leaves a "0"
    # and a word ("0 первого"), is the month 01
    for match in _ZERO_ORDINAL_MONTH.finditer(text):
        out = [n for n in out if not match.start() <= n[0] < match.end()]
        out.append((match.start(), match.end(), "0" + _ORDINAL_MONTH_DIGIT[match.group("stem").lower()]))
    return sorted(out)


_ORDINAL_MONTH_DIGIT = {
    "перв": "1", "втор": "2", "трет": "3", "четверт": "4", "четвёрт": "4", "пят": "5", "шест": "6",
    "седьм": "7", "восьм": "8", "девят": "9",
}  # fmt: skip
_ZERO_ORDINAL_MONTH = re.compile(
    r"\b(?:ноль|нуль)[\s,\-]+(?P<stem>"
    + "|".join(_ORDINAL_MONTH_DIGIT)
    + r")(?:ого|ой|ый|ий|ье|ое|ая|ом|ьего|ья|ьем)\b",
    re.IGNORECASE,
)


_ORDINAL_MONTH_NUMBER = {
    **_ORDINAL_MONTH_DIGIT, "десят": "10", "одиннадцат": "11", "двенадцат": "12",
}  # fmt: skip
# "до девятого, тридцатого года", "на двенадцатого двадцать восьмого года": a month said as an ordinal with
# neither its zero nor its name, then a year; a day is never said so (it needs its month)
_ORDINAL_MONTH_THEN = re.compile(
    r"\b(?P<stem>" + "|".join(sorted(_ORDINAL_MONTH_NUMBER, key=len, reverse=True)) + r")(?:ого|его)[\s,]+",
    re.IGNORECASE,
)


def expiry_ordinal_month(text: str, language: str) -> list[Found]:
    """A month as a bare ordinal and a year with its word after it ("девятого, тридцатого года"): the way
    an expiry's "09/30" is read aloud. The caller asks for a card in the call."""
    matches = list(_ORDINAL_MONTH_THEN.finditer(text))
    numbers = _numbers_said(text, language) if matches else []  # the ITN only where a month may stand
    out = []
    for match in matches:
        year = next(((b, v) for a, b, v in numbers if a == match.end()), None)
        year_word = _YEAR_WORD.match(text, year[0]) if year else None
        if year is not None and year_word is not None and len(year[1]) == 2 and _expiry_year(year[1]):
            out.append(Found("CARD_EXPIRY", match.start(), year_word.end()))
    return out


def expiry_in_two_numbers(
    text: str,
    language: str,
    expected: Callable[[int], bool],
    card_just_named: Callable[[int], bool],
    expected_after_stray_words: Callable[[int], int | None] = lambda at: None,
) -> list[Found]:
    """An expiry said as a month (01-12) and a year (20-99 or 20xx), with a space, a comma, a slash or a
    spoken "слэш"/"дробь"/"slash" between ("Ноль семь слэш тридцать", "срок до 11 28", "valid through
    11/27"), or as four digits with a month first: where an expiry is `expected` (a trigger or the
    question), or with a said slash right after a card or its number (not "дом 12 дробь 25"). A time
    or a count with its unit after it stays ("до 10 30 утра", "в срок до 10 20 дней"). A month of one digit
    joined to its year ("4-29") counts where `expected_after_stray_words`: the recogniser garbled the words
    between the expiry word and it ("срок на лече 4-29")."""
    numbers = _numbers_said(text, language)
    # "ль девять, двадцать девятого года" for "ноль девять, ...": the month's zero lost, its digit left a
    # word the ITN does not rewrite alone; where an expiry is expected it is the month 09
    numbers = sorted(
        numbers
        + [
            (m.start(), m.end(), "0" + DIGIT_WORDS[m.group().lower()])
            for m in DIGIT_WORD.finditer(text)
            if m.group().lower() not in WEAK_DIGIT_WORDS
            and DIGIT_WORDS[m.group().lower()] != "0"
            and not any(a <= m.start() < b for a, b, _ in numbers)
            and expected(m.start())
        ]
    )
    out: list[Found] = []
    for i, (start, end, month) in enumerate(numbers):
        if out and start < out[-1].end:
            continue
        if len(month) == 4 and expected(start) and expiry_ok(month) and _expiry_year(month[2:]):
            if not _UNIT_AFTER.match(text, end):
                out.append(Found("CARD_EXPIRY", start, end))
            continue
        if len(month) != 2 or not 1 <= int(month) <= 12 or i + 1 == len(numbers):
            continue
        year_start, year_end, year = numbers[i + 1]
        gap = text[end:year_start]
        if not (_MONTH_YEAR_GAP.fullmatch(gap) and _expiry_year(year)):
            continue
        said_with_card = card_just_named(start) and _SAID_SLASH.search(gap)
        if (expected(start) or said_with_card) and not (
            _UNIT_AFTER.match(text, year_end) or _ADDRESS_BEFORE.search(text[:start])
        ):
            year_word = _YEAR_WORD.match(text, year_end)
            out.append(Found("CARD_EXPIRY", start, year_word.end() if year_word else year_end))
    # "срок на лече 4-29": a month of one digit and its year, after an expiry word and stray words
    for match in _MONTH_DASH_YEAR.finditer(text):
        if any(f.start < match.end() and match.start() < f.end for f in out):
            continue
        begins = expected_after_stray_words(match.start())
        if begins is not None and not (
            _UNIT_AFTER.match(text, match.end()) or _DAY_OF_MONTH_AFTER.match(text, match.end())
        ):
            out.append(Found("CARD_EXPIRY", begins, match.end()))
    # "срок 0-9-29": four digits the recogniser split in other places than between month and year
    for run in digit_runs(text, language):
        if any(f.start < run.end and run.start < f.end for f in out):
            continue
        if (
            len(run.digits) == 4
            and expected(run.start)
            and expiry_ok(run.digits)
            and _expiry_year(run.digits[2:])
            and not _UNIT_AFTER.match(text, run.end)
        ):
            out.append(Found("CARD_EXPIRY", run.start, run.end))
    return sorted(out, key=lambda f: f.start)


def expiry_month_named(text: str, language: str, expected: Callable[[int], bool]) -> list[Found]:
    """ "До марта двадцать девятого года, как там написано", "June of twenty thirty", "марта 2030 года":
    a month's name and a year right after it, where an expiry is expected. A day before the month ("12
    мая 2015 года") makes it a date, which stays, and so does the term of a deposit, a policy, a loan
    named right before the month."""
    numbers = _numbers_said(text, language)
    out = []
    for month in _MONTH_OR_ITS_NUMBER.finditer(text):
        if _OTHER_TERM.search(text[max(0, month.start() - CARD_PIECE_WINDOW) : month.start()]):
            continue  # "А вклад действует до марта двадцать девятого года?": another thing's term
        if not expected(month.start()) or any(0 <= month.start() - b <= 2 for _, b, _ in numbers):
            continue  # "двенадцатого мая": a day and a month
        gap = _MONTH_TO_YEAR.match(text, month.end())
        year = next(((a, b, v) for a, b, v in numbers if gap is not None and a == gap.end()), None)
        if year is None or not _expiry_year(year[2]) or EN_DAY_ORDINAL.match(text, year[1]):
            continue  # "expires on November 30th": a day of the month, no year
        year_word = _YEAR_WORD.match(text, year[1]) or re.compile(r"-?го\b").match(text, year[1])
        out.append(Found("CARD_EXPIRY", month.start(), year_word.end() if year_word else year[1]))
    return out


def card_valid_until_month(text: str, folded: str, language: str, found: list[Found]) -> list[Found]:
    """ "Карта действует до марта двадцать восьмого года": a month and a year (no day) right after
    "действует до"/"срок действия" with a card named before it is the card's expiry. A day and month
    ("до 31 января") is a date a task may need, and stays."""
    out = []
    for match in _VALID_UNTIL_MONTH.finditer(folded):
        group = "month" if match.group("month") else "month_en"
        month_start, month_end = match.start(group), match.end(group)
        if not TRIGGERS["CARD_NUMBER"].search(folded[max(0, match.start() - 60) : month_start]):
            continue
        if any(f.start <= month_start < f.end for f in found):
            continue
        tail = expiry_in_words(text[month_start : month_start + 40], language)
        if tail and month_start + tail[0].end > month_end:  # a year follows: "до марта 28-го года"
            out.append(Found("CARD_EXPIRY", month_start, month_start + tail[0].end))
    return out
