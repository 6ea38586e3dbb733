"""English service bundles end like plans, and a non-native "to other bank" is an exit (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_customers_named_package_ends_on_its_day() -> None:
    lines = [("agent", "Your Comfort package is valid until the 15th of December, then you go on the standard fees.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2026-12-15")]


def test_a_parcel_that_arrives_is_no_product_end() -> None:
    lines = [("agent", "Your package with the new card will be delivered by the 15th of December.")]
    assert [kind for kind, _ in pairs(tasks_of(lines, "en"))] != ["product_expiry"]


def test_moving_to_other_bank_without_an_article_is_churn() -> None:
    lines = [("customer", "This fee again? Then I transfer my salary card to other bank, finish.")]
    assert pairs(tasks_of(lines, "en")) == [("churn_risk", None)]


def test_moving_money_to_another_of_my_accounts_is_no_churn() -> None:
    lines = [("customer", "I will move the money to other account of mine tomorrow.")]
    assert [kind for kind, _ in pairs(tasks_of(lines, "en"))] == []
