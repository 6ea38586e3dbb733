"""Round tasks12 (issue 12): a deadline the bank gives a third party is not the call-back's day, and the agent's
record "отмечу, что погашение вы планируете ..." is the customer's payment, not a product's end."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_deadline_given_to_the_seller_is_not_the_call() -> None:
    lines = [("agent", "Магазину дадим срок до 4 декабря, а я позвоню вам 7 декабря и расскажу, чем кончилось.")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-12-07")]


def test_lets_still_leans_on_the_date() -> None:
    lines = [("customer", "Перезвоните мне, пожалуйста."), ("customer", "Давайте в пятницу.")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-27")]


def test_a_recorded_repayment_plan_is_a_payment_not_an_end() -> None:
    lines = [
        ("customer", "Деньги будут в середине декабря, тогда и погашу кредит целиком."),
        ("agent", "Хорошо, отмечу, что полное погашение вы планируете в середине декабря."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-15")]
