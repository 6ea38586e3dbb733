"""Promises and call-backs in wording the gold had not used: slang for sending money (not a paper), "погашение
сделаю", "you'll see the payment", "give you a buzz", "reach out to you", "the term runs to" (issue 12, round
tasks13)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of

DEBT = ("agent", "У вас просрочка по кредиту пять тысяч.")


def test_slang_for_sending_money_is_a_payment_after_a_debt() -> None:
    assert pairs(tasks_of([DEBT, ("customer", "Кину деньги на счёт в субботу.")])) == [
        ("payment_promise", "2026-11-28")
    ]
    assert pairs(tasks_of([DEBT, ("customer", "Скину в пятницу.")])) == [("payment_promise", "2026-11-27")]


def test_a_paper_sent_is_no_payment() -> None:
    assert pairs(tasks_of([DEBT, ("customer", "Отправлю вам справку в пятницу.")])) == []
    assert pairs(tasks_of([DEBT, ("customer", "Кину ссылку на чек в пятницу.")])) == []
    assert pairs(tasks_of([DEBT, ("customer", "Переведу в пятницу, чек пришлю.")])) == [
        ("payment_promise", "2026-11-27")
    ]


def test_a_repayment_i_will_make_is_a_promise() -> None:
    lines = [("customer", "Погашение сделаю третьего декабря.")]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-03")]


def test_you_will_see_the_payment_is_a_promise() -> None:
    lines = [("customer", "You'll see the payment on Thursday.")]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-11-26")]


def test_a_buzz_and_reaching_out_are_call_backs() -> None:
    lines = [("agent", "I'll give you a buzz on Friday with the figures.")]
    assert pairs(tasks_of(lines, "en")) == [("callback", "2026-11-27")]
    lines = [("agent", "Our team will reach out to you on the 2nd.")]
    assert pairs(tasks_of(lines, "en")) == [("callback", "2026-12-02")]


def test_a_deposit_term_that_runs_to_a_day_ends() -> None:
    lines = [("agent", "The deposit term runs to the 9th of December.")]
    assert pairs(tasks_of(lines, "en")) == [("deposit_maturity", "2026-12-09")]


def test_asking_may_i_pay_on_a_day_proposes_it() -> None:
    assert pairs(tasks_of([("customer", "Можно я внесу двадцатого?")])) == [("payment_promise", "2026-12-20")]
    lines = [
        ("customer", "Кредит за диван, я платить... десять декабря можно?"),
        ("agent", "Можно. Десятое декабря, четверг. Записываю."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-10")]


def test_a_quoted_name_is_no_other_subject_of_the_date() -> None:
    lines = [("agent", "Накопительный счёт бессрочный, а вот вклад «Рост» у вас по девятое декабря.")]
    assert pairs(tasks_of(lines)) == [("deposit_maturity", "2026-12-09")]
