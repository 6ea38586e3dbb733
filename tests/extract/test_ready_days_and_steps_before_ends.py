"""Round tasks12 (issue 12): the day a new card is ready and the customer's step before an end are no ends; the
bank's record corrects an end said before a short closing remark."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_day_a_new_card_is_ready_is_not_the_old_ones_end() -> None:
    lines = [
        ("customer", "У меня карта истекает в декабре, где получить новую?"),
        ("agent", "Новая карта будет готова 10 декабря в отделении, старая действует до 31 декабря."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-12-31")]


def test_a_call_when_the_card_is_ready_takes_that_day() -> None:
    lines = [("agent", "Карту я заблокировала. Новая карта будет готова через неделю, я вам позвоню.")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-12-02")]


def test_a_step_the_customer_must_take_before_the_end_is_not_the_end() -> None:
    lines = [
        ("agent", "Your gym membership ends on the twentieth of December."),
        ("agent", "To keep it, you need to sign the renewal form by the tenth of December."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2026-12-20")]


def test_the_banks_record_corrects_an_end_said_before_a_short_remark() -> None:
    lines = [
        ("customer", "Гарантия на холодильник у нас действует до 20 января. Хотим продлить."),
        ("agent", "По нашим данным гарантия действует до 15 января."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-15")]


def test_the_banks_record_with_the_same_date_keeps_it() -> None:
    lines = [
        ("customer", "Гарантия на холодильник у нас действует до 20 января. Хотим продлить."),
        ("agent", "Да, по нашим данным до 20 января."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-20")]
