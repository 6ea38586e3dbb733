"""An end said of "он"/"it" belongs to the product just named, not to a product the same sentence names after the
date (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_deposit_named_by_its_quote_keeps_its_end_when_a_card_follows() -> None:
    lines = [
        ("customer", "А вклад «Семейный капитал» до какого числа действует?"),
        ("agent", "Он действует до девятого февраля, потом деньги с процентами придут на вашу карту."),
    ]
    assert pairs(tasks_of(lines)) == [("deposit_maturity", "2027-02-09")]


def test_an_english_deposit_said_as_it_keeps_its_end() -> None:
    lines = [
        ("customer", "When does my Golden Savings deposit finish?"),
        ("agent", "It runs until the 4th of March, then the money goes back to your debit card."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("deposit_maturity", "2027-03-04")]


def test_a_card_named_before_the_date_is_the_cards_end() -> None:
    lines = [
        ("customer", "По вкладу у меня всё понятно, спасибо."),
        ("agent", "А карта у вас действует до апреля, перевыпустим её заранее."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-04-01")]
