"""Round tasks12 (issue 12): "X-е это пятница" names the weekday of a day just said, a refused payment is no
promise, a bare day answers the newest open question, and a few more ways of threatening to leave."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_this_is_a_friday_names_the_day_just_said() -> None:
    # 4 December 2026 is a Friday; "эта пятница" from the call (25 November) would be the 27th
    lines = [
        ("agent", "По рассрочке за ноутбук долг семь тысяч. Когда оплатите?"),
        ("customer", "Внесу четвёртого декабря."),
        ("agent", "4-е это пятница, записываю."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-04")]


def test_in_this_friday_is_still_the_coming_friday() -> None:
    lines = [("customer", "Долг по карте закрою в эту пятницу.")]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-27")]


def test_a_refused_payment_is_no_promise() -> None:
    lines = [
        ("customer", "Мне выставили штраф за обслуживание. Я его оплачивать не собираюсь."),
        ("agent", "Понимаю, давайте проверим начисление."),
    ]
    assert [t for t in pairs(tasks_of(lines)) if t[0] == "payment_promise"] == []


def test_will_not_pay_is_no_promise_but_will_pay_is() -> None:
    assert pairs(tasks_of([("customer", "Эту комиссию я платить не буду.")])) == []
    assert pairs(tasks_of([("customer", "Эту комиссию я буду платить в пятницу.")])) == [
        ("payment_promise", "2026-11-27")
    ]


def test_a_bare_day_answers_the_newest_question() -> None:
    # the wish to repay early came first; "послезавтра" answers the request for a call
    lines = [
        ("customer", "Хочу частично погасить кредит досрочно, но не понимаю, как. Позвоните мне? Послезавтра можно?"),
        ("agent", "Конечно, в пятницу я вам позвоню и всё расскажу."),
    ]
    # the wish itself stays a payment without a day; no day of the call-back becomes its date
    assert [task for task in pairs(tasks_of(lines)) if task[1] is not None] == [("callback", "2026-11-27")]


def test_taking_the_number_to_another_operator_is_churn() -> None:
    lines = [("customer", "Если до пятницы не вернёте деньги, перенесу номер к другому оператору.")]
    assert ("churn_risk", "2026-11-27") in pairs(tasks_of(lines))


def test_moving_a_meeting_is_no_churn() -> None:
    assert pairs(tasks_of([("customer", "Я перенесу встречу в отделении на другой день.")])) == []


def test_english_go_to_other_operator_and_or_im_cancelling() -> None:
    lines = [("customer", "If not fixed by 10th December, I go to other operator.")]
    assert ("churn_risk", "2026-12-10") in pairs(tasks_of(lines, "en"))
    lines = [("customer", "Either you refund the fee or I'm cancelling the card.")]
    assert ("churn_risk", None) in pairs(tasks_of(lines, "en"))


def test_going_to_another_branch_is_no_churn() -> None:
    assert pairs(tasks_of([("customer", "I'm going to another branch tomorrow to sign it.")], "en")) == []
