from __future__ import annotations

import datetime as dt
import re

import pytest

from voc.config import Settings
from voc.errors import ModelMissingError
from voc.extract import extract_tasks
from voc.schemas import CustomerState, Sentiment, Summary, Turn
from voc.summary import ExtractiveSummarizer, load_summarizer, summarize_call

CALL = dt.date(2026, 11, 25)


def turns_of(*lines: tuple[str, str]) -> list[Turn]:
    return [Turn(index=i, speaker=s, start=float(i), end=float(i) + 0.9, text=t) for i, (s, t) in enumerate(lines)]  # type: ignore[arg-type]


def summarise(turns: list[Turn], language: str = "ru", customer: CustomerState | None = None) -> Summary:
    tasks = extract_tasks(turns, language, CALL)
    return summarize_call(turns, tasks, customer, language, ExtractiveSummarizer())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


DEPOSIT_CALL = (
    ("agent", "Банк «Северный», здравствуйте."),
    ("customer", "Здравствуйте. У меня вклад заканчивается пятнадцатого марта, хочу узнать про продление."),
    ("agent", "Ставки ещё не утверждены, я вам перезвоню в пятницу."),
    ("customer", "Хорошо, спасибо большое."),
)


def test_extractive_summary_says_why_what_was_agreed_what_is_open_and_the_mood() -> None:
    summary = summarise(turns_of(*DEPOSIT_CALL))
    assert summary.backend == "extractive"
    assert 2 <= len(sentences(summary.text)) <= 4
    assert summary.reason is not None and "вклад заканчивается" in summary.reason
    assert not summary.reason.startswith("Здравствуйте")
    assert summary.outcome == "перезвонить клиенту 27.11.2026"
    assert summary.open_items == ["Вклад заканчивается 15.03.2027: предложить продление"]
    assert "доволен" in summary.text  # thanked at the end
    assert re.search(r"[а-я]", summary.text)


def test_mood_follows_the_emotion_stage_when_it_ran() -> None:
    customer = CustomerState(sentiment_start="negative", sentiment_end="positive", trajectory="improved")
    summary = summarise(turns_of(*DEPOSIT_CALL), customer=customer)
    assert "сначала недоволен, к концу доволен" in summary.text


def test_mood_from_turn_sentiment_without_customer_state() -> None:
    turns = turns_of(("customer", "Мне опять списали комиссию, я хочу подать жалобу."))
    turns[0].sentiment = Sentiment(label="negative", score=-0.8, confidence=0.9, backend="test")
    summary = summarise(turns)
    assert "недоволен" in summary.text
    assert summary.open_items == ["Разобрать жалобу клиента"]


def test_english_summary_is_english() -> None:
    summary = summarise(
        turns_of(
            ("customer", "Hi, I can't pay my loan this week. I'll pay on the 20th of December."),
            ("agent", "Noted, thank you."),
        ),
        "en",
    )
    assert summary.outcome == "the customer promised to pay by 20 Dec 2026"
    assert summary.text.startswith("Reason for the call:")
    assert not re.search(r"[а-я]", summary.text)


def test_call_with_nothing_to_do() -> None:
    summary = summarise(turns_of(("customer", "Какой сегодня курс доллара?"), ("agent", "Девяносто два рубля.")))
    assert summary.open_items == [] and summary.outcome is None
    assert "Договорённостей и открытых задач нет" in summary.text


def test_empty_call() -> None:
    summary = summarize_call([], [], None, "ru", ExtractiveSummarizer())
    assert summary.text and summary.reason is None


def test_default_backend_is_extractive_and_a_missing_model_folder_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert load_summarizer(Settings()).name == "extractive"
    pytest.importorskip("transformers")
    with pytest.raises(ModelMissingError, match="does not exist"):
        load_summarizer(Settings(summary_backend=str(tmp_path / "nowhere")))


def test_outbound_call_reason_comes_from_the_agent() -> None:
    summary = summarise(
        turns_of(
            ("agent", "Здравствуйте, звоню напомнить, что ваш вклад заканчивается пятнадцатого декабря."),
            ("customer", "Да, спасибо."),
        )
    )
    assert summary.text.startswith("Звонок банка: «Здравствуйте, звоню напомнить")
    assert "спокоен" in summary.text  # a plain "спасибо" is politeness, not delight


def test_each_end_date_takes_its_own_product() -> None:
    turns = turns_of(
        ("customer", "Страховка на квартиру заканчивается двенадцатого июля, а ОСАГО — двадцать девятого августа.")
    )
    tasks = extract_tasks(turns, "ru", CALL)
    assert [(t.product, t.due_date) for t in tasks] == [
        ("insurance", dt.date(2027, 7, 12)),
        ("insurance_osago", dt.date(2027, 8, 29)),
    ]
