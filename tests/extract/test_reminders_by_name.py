"""A reminder counted back from the end it names by a word, when two ends were just said (issue 12, round tasks10:
dates12's and spoken5's misses)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_reminder_names_the_second_of_two_deposits() -> None:
    lines = [
        ("agent", "Ваш вклад «Зимний» заканчивается десятого декабря, а евровый вклад — двадцатого января."),
        ("customer", "Зимний продлю. По евровому наберите меня за неделю до окончания."),
    ]
    assert pairs(tasks_of(lines)) == [
        ("callback", "2027-01-13"),
        ("deposit_maturity", "2026-12-10"),
        ("deposit_maturity", "2027-01-20"),
    ]


def test_the_reminder_names_the_deposit_not_the_rate_that_ends_later() -> None:
    lines = [
        (
            "agent",
            "Вклад «Надёжный» заканчивается пятого декабря. "
            "Бонусная ставка по накопительному счёту действует до конца года.",
        ),
        ("agent", "Давайте я позвоню вам за два дня до окончания вклада."),
    ]
    assert ("callback", "2026-12-03") in pairs(tasks_of(lines))
