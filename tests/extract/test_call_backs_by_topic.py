"""Two call-backs about two topics stay two, also when a topic is no product of the bank's (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_call_back_about_a_card_and_one_about_a_transfer_stay_two() -> None:
    lines = [
        ("customer", "У меня два вопроса: кредитка и перевод наследства."),
        ("agent", "По кредитке вам перезвонит коллега в пятницу. По наследству я свяжусь с вами первого декабря."),
    ]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-27"), ("callback", "2026-12-01")]


def test_a_moved_call_back_about_one_topic_stays_one() -> None:
    lines = [
        ("agent", "По наследству я свяжусь с вами в пятницу."),
        ("customer", "В пятницу не могу, давайте в понедельник."),
        ("agent", "По наследству тогда позвоню в понедельник."),
    ]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-30")]
