"""Round tasks12 (issue 12): a call-back names its topic after the verb ("call you about the pension account",
"позвоню вам по пенсии"), so an earlier agreed call-back about another thing stays beside it."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_call_about_another_account_keeps_the_first_call() -> None:
    lines = [
        ("agent", "Your savings account matures on the 18th of December."),
        ("agent", "Shall I ring you about the savings on the 11th?"),
        ("customer", "Yes please. And my pension account, my daughter wants to look at it with me."),
        ("agent", "Then I'll call you about the pension account on Monday the 30th."),
    ]
    assert pairs(tasks_of(lines, "en")) == [
        ("callback", "2026-11-30"),
        ("callback", "2026-12-11"),
        ("deposit_maturity", "2026-12-18"),
    ]


def test_russian_call_by_topic_after_the_verb() -> None:
    lines = [
        ("agent", "Я вам перезвоню по переводу третьего декабря, когда ответит банк получателя."),
        ("customer", "Хорошо. И про пенсию ещё хотела спросить."),
        ("agent", "Позвоню вам по пенсии в пятницу, уточню у коллег."),
    ]
    assert [t for t in pairs(tasks_of(lines)) if t[0] == "callback"] == [
        ("callback", "2026-11-27"),
        ("callback", "2026-12-03"),
    ]


def test_a_moved_call_about_the_same_thing_replaces_the_first() -> None:
    lines = [
        ("agent", "I'll call you about the refund on Monday."),
        ("customer", "Monday is no good, I'm at work."),
        ("agent", "Then I'll call you about the refund on Tuesday."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("callback", "2026-12-01")]
