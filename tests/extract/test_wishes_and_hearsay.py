"""Round tasks12 (issue 12): a wish to pay that never gets a day is no task, though a day said next still answers
it; what a third party said it will pay is not the customer's answer."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_wish_to_pay_without_a_day_is_no_task() -> None:
    lines = [
        ("customer", "Я хочу часть ипотеки погасить из премии, а что для этого нужно?"),
        ("agent", "Нужно заявление в приложении, потом средства спишутся в дату платежа."),
    ]
    assert pairs(tasks_of(lines)) == []


def test_a_wish_answered_with_a_day_is_a_promise() -> None:
    lines = [
        ("customer", "Хочу внести по кредиту досрочно сорок тысяч."),
        ("agent", "Когда планируете?"),
        ("customer", "В пятницу."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-27")]


def test_a_plain_promise_without_a_day_stays() -> None:
    assert pairs(tasks_of([("customer", "Долг по карте я внесу, не волнуйтесь.")])) == [("payment_promise", None)]


def test_what_a_fund_was_said_to_pay_is_no_promise() -> None:
    lines = [
        ("agent", "По кредиту просрочка восемь тысяч. Когда сможете оплатить?"),
        ("customer", "Я в фонд подала заявление, мне сказали, перечислят в течение десяти дней."),
    ]
    assert [t for t in pairs(tasks_of(lines)) if t[1] is not None] == []


def test_the_customers_own_answer_after_the_question_stays() -> None:
    lines = [
        ("agent", "По кредиту просрочка восемь тысяч. Когда сможете оплатить?"),
        ("customer", "Через десять дней, как зарплату дадут."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-05")]
