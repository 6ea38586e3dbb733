"""Date mentions resolved against the call date (Wednesday 25 November 2026 unless said)."""

from __future__ import annotations

import datetime as dt

import pytest

from voc.extract.dates import find_dates
from voc.extract.numbers import normalise_numbers

CALL = dt.date(2026, 11, 25)  # a Wednesday


def dates(text: str, language: str = "ru", call: dt.date = CALL) -> list[dt.date | None]:
    return [m.value for m in find_dates(normalise_numbers(text, language), language, call)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("вклад заканчивается 15 марта 2027", dt.date(2027, 3, 15)),
        ("действует до 15.03.2027", dt.date(2027, 3, 15)),
        ("заканчивается пятнадцатого марта", dt.date(2027, 3, 15)),
        ("заканчивается 15-го марта", dt.date(2027, 3, 15)),
        ("шестнадцатого января две тысячи двадцать седьмого года", dt.date(2027, 1, 16)),
        ("в конце декабря", dt.date(2026, 12, 31)),
        ("в середине января", dt.date(2027, 1, 15)),
        ("в апреле", dt.date(2027, 4, 1)),
        ("завтра", dt.date(2026, 11, 26)),
        ("послезавтра", dt.date(2026, 11, 27)),
        ("через две недели", dt.date(2026, 12, 9)),
        ("через 2 недели", dt.date(2026, 12, 9)),
        ("через месяц", dt.date(2026, 12, 25)),
        ("в пятницу", dt.date(2026, 11, 27)),
        ("в среду", dt.date(2026, 12, 2)),
        ("до конца недели", dt.date(2026, 11, 27)),
        ("на следующей неделе", dt.date(2026, 11, 30)),
        ("в следующем месяце", dt.date(2026, 12, 1)),
        ("после 20 декабря", dt.date(2026, 12, 21)),
        ("перезвоните тридцатого", dt.date(2026, 11, 30)),
        ("через час", CALL),
    ],
)
def test_russian_forms(text: str, expected: dt.date) -> None:
    assert dates(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on the twelfth of January", dt.date(2027, 1, 12)),
        ("on the 20th of March", dt.date(2027, 3, 20)),
        ("on March 20th", dt.date(2027, 3, 20)),
        ("expires on 15.12.2026", dt.date(2026, 12, 15)),
        ("in April", dt.date(2027, 4, 1)),
        ("at the end of February", dt.date(2027, 2, 28)),
        ("next Monday", dt.date(2026, 11, 30)),
        ("tomorrow", dt.date(2026, 11, 26)),
        ("the day after tomorrow", dt.date(2026, 11, 27)),
        ("in two weeks", dt.date(2026, 12, 9)),
        ("by the end of the week", dt.date(2026, 11, 27)),
        ("on the thirty-first of January", dt.date(2027, 1, 31)),
    ],
)
def test_english_forms(text: str, expected: dt.date) -> None:
    assert dates(text, "en") == [expected]


def test_a_date_without_a_year_is_the_next_one_after_the_call() -> None:
    assert dates("5 мая") == [dt.date(2027, 5, 5)]
    assert dates("30 ноября") == [dt.date(2026, 11, 30)]
    assert dates("25 ноября") == [CALL]


def test_two_relative_days_in_one_sentence() -> None:
    # "tomorrow" used to rename the pattern's kind and the second match raised ValueError
    assert dates("Хотя нет, завтра не успею, послезавтра.") == [dt.date(2026, 11, 26), dt.date(2026, 11, 27)]
    assert dates("tomorrow or the day after tomorrow", "en") == [dt.date(2026, 11, 26), dt.date(2026, 11, 27)]


def test_end_of_the_year_last_day_of_the_month_and_a_short_year() -> None:
    assert dates("до конца года") == [dt.date(2026, 12, 31)]
    assert dates("в последний день месяца") == [dt.date(2026, 11, 30)]
    assert dates("by the end of the year", "en") == [dt.date(2026, 12, 31)]
    assert dates("до двадцать третьего февраля двадцать девятого года") == [dt.date(2029, 2, 23)]


def test_a_date_just_before_the_call_is_that_past_date() -> None:
    # said on 25 November: "20 ноября" is five days ago, "1 октября" next year's (out of the recent weeks)
    assert dates("20 ноября") == [dt.date(2026, 11, 20)]
    assert dates("the 20th of November", "en") == [dt.date(2026, 11, 20)]
    assert dates("1 октября") == [dt.date(2027, 10, 1)]


def test_a_weekday_beside_a_date_gives_way_to_the_date() -> None:
    # the coming Tuesday is 1 December; "во вторник, восьмого декабря" is the Tuesday after
    assert dates("во вторник, восьмого декабря") == [dt.date(2026, 12, 8)]
    assert dates("on Friday the fourth", "en") == [dt.date(2026, 12, 4)]


def test_impossible_dates_resolve_to_none_without_raising() -> None:
    assert dates("тридцатого февраля") == [None]
    assert dates("31 апреля") == [None]
    assert dates("30.02.2027") == [None]
    assert dates("the 31st of April", "en") == [None]


def test_leap_day_is_found_in_the_next_leap_year() -> None:
    assert dates("29 февраля") == [dt.date(2028, 2, 29)]


def test_end_of_week_on_a_saturday_is_the_sunday() -> None:
    assert dates("до конца недели", call=dt.date(2026, 11, 28)) == [dt.date(2026, 11, 29)]


def test_month_earlier_in_the_year_moves_to_next_year() -> None:
    assert dates("в марте", call=dt.date(2026, 11, 25)) == [dt.date(2027, 3, 1)]
    assert dates("в декабре", call=dt.date(2026, 11, 25)) == [dt.date(2026, 12, 1)]


def test_a_misheard_century_is_dropped_not_believed() -> None:
    assert dates("восьмого февраля 1927 года") == [dt.date(2027, 2, 8)]
    assert dates("в марте 2024 года") == [dt.date(2024, 3, 1)]


def test_whisper_spacing_and_split_words() -> None:
    assert dates("до 16 -го января") == [dt.date(2027, 1, 16)]
    assert dates("перезвонить после завтра", call=dt.date(2027, 3, 1)) == [dt.date(2027, 3, 3)]


def test_a_day_of_the_month_said_alone() -> None:
    assert dates("оплачу к 15-му") == [dt.date(2026, 12, 15)]
    assert dates("пятнадцатого числа") == [dt.date(2026, 12, 15)]
    assert dates("call me on the 3rd", "en") == [dt.date(2026, 12, 3)]
    assert dates("the first time I called", "en") == []
    assert dates("это второй раз") == []


def test_within_a_period() -> None:
    assert dates("погашу в течение десяти дней") == [dt.date(2026, 12, 5)]
    assert dates("в течение трёх рабочих дней") == [dt.date(2026, 11, 30)]  # Thu, Fri, Mon
    assert dates("within 5 working days", "en") == [dt.date(2026, 12, 2)]
