"""Years and dates said beside personal data ("паспорт ... выдан в 2014 году", "issued in 1998",
"expires on 15.12.2026"), which are facts a task may need and never a piece of the number before them,
whatever was asked.
"""

from __future__ import annotations

import re

from voc.redaction.amounts import money_named_before
from voc.redaction.spans import EN_DAY_ORDINAL, MONTH_STEMS, Run

# "2014 году", "14-м году", "2009 г.", "1998 year": a number with the word for a year after it
_YEAR_WORD_AFTER = re.compile(r"\s*-?(?:го|м|й|ом)?\s*(?:год\w*|гг?\.|г\b|years?\b)", re.IGNORECASE)
# "в 2014", "с 2009", "in 1998", "since 2011": a preposition of time right before a four-digit year
_YEAR_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:в|во|с|со|от|до|in|since|from|of)\s+$", re.IGNORECASE)
_YEARS = range(1900, 2100)
# "15.12.2026", "01/03/21": a day, a month and a year written as a date
_WRITTEN_DATE = re.compile(r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?:19|20)?\d{2}")


# "от 15.12.26", "до 05.06.27", "выдан 15.12.16", "date of birth: 01.03.85": a word that says the
# digits after it are a date
_DATE_NAMED_BEFORE = re.compile(
    r"(?:^|\s)(?:от|с|со|до|на|по|за|к|on|from|until|till|since|by|dated|before|after|"
    r"выдан\w*|issued|рожд\w*|born|дата|date|birth)\s*:?\s*$",
    re.IGNORECASE,
)
# how far (characters) the next group of a number being read out may be from a date-shaped one
_DICTATION_GAP = 30
_MONTHS = re.compile(MONTH_STEMS, re.IGNORECASE)


# "мая 1987", "March 5, 1987", "of June 2001": a month's name right before a four-digit year, a day between
_MONTH_RIGHT_BEFORE = re.compile(
    r"(?:" + _MONTHS.pattern + r")\w*\.?,?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$", re.IGNORECASE
)


def date_shaped_dictation(run: Run, runs: list[Run], text: str) -> bool:
    """A written-date shape with a two-digit year ("22.02.69") that the recogniser made of the first pairs
    of a number read out in pairs ("двадцать два ноль два, шестьдесят девять ноль один, двадцать восемь
    шестьдесят один..."): more dictated digits (4 or more, no date themselves) follow within a few words
    or come right before, no word naming a date stands before it and no month is named between them. A date
    with a four-digit year ("15.12.2026") is always a date."""
    date = _WRITTEN_DATE.fullmatch(text, run.start, run.end)
    if date is None or len(re.sub(r"\D", "", text[date.end("month") : run.end])) != 2:
        return False
    before = text[max(0, run.start - 30) : run.start]
    if _DATE_NAMED_BEFORE.search(before[-20:]) or money_named_before(before):  # "платёж 15.12.26"
        return False
    for other in runs:
        if other is run or len(other.digits) < 4 or _WRITTEN_DATE.fullmatch(text, other.start, other.end):
            continue
        if other.start >= run.end:  # the rest of the number after it, a misheard word or two between
            gap = text[run.end : other.start]
            if len(gap) <= _DICTATION_GAP and not _MONTHS.search(gap) and not money_named_before(gap):
                return True
        elif other.end <= run.start and not re.search(r"\w", text[other.end : run.start]):
            return True  # the number's start right before it
    return False


# "в понедельник 13", "пятницу, 15-го", "Monday the 13th": a weekday right before a day of the month
_WEEKDAY_BEFORE = re.compile(
    r"(?:понедельник\w*|вторник\w*|сред[аыуе]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "13-го января", "15 числа", "the 13th of May": a month or the word for a day of the month after it
# (Whisper writes "пятнадцатого декабря" on a telephone line as "15 в. декабря")
_DAY_NAMED_AFTER = re.compile(r"\s*-?(?:го|е|ое|ого|th|st|nd|rd|в\.)?\s*(?:of\s+)?", re.IGNORECASE)


# "25-го я в командировке", "до 19-го", "on November 30th": a day's ordinal ending (not "-й", which
# dictates digits one by one: "2-й 2-й 5-й"); "марта 28-го" after a month is a year, an expiry's
_DAY_ORDINAL_AFTER = re.compile(r"-?(?:го|ого|е|ое|му|ому)\b|" + EN_DAY_ORDINAL.pattern, re.IGNORECASE)
_RU_MONTH_RIGHT_BEFORE = re.compile(r"(?:" + _MONTHS.pattern + r")\w*\s*$", re.IGNORECASE)


def named_day(run: Run, text: str) -> bool:
    """A number of 1-31 said as a day of the month: after a weekday ("погашу в понедельник 13"),
    before a month or "числа" ("13-го января", "15 числа"), or with a day's ordinal ending ("лучше
    29-го", "November 30th") and no month right before it in Russian ("до марта 28-го" is a year)."""
    ordinal = _DAY_ORDINAL_AFTER.match(text, run.end)
    if ordinal is not None and ordinal.group().startswith("-") and _garbled_day_before_ending(run, text):
        return True
    if len(run.digits) > 2 or not 1 <= int(run.digits) <= 31:
        return False
    if _WEEKDAY_BEFORE.search(text[max(0, run.start - 16) : run.start]):
        return True
    if ordinal is not None and not _YEAR_WORD_AFTER.match(text, run.end):
        english = EN_DAY_ORDINAL.fullmatch(ordinal.group()) is not None
        if english or not _RU_MONTH_RIGHT_BEFORE.search(text[max(0, run.start - 16) : run.start]):
            return True
    after = _DAY_NAMED_AFTER.match(text, run.end)
    rest = text[after.end() if after else run.end :]
    return rest.lower().startswith("числ") or _MONTHS.match(rest) is not None


def _garbled_day_before_ending(run: Run, text: str) -> bool:
    """ "Зарплата придёт 5М-6-го" ("шестого" as Whisper heard it): a run whose last group of 1-31 carries a
    day's case ending is that day, whatever was written before it; a card's digits never take "-го", and
    three digits or more dictated one by one are no day ("8-9-0-3-е-п-5-7-1", "э-э" heard as "е-п")."""
    groups = re.findall(r"\d+", text[run.start : run.end])
    one_by_one = len(groups) >= 3 and all(len(g) == 1 for g in groups)
    return (
        len(groups) > 1
        and not one_by_one
        and len(groups[-1]) <= 2
        and 1 <= int(groups[-1]) <= 31
        and len(run.digits) <= 4
    )


def named_year_or_date(run: Run, text: str) -> bool:
    """A run that is a year or a date by the words around it: a four-digit year (1900-2099) or a
    two-digit one with the word "год" after it, or a four-digit year after "в", "с", "in", "since" or a
    month's name ("Двенадцатое мая 1987"); a date
    written with its day, month and year ("expires on 15.12.2026"); a day of the month (`named_day`)."""
    date = _WRITTEN_DATE.fullmatch(text, run.start, run.end)
    if date is not None and 1 <= int(date["day"]) <= 31 and 1 <= int(date["month"]) <= 12:
        return True
    if named_day(run, text):
        return True
    digits = run.digits
    four_digit_year = len(digits) == 4 and int(digits) in _YEARS
    if (four_digit_year or len(digits) == 2) and _YEAR_WORD_AFTER.match(text, run.end):
        return True
    if four_digit_year and _MONTH_RIGHT_BEFORE.search(text[max(0, run.start - 24) : run.start]):
        return True  # "Двенадцатое мая 1987", "March 5, 1987"
    return four_digit_year and _YEAR_PREPOSITION_BEFORE.search(text[max(0, run.start - 8) : run.start]) is not None
