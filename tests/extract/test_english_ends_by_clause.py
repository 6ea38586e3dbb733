"""English ends read clause by clause: an offer's end beside the product's, a bonus rate, "ceases", a question with
"finish"; "the end of next month" is its last day (issue 12, round tasks13)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_products_end_after_an_offers_end_in_one_sentence() -> None:
    lines = [
        ("agent", "The introductory offer on your broadband finishes on the 10th, then the contract runs until June.")
    ]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2027-06-01")]


def test_a_bonus_rate_that_ends_is_no_deposit_end() -> None:
    lines = [
        ("agent", "Your ISA matures on the 5th of April."),
        ("customer", "Right, and the bonus rate?"),
        ("agent", "The bonus rate ends on the 1st of March."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("deposit_maturity", "2027-04-05")]


def test_cover_that_ceases_ends() -> None:
    lines = [("agent", "Your cover under the policy ceases on the 31st of December.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2026-12-31")]


def test_a_question_when_it_finishes_takes_the_answer() -> None:
    lines = [("customer", "When does my fixed-rate bond finish?"), ("agent", "The 18th of February.")]
    assert pairs(tasks_of(lines, "en")) == [("deposit_maturity", "2027-02-18")]


def test_the_end_of_next_month_is_its_last_day() -> None:
    assert pairs(tasks_of([("agent", "Your licence runs out at the end of next month.")], "en")) == [
        ("product_expiry", "2026-12-31")
    ]
    assert pairs(tasks_of([("customer", "Оплачу до конца следующего месяца.")])) == [("payment_promise", "2026-12-31")]
