"""A discount, a promo rate or a grace period that runs until a day is no end of the product, also when it answers a
question about the product's end (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_discount_deadline_answering_when_the_contract_ends_is_no_end() -> None:
    lines = [
        ("customer", "Скажите, до какого числа у меня договор на домашний интернет?"),
        ("agent", "Срок у договора не ограничен, а вот скидка 20% у вас действует до пятнадцатого января."),
    ]
    assert pairs(tasks_of(lines)) == []


def test_a_grace_period_on_its_own_is_no_end() -> None:
    lines = [("agent", "Льготный период по вашей кредитной карте действует до двадцатого декабря.")]
    assert pairs(tasks_of(lines)) == []


def test_an_english_discount_that_lasts_until_a_day_is_no_end() -> None:
    lines = [
        ("customer", "When does my broadband contract run out?"),
        ("agent", "It's a rolling contract, but your discount is valid until the 10th of January."),
    ]
    assert pairs(tasks_of(lines, "en")) == []


def test_a_contract_that_ends_beside_a_discount_still_ends() -> None:
    lines = [("agent", "Договор на интернет заканчивается тридцать первого января, скидка на него тоже закончится.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-31")]
