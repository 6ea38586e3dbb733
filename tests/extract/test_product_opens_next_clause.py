"""In a run-on line a product named right after a date opens the next clause: its verb does not govern the date
(issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_recorded_payment_before_a_subscription_end_stays_a_payment() -> None:
    lines = [
        ("customer", "по подписке на кино платить буду только 7 декабря раньше денег нет"),
        ("agent", "ладно записываю оплату подписки на 7 декабря подписка у вас действует до 3 декабря"),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-07"), ("product_expiry", "2026-12-03")]


def test_a_product_after_a_preposition_does_not_split_the_clause() -> None:
    lines = [("customer", "Договорились, до 4 декабря по кредиту внесу всю сумму.")]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-04")]
