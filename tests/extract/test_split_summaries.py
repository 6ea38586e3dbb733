"""An agent's summary that splits the sum into dated parts restates the payment (issue 12, round tasks10: dates12's
and dates13's English split payments)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_an_english_summary_of_two_parts_after_a_correction() -> None:
    lines = [
        ("customer", "The vet bill went on my card and I can't clear it at once. Half now and the rest on the 4th?"),
        ("agent", "Half today works. The rest on the 4th, that's a Friday?"),
        ("customer", "Sorry, I mean the 3rd. My wages land on the 2nd."),
        ("agent", "So half today and the balance on Thursday the third."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-11-25"), ("payment_promise", "2026-12-03")]


def test_a_russian_summary_with_itak_and_the_remainder() -> None:
    lines = [
        ("customer", "Всю сумму за ремонт сразу не смогу."),
        ("agent", "Итак, половина сегодня, остаток седьмого декабря."),
        ("customer", "Да."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-25"), ("payment_promise", "2026-12-07")]


def test_a_summary_of_one_payment_by_the_bank_schedule_is_no_split() -> None:
    lines = [("agent", "Итак, следующий платёж по графику седьмого декабря.")]
    assert pairs(tasks_of(lines)) == []


def test_a_weekday_beside_a_day_and_its_month_says_which_week() -> None:
    lines = [
        ("customer", "I'm behind on the loan, sorry. I'll pay it on Thursday the 3rd of December."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-03")]


def test_an_english_summary_of_dated_parts_opened_by_alright_as_whisper_writes_it() -> None:
    for opening in ("Alright", "All right"):
        lines = [
            ("agent", "Your card payment of 300 pounds was due on the 20th of November."),
            ("customer", "I know, I'm between jobs. Could I pay at the end of the month?"),
            ("agent", "That's quite late. Could you manage part of it this Friday?"),
            ("customer", "This Friday I can do 100."),
            ("agent", "And the rest?"),
            ("customer", "The rest on the 10th when my last paycheck comes in."),
            ("agent", f"{opening}, 100 on Friday the 27th and 200 on the 10th of December."),
        ]
        assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-11-27"), ("payment_promise", "2026-12-10")]
