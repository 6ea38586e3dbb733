"""In an agent's summary, a product and a date said alone continue the list item before them, whatever event the
next clause names (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_second_payment_of_a_list_is_not_the_call_backs() -> None:
    lines = [
        ("agent", "Подытожу: по ипотеке вы вносите платёж 3 декабря, по кредитке — 10 декабря, а я наберу вас 11-го."),
        ("customer", "Да, так и есть."),
    ]
    assert pairs(tasks_of(lines)) == [
        ("callback", "2026-12-11"),
        ("payment_promise", "2026-12-03"),
        ("payment_promise", "2026-12-10"),
    ]


def test_an_english_list_keeps_its_second_payment() -> None:
    lines = [
        (
            "agent",
            "To sum up, you'll pay the loan on the 3rd of December, for the card on the 10th,"
            " and I'll call you on the 11th.",
        ),
        ("customer", "Yes, that's it."),
    ]
    assert pairs(tasks_of(lines, "en")) == [
        ("callback", "2026-12-11"),
        ("payment_promise", "2026-12-03"),
        ("payment_promise", "2026-12-10"),
    ]


def test_a_call_back_list_keeps_its_second_call() -> None:
    lines = [("agent", "Я позвоню вам по вкладу 1 декабря, по карте — 4 декабря, а платёж вы вносите 7 декабря.")]
    assert pairs(tasks_of(lines)) == [
        ("callback", "2026-12-01"),
        ("callback", "2026-12-04"),
        ("payment_promise", "2026-12-07"),
    ]
