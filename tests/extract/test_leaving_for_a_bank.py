"""Leaving "в банк" without "другой" is still leaving; the payment said as its condition is no promise (issue 12,
round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_paying_off_then_leaving_for_a_bank_is_churn_only() -> None:
    lines = [("customer", "Вот выплачу ипотеку и перейду в банк, где нормально относятся к клиентам.")]
    assert pairs(tasks_of(lines)) == [("churn_risk", None)]


def test_leaving_for_a_named_kind_of_bank_is_churn() -> None:
    lines = [("customer", "Надоели ваши комиссии, уйду в цифровой банк, там обслуживание бесплатное.")]
    assert pairs(tasks_of(lines)) == [("churn_risk", None)]


def test_going_to_the_bank_branch_is_no_churn() -> None:
    lines = [("customer", "Завтра схожу в банк и внесу платёж через кассу.")]
    assert [kind for kind, _ in pairs(tasks_of(lines))] != ["churn_risk"]


def test_moving_into_your_bank_is_no_churn() -> None:
    lines = [("customer", "Я как раз перейду в ваш банк с зарплатой, подскажите условия.")]
    assert pairs(tasks_of(lines)) == []
