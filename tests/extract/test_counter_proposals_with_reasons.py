"""A counter-proposal after its reason ("у меня врач давайте в четверг") moves the haggled day, and the agent's
past "записала" settles it (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_reason_before_the_counter_proposal_does_not_hide_it() -> None:
    lines = [
        ("agent", "по заявке вам перезвонит юрист в понедельник"),
        ("customer", "нет в понедельник у меня врач давайте во вторник"),
        ("agent", "хорошо во вторник"),
    ]
    assert pairs(tasks_of(lines)) == [("callback", "2026-12-01")]


def test_the_agents_past_record_settles_the_day() -> None:
    lines = [
        ("agent", "Специалист позвонит вам в понедельник, 30-го."),
        ("customer", "Понедельник неудобно."),
        ("agent", "Тогда во вторник, 1-го, записала."),
    ]
    assert pairs(tasks_of(lines)) == [("callback", "2026-12-01")]


def test_a_reason_with_its_own_date_is_not_the_call_back() -> None:
    lines = [
        ("agent", "Вам позвонит менеджер в пятницу."),
        ("customer", "Да, в пятницу удобно, а в понедельник у меня врач."),
    ]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-27")]
