"""The other side doubts an end with another date after a few words ("А мне в договоре казалось, до ...", "Actually I
thought it was the 28th"): the past belief keeps its date, and the bank's check settles it (issue 12, round tasks10:
dates12's and spoken5's misses)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_russian_doubt_after_a_few_words_moves_the_end_the_bank_confirms() -> None:
    lines = [
        ("customer", "До какого числа у меня полис ОСАГО?"),
        ("agent", "Полис действует до второго марта."),
        ("customer", "А мне в полисе казалось, до двенадцатого марта."),
        ("agent", "Сейчас гляну. Да, вы правы, до двенадцатого марта."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-03-12")]


def test_an_english_doubt_led_by_actually_moves_the_end() -> None:
    lines = [
        ("customer", "When does my home insurance run out?"),
        ("agent", "Your home policy is valid until the 3rd of February."),
        ("customer", "Actually I thought it was the 13th."),
        ("agent", "Let me check. Yes, you're right, our system says the 13th of February."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2027-02-13")]


def test_a_past_fact_with_a_date_stays_past() -> None:
    lines = [("customer", "Я думала об этом ещё двадцатого ноября, но так и не позвонила.")]
    assert pairs(tasks_of(lines)) == []
