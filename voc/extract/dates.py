"""Date mentions in a normalised sentence, resolved against the call date.

natasha finds day-and-month dates ("15 марта 2027", "15.03.2027") in Russian; the rest (month
level, relative expressions, weekdays, a lone "тридцатого", and English) are patterns here.
Resolution rules (the gold set in tests/data/tasks follows the same ones):
- a date without a year is the next such date on or after the call date, unless it fell in the
  few weeks before the call ("платёж был двадцать пятого августа" said on 30 August): that is
  the past date, a fact and no task, not next year's;
- "в апреле" / "in April" is the 1st of the month, "в конце декабря" its last day, "в середине"
  the 15th, "в начале" the 1st;
- a weekday is the next one strictly after the call date, "в следующую пятницу" / "next Friday" that
  day of the next calendar week; "до конца недели" is that week's Friday
  (Sunday when the call is already on a weekend); "на следующей неделе" the next Monday;
  "до конца месяца", "в последний день месяца" the month's last day, "до конца года" 31 December;
- "после 20 декабря" is the day after.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import relativedelta

from voc.extract.morph import natasha_extractors
from voc.extract.numbers import Normalised, NumberMark

Precision = Literal["day", "part", "month"]
AHEAD_KINDS = {
    "after", "within", "within_day", "next_week", "next_month", "week_end", "next_week_end", "next_month_end",
    "month_end", "year_end", "tomorrow"
}  # fmt: skip
Adder = Callable[[int, int, "dt.date | None", Precision], None]


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets in the normalised text
    end: int
    value: dt.date | None  # None: the date does not exist ("30 февраля")
    precision: Precision
    text: str
    kind: str = "absolute"

    @property
    def certainly_ahead(self) -> bool:
        """Said relative to now ("завтра", "через неделю"): ahead of the call even in a past-tense sentence."""
        return self.kind in AHEAD_KINDS and self.value is not None


RU_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
RU_MONTH = (
    r"(январ[ьяюе]|феврал[ьяюе]|март[аеу]?|апрел[ьяюе]|ма[йяюе]|июн[ьяюе]|июл[ьяюе]|август[аеу]?"
    r"|сентябр[ьяюе]|октябр[ьяюе]|ноябр[ьяюе]|декабр[ьяюе])"
)
EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
EN_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
RU_WEEKDAYS = ["понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресен"]
EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RU_UNITS = {"д": "days", "ден": "days", "недел": "weeks", "месяц": "months", "год": "years", "лет": "years"}

RU_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(r"\b(?:в|к|до|под)\s+(конц|начал|середин)\w*\s+" + RU_MONTH + r"(?:\s+(\d{4}))?")),
    ("week_end", re.compile(r"\b(?:до|к|в)\s+конц\w*\s+(?:этой\s+)?недели\b")),
    # "к концу следующей недели": the Friday of the next calendar week
    ("next_week_end", re.compile(r"\b(?:до|к|в)\s+конц\w*\s+следующей\s+недели\b")),
    # "двадцать восьмого этого месяца", "третьего числа следующего месяца"
    ("day_of_month", re.compile(r"\b(\d{1,2})\s+(?:числа\s+)?(этого|текущего|следующего)\s+месяца\b")),
    ("month_end", re.compile(r"\b(?:до|к|в)\s+конц\w*\s+(?:этого\s+)?месяца\b|\bв\s+последний\s+день\s+месяца\b")),
    ("year_end", re.compile(r"\b(?:до|к|в)\s+конц\w*\s+(?:этого\s+)?года\b")),
    # "во вторник на следующей неделе": that weekday of the next calendar week
    (
        "weekday_next_week",
        re.compile(
            r"\b(понедельник|вторник|сред[уае]|четверг|пятниц[уае]|суббот[уае]|воскресень[ея])\s+на\s+следующей\s+неделе"
        ),
    ),
    ("next_week", re.compile(r"\b(?:на|в\s+начале)\s+следующей\s+недел\w+")),
    # "до конца следующего месяца": its last day
    ("next_month_end", re.compile(r"\b(?:до|к|в)\s+конц\w*\s+следующего\s+месяца\b")),
    ("next_month", re.compile(r"\b(?:в|на)\s+следующем\s+месяце\b")),
    # "до апреля 2028 года", and the short "до апреля двадцать восьмого года"
    ("month", re.compile(r"\b(?:в|во|до|с|на|к|по)\s+" + RU_MONTH + r"(?:\s+(\d{4}|\d{2}(?=\s+год)))?\b")),
    ("relative", re.compile(r"\b(сегодня|завтра|послезавтра|вчера|позавчера)\b")),
    ("within_day", re.compile(r"\bчерез\s+(?:\d+\s+)?(?:час\w*|минут\w*|полчаса)\b")),
    ("after", re.compile(r"\bчерез\s+(?:(\d+|пару)\s+)?(дн\w*|день|недел\w*|месяц\w*|год\w*|лет)\b")),
    # "проверка займёт до трёх рабочих дней": the time something takes, counted like "в течение"
    (
        "within",
        re.compile(
            r"\b(?:в\s+течени[ие]|(?:займ[её]т|занимает|потребует(?:ся)?|продлится)\s+(?:\w+\s+)?до)\s+"
            r"(?:(\d+|пары)\s+)?(рабочих\s+)?(дн\w*|день|недел\w*|месяц\w*)\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(следующ\w*|эт\w+|прошл\w+|ближайш\w+)\s+)?"
            r"(понедельник\w*|вторник\w*|сред[уае]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*)\b"
        ),
    ),
]
EN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("numeric", re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b")),
    ("day_month", re.compile(r"\b(\d{1,2})(?:\s+of)?\s+" + EN_MONTH + r"\b(?:,?\s+(\d{4}))?")),
    ("month_day", re.compile(r"\b" + EN_MONTH + r"\s+(?:the\s+)?(\d{1,2})\b(?:,?\s+(\d{4}))?")),
    ("part", re.compile(r"\b(end|beginning|start|middle)\s+of\s+" + EN_MONTH + r"\b(?:\s+(\d{4}))?")),
    # "the 28th of this month", "the 3rd of next month"
    ("day_of_month", re.compile(r"\b(\d{1,2})\s+of\s+(this|the|next)\s+month\b")),
    ("part_short", re.compile(r"\b(early|late|mid)[-\s]+" + EN_MONTH + r"\b(?:\s+(\d{4}))?")),
    ("week_end", re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the|this)\s+week\b")),
    ("next_week_end", re.compile(r"\b(?:the\s+)?end\s+of\s+next\s+week\b")),
    (
        "month_end",
        re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the|this)\s+month\b|\bthe\s+last\s+day\s+of\s+the\s+month\b"),
    ),
    ("year_end", re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the|this)\s+year\b")),
    (
        "weekday_next_week",
        re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:of\s+)?next\s+week\b"),
    ),
    ("next_week", re.compile(r"\b(?:early\s+)?next\s+week\b")),
    ("next_month_end", re.compile(r"\b(?:the\s+)?end\s+of\s+next\s+month\b")),
    ("next_month", re.compile(r"\bnext\s+month\b")),
    ("month", re.compile(r"\b(?:in|by|until|till|from|before|since)\s+" + EN_MONTH + r"\b(?:\s+(\d{4}))?")),
    ("relative", re.compile(r"\b(today|tonight|the day after tomorrow|tomorrow|yesterday)\b")),
    ("within_day", re.compile(r"\bin\s+(?:an?|\d+|half\s+an)\s+(?:hours?|minutes?)\b")),
    ("after", re.compile(r"\bin\s+(\d+|a|an|a couple of|a few)\s+(days?|weeks?|months?|years?)\b")),
    (
        "within",
        re.compile(r"\bwithin\s+(\d+|a|an|a couple of|a few)\s+(working\s+|business\s+)?(days?|weeks?|months?)\b"),
    ),
    (
        "weekday",
        re.compile(r"\b(?:(next|this|last|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ),
]
DATE_HINT = re.compile(RU_MONTH + r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
RELATIVE_DAYS = {
    "сегодня": 0,
    "завтра": 1,
    "послезавтра": 2,
    "вчера": -1,
    "позавчера": -2,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "the day after tomorrow": 2,
    "yesterday": -1,
}
PART_DAY = {
    "конц": -1,
    "начал": 1,
    "середин": 15,
    "end": -1,
    "beginning": 1,
    "start": 1,
    "middle": 15,
    "late": -1,
    "early": 1,
    "mid": 15,
}


def month_number(word: str) -> int:
    word = word.lower()
    table = RU_MONTHS if word[0] >= "а" else EN_MONTHS
    for stem, number in table.items():
        if word.startswith(stem):
            return number
    raise ValueError(word)


def plausible_year(year: int, call_date: dt.date) -> bool:
    """Whisper mishears "две тысячи двадцать седьмого" as "1927": such a year is dropped, not believed."""
    return call_date.year - 30 <= year <= call_date.year + 30


RECENT_PAST_DAYS = 45


def resolve_day(day: int, month: int, year: int | None, call_date: dt.date) -> dt.date | None:
    """The date, or None when no such day exists; without a year, the next one on or after the call,
    or the one just past when it fell within RECENT_PAST_DAYS before the call."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None and not plausible_year(year, call_date):
        year = None
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    for candidate in range(call_date.year - 1, call_date.year + 5):
        try:
            date = dt.date(candidate, month, day)
        except ValueError:
            if day > calendar.monthrange(2028, month)[1]:
                return None
            continue
        if date >= call_date - dt.timedelta(days=RECENT_PAST_DAYS):
            return date
    return None


def resolve_month(month: int, year: int | None, part: int, call_date: dt.date) -> dt.date:
    """`part`: the day of month, or -1 for the last day."""
    if year is not None and not plausible_year(year, call_date):
        year = None
    if year is None:
        year = call_date.year if month >= call_date.month else call_date.year + 1
    day = calendar.monthrange(year, month)[1] if part == -1 else part
    return dt.date(year, month, day)


def next_weekday(weekday: int, call_date: dt.date) -> dt.date:
    return call_date + dt.timedelta(days=(weekday - call_date.weekday()) % 7 or 7)


def end_of_week(call_date: dt.date) -> dt.date:
    if call_date.weekday() >= 4:
        return call_date + dt.timedelta(days=6 - call_date.weekday())
    return call_date + dt.timedelta(days=4 - call_date.weekday())


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _resolve(kind: str, match: re.Match[str], call_date: dt.date) -> tuple[dt.date | None, Precision]:
    groups = match.groups()
    if kind == "numeric":
        return resolve_day(int(groups[0]), int(groups[1]), _year(groups[2]), call_date), "day"
    if kind == "day_month":
        return resolve_day(int(groups[0]), month_number(groups[1]), _year(groups[2]), call_date), "day"
    if kind == "month_day":
        return resolve_day(int(groups[1]), month_number(groups[0]), _year(groups[2]), call_date), "day"
    if kind in ("part", "part_short"):
        part = PART_DAY[groups[0].lower()]
        return resolve_month(month_number(groups[1]), _year(groups[2]), part, call_date), "part"
    if kind == "month":
        return resolve_month(month_number(groups[0]), _year(groups[1]), 1, call_date), "month"
    if kind == "week_end":
        return end_of_week(call_date), "day"
    if kind == "next_week_end":
        return next_weekday(0, call_date) + dt.timedelta(days=4), "day"
    if kind == "month_end":
        return resolve_month(call_date.month, call_date.year, -1, call_date), "day"
    if kind == "year_end":
        return dt.date(call_date.year, 12, 31), "day"
    if kind == "next_month_end":
        return (call_date + relativedelta(months=2)).replace(day=1) - dt.timedelta(days=1), "day"
    if kind == "next_month":
        following = call_date + relativedelta(months=1)
        return following.replace(day=1), "month"
    if kind == "next_week":
        return next_weekday(0, call_date), "day"
    if kind == "relative":
        return call_date + dt.timedelta(days=RELATIVE_DAYS[groups[0].lower()]), "day"
    if kind == "within_day":
        return call_date, "day"
    if kind == "after":
        return _after(groups[0], groups[1], call_date), "day"
    if kind == "within":
        if groups[1]:  # working days
            return _working_days_after(int(groups[0]) if (groups[0] or "").isdigit() else 1, call_date), "day"
        if groups[0] is None and groups[2].lower().startswith(("дн", "ден")):
            return call_date, "day"  # "в течение дня": today
        return _after({"пары": "пару"}.get(groups[0] or "", groups[0]), groups[2], call_date), "day"
    if kind == "weekday":
        return _weekday(groups[0], groups[1], call_date), "day"
    if kind == "day_of_month":
        month_start = call_date.replace(day=1)
        if groups[1].lower().startswith(("next", "следующ")):
            month_start += relativedelta(months=1)
        try:
            return month_start.replace(day=int(groups[0])), "day"
        except ValueError:
            return None, "day"
    if kind == "weekday_next_week":
        return _weekday("next", groups[0], call_date), "day"
    raise ValueError(kind)


def _after(count_text: str | None, unit_text: str, call_date: dt.date) -> dt.date:
    count_word = (count_text or "1").lower()
    count = int(count_word) if count_word.isdigit() else {"пару": 2, "a couple of": 2, "a few": 3}.get(count_word, 1)
    unit = unit_text.lower()
    name = next((v for k, v in RU_UNITS.items() if unit.startswith(k)), None)
    if name is None:
        name = unit.rstrip("s") + "s"
    if name == "weeks":
        return call_date + dt.timedelta(weeks=count)
    if name == "days":
        return call_date + dt.timedelta(days=count)
    if name == "months":
        return call_date + relativedelta(months=count)
    return call_date + relativedelta(years=count)


def _working_days_after(count: int, call_date: dt.date) -> dt.date:
    date = call_date
    while count > 0:
        date += dt.timedelta(days=1)
        count -= date.weekday() < 5
    return date


def _weekday(modifier: str | None, day_text: str, call_date: dt.date) -> dt.date:
    day = day_text.lower()
    names = EN_WEEKDAYS if day[0] < "а" else RU_WEEKDAYS
    weekday = next(i for i, name in enumerate(names) if day.startswith(name))
    upcoming = next_weekday(weekday, call_date)
    if modifier and modifier.lower().startswith(("прошл", "last")):
        return upcoming - dt.timedelta(days=7)
    if modifier and modifier.lower().startswith(("следующ", "next")):
        # "в следующую пятницу": that day of the next calendar week, not the coming Friday
        next_monday = call_date + dt.timedelta(days=7 - call_date.weekday())
        return next_monday + dt.timedelta(days=weekday)
    return upcoming


def find_dates(norm: Normalised, language: str, call_date: dt.date) -> list[DateMention]:
    text = norm.text.lower()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, value: dt.date | None, precision: Precision, kind: str = "absolute") -> None:
        if free(start, end):
            taken.append((start, end))
            if value is not None and re.search(r"(?:после|after)\s+(?:the\s+)?$", text[max(0, start - 12) : start]):
                value = value + dt.timedelta(days=1)
            found.append(DateMention(start, end, value, precision, norm.text[start:end], kind))

    patterns = RU_PATTERNS if language == "ru" else EN_PATTERNS
    if language == "ru" and DATE_HINT.search(text):  # natasha's parser is slow: only where a date may be
        _natasha_dates(norm.text, call_date, add)
        patterns = [("numeric", EN_PATTERNS[0][1]), *patterns]
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            if kind == "weekday" and re.search(r"(?:ам|ами|ах)$", match.group(2)):
                continue  # "по пятницам", "по субботам": every such day, no date
            value, precision = _resolve(kind, match, call_date)
            ahead = kind == "relative" and value is not None and value > call_date
            add(match.start(), match.end(), value, precision, "tomorrow" if ahead else kind)
    for number in norm.numbers:
        if 1 <= number.value <= 31 and free(number.start, number.end) and _names_a_day(number, text, language):
            month = _month_just_said(found, number.start, text)
            value = (
                _lone_day(number.value, call_date)
                if month is None
                else resolve_day(number.value, month.month, month.year, call_date)
            )
            add(number.start, number.end, value, "day")
    for digits in re.finditer(r"(?<![\d.,:-])\d{1,2}(?![\d-])", text) if language == "ru" else ():
        day = _day_after_its_weekday(digits.start(), digits.end(), int(digits.group()), text, call_date)
        if day is None and _day_after_a_call(digits.start(), digits.end(), text):
            day = _lone_day(int(digits.group()), call_date)
        if day is not None and free(digits.start(), digits.end()):
            add(digits.start(), digits.end(), day, "day")
    return _drop_named_weekdays([_short_year(m, text, call_date) for m in sorted(found, key=lambda m: m.start)], text)


def _short_year(mention: DateMention, text: str, call_date: dt.date) -> DateMention:
    """ "до двадцать третьего февраля двадцать девятого года": the year said short after the day."""
    match = re.match(r"\s+(\d{2})\s+год", text[mention.end :])
    if match is None or mention.value is None or mention.precision != "day" or re.search(r"\d{4}", mention.text):
        return mention
    value = resolve_day(mention.value.day, mention.value.month, 2000 + int(match.group(1)), call_date)
    end = mention.end + match.end()
    return dataclasses.replace(mention, end=end, value=value, text=mention.text + text[mention.end : end])


def _drop_named_weekdays(found: list[DateMention], text: str) -> list[DateMention]:
    """ "Во вторник, седьмого сентября", "Friday the ninth": the weekday names the date beside it; that
    date says which week ("вторник" alone would be the coming one)."""
    kept: list[DateMention] = []
    for mention, following in zip(found, [*found[1:], None][: len(found)], strict=True):
        if (
            mention.kind == "weekday"
            and following is not None
            # "Thursday the 3rd of December", "Friday, December 4th": also a day said with its month
            and following.kind in ("absolute", "day_month", "month_day")
            and re.fullmatch(r"[\s,]*(?:the\s+)?", text[mention.end : following.start])
        ):
            continue
        # "шестого, в пятницу", "the 6th, a Friday": the weekday said after the date, when it is that date's weekday
        before = kept[-1] if kept else None
        if (
            mention.kind == "weekday"
            and before is not None
            and before.kind in ("absolute", "day_month", "month_day")
            and before.value is not None
            and mention.value is not None
            and before.value.weekday() == mention.value.weekday()
            and re.fullmatch(r"[\s,]*(?:(?:в|во|on|a)\s+)?", text[before.end : mention.start])
        ):
            continue
        # "18-е это пятница", "тридцать первое — это воскресенье": "это" with the weekday's name says which
        # weekday the day just said falls on ("в эту пятницу" is the coming one); no day of its own
        if (
            mention.kind == "weekday"
            and re.match(r"(?:—\s*)?это\s", mention.text)
            and re.search(r"\d(?:-?[а-яё]{1,3})?[\s,—–-]*$", text[: mention.start])
        ):
            continue
        kept.append(mention)
    return kept


def _month_just_said(found: list[DateMention], position: int, text: str) -> dt.date | None:
    """ "in September, the fifteenth", "в сентябре, пятнадцатого": a day said right after a month is of that month."""
    for mention in found:
        if (
            mention.precision == "month"
            and mention.value is not None
            and mention.end <= position
            # "in July, on the twentieth", "в июле, где-то двадцатого"
            and re.fullmatch(
                r"[\s,]*(?:(?:on|by)\s+)?(?:the\s+|а\s+именно\s+|точнее\s+|числа\s+|где-то\s+)?",
                text[mention.end : position],
            )
        ):
            return mention.value
    return None


WEEKDAY_BEFORE = re.compile(r"\b(понедельник|вторник|сред|четверг|пятниц|суббот|воскресен)[а-яё]*[\s,]*$")
NOT_A_DAY_AFTER = re.compile(r"\s*(?:тыс|руб|раз|час|утра|вечера|дня|ноч|минут|процент|[:%\d]|[.,]\d)")


def _day_after_its_weekday(start: int, end: int, number: int, text: str, call_date: dt.date) -> dt.date | None:
    """ "оплачу в среду 22": the recogniser wrote "двадцать второго" as bare digits after its weekday; the
    number is the day when that day of the month falls on the weekday said."""
    weekday = WEEKDAY_BEFORE.search(text[max(0, start - 16) : start])
    if weekday is None or not 1 <= number <= 31 or NOT_A_DAY_AFTER.match(text[end:]):
        return None
    day = _lone_day(number, call_date)
    return day if day is not None and day.weekday() == RU_WEEKDAYS.index(weekday.group(1)) else None


CALL_BEFORE = re.compile(r"\b(?:позвон|перезвон|набер|свяж)[а-яё]*(?:\s+(?:вам|вас|тебе|тебя|мне|нам))?\s+$")


def _day_after_a_call(start: int, end: int, text: str) -> bool:
    """ "менеджер позвонит вам 9 напомнить реквизиты": Whisper wrote "девятого" as bare digits right after the
    verb of calling (an hour comes with "в": "позвоню в 9")."""
    return (
        1 <= int(text[start:end]) <= 31
        and bool(CALL_BEFORE.search(text[max(0, start - 24) : start]))
        and not NOT_A_DAY_AFTER.match(text[end:])
    )


def _names_a_day(number: NumberMark, text: str, language: str) -> bool:
    """A day of the month said alone: "тридцатого", "к 15-му", "15-го числа", "on the 3rd"."""
    if not number.ordinal:
        return False
    before, after = text[max(0, number.start - 12) : number.start], text[number.end :]
    if language == "ru":
        if re.match(r"\s*год", after):
            return False
        # "по второму вкладу" is the second deposit, "по пятнадцатое" a day
        if re.search(r"\bпо\s+$", before) and re.match(r"\s*[а-яё]+", after) and not re.match(r"\s*числ", after):
            return False
        if number.genitive or re.match(r"\s*числ", after) or re.search(r"\b(?:к|до|по)\s+$", before):
            return True
        # "договор заканчивается 28-я.": Whisper ran "двадцать восьмого января" into one ordinal; right after a
        # verb of ending and closing its clause, it is the day
        if re.search(r"\b(?:заканчива|истека|оканчива)\w*\s+$", text[max(0, number.start - 20) : number.start]) and (
            re.match(r"\s*(?:[.,;!?]|$)", after)
        ):
            return True
        return _confirmed_day(number, text)
    # "the first one matures" reads "the 1 1": an ordinal before a number counts things, it names no day
    if re.match(r"\s*(?:time|one|floor|call|of\b|\d)", after):
        return False
    # "on 20th", "by 17th": a non-native speaker or a recogniser drops the article after a preposition of time;
    # "17th I make the transfer", "21st, okay": a day that opens its sentence
    if re.search(r"\bthe\s+$", before):
        return True
    if re.match(r"\s*(?:payment|instalment|installment|reminder|letter|attempt|month|year|week|card|account)", after):
        return False  # "after 2nd reminder": an ordinal that counts things
    return bool(
        re.search(r"\b(?:on|by|until|till|before|after|from)\s+$", before)
        or (re.search(r"(?:^|[.!?,;]\s*)$", before) and re.match(r"\s*(?:[,.!?]|(?:i|we|is|it|ok|okay|then)\b)", after))
    )


# "Записываю двадцать второе.", "Давайте зафиксируем пятнадцатое": the agent names the day ("число" unsaid)
CONFIRMING_WORD = re.compile(
    r"\b(?:на|записываю|записала|записал|фиксирую|зафиксируем|зафиксировала|давайте|значит|тогда|итак|хорошо|"
    r"ладно|договорились)\s+$"
)


def _confirmed_day(number: NumberMark, text: str) -> bool:
    """An ordinal in the nominative or accusative that ends its clause after a word of agreeing or recording."""
    ends_clause = re.match(r"\s*(?:[.,;:!?]|$)", text[number.end :])
    return bool(ends_clause) and bool(CONFIRMING_WORD.search(text[max(0, number.start - 16) : number.start]))


def _lone_day(day: int, call_date: dt.date) -> dt.date | None:
    """ "тридцатого" with no month: the next such day of a month on or after the call."""
    for offset in range(3):
        month_start = dt.date(call_date.year, call_date.month, 1) + relativedelta(months=offset)
        if day <= calendar.monthrange(month_start.year, month_start.month)[1]:
            date = month_start.replace(day=day)
            if date >= call_date:
                return date
    return None


def _natasha_dates(text: str, call_date: dt.date, add: Adder) -> None:
    dates, _ = natasha_extractors()
    for match in dates(text):
        fact = match.fact
        if fact.month is None:
            continue
        if fact.day is None:
            value = resolve_month(fact.month, fact.year, 1, call_date)
            add(match.start, match.stop, value, "month")
        else:
            add(match.start, match.stop, resolve_day(fact.day, fact.month, fact.year, call_date), "day")
