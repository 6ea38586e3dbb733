"""A haggle over one part of a split payment, whose part is named only by the counter-proposal agreed to, leaves the
other parts standing (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_rest_moved_by_the_agent_keeps_the_first_part() -> None:
    lines = [
        ("agent", "You're three hundred behind on the loan. When can we expect it?"),
        ("customer", "A hundred on Monday and the rest on the 15th of December."),
        ("agent", "That's too late for us. Could the balance come by the 10th?"),
        ("customer", "Alright, the 10th."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-11-30"), ("payment_promise", "2026-12-10")]


def test_a_russian_counter_on_the_rest_keeps_the_first_part() -> None:
    lines = [
        ("agent", "По кредитке просрочка шесть тысяч. Когда внесёте?"),
        ("customer", "Половину в понедельник, остальное 15 декабря."),
        ("agent", "Остаток нужен хотя бы к десятому."),
        ("customer", "Ладно, десятого."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-30"), ("payment_promise", "2026-12-10")]
