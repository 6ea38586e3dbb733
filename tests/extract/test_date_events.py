"""Which date belongs to which task: several events of one kind, summaries, corrections, next week."""

from __future__ import annotations

import datetime as dt

from voc.extract import extract_tasks
from voc.schemas import Task, Turn

CALL = dt.date(2026, 11, 25)  # a Wednesday


def tasks_of(lines: list[tuple[str, str]], language: str = "ru") -> list[Task]:
    turns = [Turn(index=i, speaker=s, start=float(i), end=float(i) + 0.9, text=t) for i, (s, t) in enumerate(lines)]  # type: ignore[arg-type]
    return extract_tasks(turns, language, CALL)


def pairs(tasks: list[Task]) -> list[tuple[str, str | None]]:
    return sorted((t.type, t.due_date.isoformat() if t.due_date else None) for t in tasks)


def test_a_split_payment_is_two_promises() -> None:
    tasks = tasks_of([("customer", "Три тысячи заплачу первого декабря, а оставшиеся две — десятого.")])
    assert pairs(tasks) == [("payment_promise", "2026-12-01"), ("payment_promise", "2026-12-10")]


def test_haggling_over_one_payment_keeps_the_last_date() -> None:
    tasks = tasks_of(
        [
            ("customer", "Могу заплатить двенадцатого."),
            ("agent", "Двенадцатого поздно. Сможете оплатить до восьмого?"),
            ("customer", "Хорошо, внесу до восьмого."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-12-08")]


def test_a_scheduled_payment_in_a_summary_is_not_a_promise() -> None:
    tasks = tasks_of(
        [
            ("customer", "Внесу долг в понедельник."),
            ("agent", "Записал: оплата в понедельник, тридцатого, а следующий платёж по графику пятнадцатого декабря."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_call_backs_about_two_products_are_two_tasks() -> None:
    tasks = tasks_of(
        [("agent", "По вкладу вам позвонит специалист завтра. А по карте я перезвоню вам в понедельник.")]
    )
    assert pairs(tasks) == [("callback", "2026-11-26"), ("callback", "2026-11-30")]


def test_a_corrected_date_moves_the_task_and_says_so() -> None:
    tasks = tasks_of([("customer", "Sorry, my deposit ends on the tenth of March. No, the eleventh.")], "en")
    assert pairs(tasks) == [("deposit_maturity", "2027-03-11")]
    assert tasks[0].evidence.reason is not None and "corrects" in tasks[0].evidence.reason


def test_next_friday_is_the_friday_of_next_week() -> None:
    tasks = tasks_of([("customer", "Перезвоните мне в следующую пятницу.")])
    assert pairs(tasks) == [("callback", "2026-12-04")]
    plain = tasks_of([("customer", "Перезвоните мне в пятницу.")])
    assert pairs(plain) == [("callback", "2026-11-27")]


def test_an_offer_deadline_is_not_the_product_end() -> None:
    tasks = tasks_of([("agent", "Предложение по вкладу действует до конца недели, подумайте.")])
    assert pairs(tasks) == []
