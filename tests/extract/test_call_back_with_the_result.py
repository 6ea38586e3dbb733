"""The agent's call that brings the bank's answer is due when the answer is (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_review_within_working_days_dates_the_call_back() -> None:
    # 25 November 2026 is a Wednesday: three working days on is Monday 30 November
    lines = [("agent", "Рассмотрение заявки займёт до трёх рабочих дней, после этого я вам позвоню.")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-30")]


def test_an_english_decision_within_days_dates_the_call_back() -> None:
    lines = [("agent", "You'll have a decision within two working days and I'll ring you with it.")]
    assert pairs(tasks_of(lines, "en")) == [("callback", "2026-11-27")]


def test_an_overdue_count_is_no_date() -> None:
    lines = [("agent", "Если просрочка до тридцати дней, штраф будет меньше.")]
    assert pairs(tasks_of(lines)) == []


def test_someone_who_will_contact_the_customer_within_days_is_a_call_back() -> None:
    # 25 November 2026 is a Wednesday: four working days on is Tuesday 1 December
    lines = [
        ("customer", "Nobody has answered my dispute for a month, I want to make a complaint."),
        ("agent", "I've logged it. Someone from the disputes team will contact you within four working days."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("callback", "2026-12-01"), ("complaint", None)]


def test_contact_us_is_no_call_back_from_the_bank() -> None:
    lines = [("agent", "If the card doesn't arrive, contact us and we'll sort it out.")]
    assert pairs(tasks_of(lines, "en")) == []
