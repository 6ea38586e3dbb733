"""An agent's offer to call need not be a question: a refusal in the next turn cancels it all the same
(issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_declined_offer_said_as_a_statement_makes_no_call_back() -> None:
    lines = [
        ("agent", "Могу набрать вас в понедельник, когда посоветуетесь с женой."),
        ("customer", "Не нужно, сам позвоню, если надумаю."),
    ]
    assert pairs(tasks_of(lines)) == []


def test_an_english_offer_declined_makes_no_call_back() -> None:
    lines = [
        ("agent", "I can ring you back on Thursday once the quote is ready."),
        ("customer", "No, that's alright, I'll check the app myself."),
    ]
    assert pairs(tasks_of(lines, "en")) == []


def test_an_accepted_offer_said_as_a_statement_stays() -> None:
    lines = [
        ("agent", "Могу набрать вас в понедельник, когда посоветуетесь с женой."),
        ("customer", "Да, давайте, буду ждать."),
    ]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-30")]
