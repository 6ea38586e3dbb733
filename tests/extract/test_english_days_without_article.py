"""English days of the month said without "the" ("on 21st", "by 17th", "17th I make the transfer"), as non-native
speakers and recognisers write them (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_day_after_on_without_the_is_a_promise_day() -> None:
    lines = [
        ("agent", "Your credit card has an overdue amount of 3,200 rubles. When will you pay?"),
        ("customer", "I pay on 4th, after I get my money."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-04")]


def test_a_day_that_opens_the_sentence_is_a_day() -> None:
    lines = [
        ("agent", "The loan instalment is late. When can you transfer it?"),
        ("customer", "9th I make the transfer, sure."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-09")]


def test_an_ordinal_that_counts_reminders_is_no_day() -> None:
    lines = [("customer", "I only paid after 2nd reminder, I don't want any more letters.")]
    assert pairs(tasks_of(lines, "en")) == []


def test_a_present_tense_habit_is_no_promise() -> None:
    lines = [
        ("agent", "Is there anything else about the card?"),
        ("customer", "No, I pay on 5th every month by myself, it's fine."),
    ]
    assert pairs(tasks_of(lines, "en")) == []
