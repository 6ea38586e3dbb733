"""The agent puts a promise on record or restates the day a haggle settled on, after a reply the recogniser
garbled (issue 12, spoken4's calls heard without voice shifts, in new wording)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_promise_put_on_record_takes_the_day_over_an_earlier_one() -> None:
    lines = [
        ("agent", "По кредитной карте у вас долг восемь тысяч рублей."),
        ("customer", "Внесу в среду."),
        ("agent", "В среду уже будет штраф, получится до понедельника?"),
        ("customer", "ну ладно, в воскресенье тогда, двадцать девятого."),  # a day with no payment verb
        ("agent", "Хорошо, записываю ваше обещание на двадцать девятое ноября."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-29")]


def test_the_agent_settles_a_haggle_across_a_misheard_reply() -> None:
    lines = [
        ("agent", "Платёж по автокредиту просрочен, когда сможете внести?"),
        ("customer", "Не раньше чем через три недели."),
        ("agent", "Это долго, давайте хотя бы четвёртого декабря."),
        ("customer", "четвёртого не успею давать седьмого в понедельник"),
        ("agent", "Хорошо, договорились, седьмое декабря."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-07")]


def test_the_english_agent_settles_a_haggle_with_so_thats() -> None:
    lines = [
        ("agent", "Your loan payment is overdue. When can you pay?"),
        ("customer", "Not for three weeks, sorry."),
        ("agent", "That's too long. Could you manage the fourth of December?"),
        ("customer", "fourth is tight monday seventh is doable"),
        ("agent", "Okay, so that's Monday the seventh of December."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-07")]
