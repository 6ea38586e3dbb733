"""A day said just after a month with "on the" belongs to that month, and "the first one" names no day (issue 12,
round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_day_after_in_a_month_on_the_is_of_that_month() -> None:
    lines = [("agent", "Your fixed-rate deposit matures in February, on the eleventh.")]
    assert pairs(tasks_of(lines, "en")) == [("deposit_maturity", "2027-02-11")]


def test_the_first_one_is_no_date() -> None:
    lines = [
        ("agent", "The dollar deposit matures on the 3rd of December and the euro one on the 9th of January."),
        ("customer", "Could you ring me the day before the first one matures?"),
    ]
    assert pairs(tasks_of(lines, "en")) == [
        ("callback", "2026-12-02"),
        ("deposit_maturity", "2026-12-03"),
        ("deposit_maturity", "2027-01-09"),
    ]
