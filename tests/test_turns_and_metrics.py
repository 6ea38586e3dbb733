"""Turn building and call metrics on hand-timed words (pure steps, no model)."""

from __future__ import annotations

import pytest

from voc.call_metrics import measure_call
from voc.schemas import Word
from voc.stage_types import StreamTranscript
from voc.turns import build_turns


def _words(text: str, start: float, step: float = 0.4) -> list[Word]:
    return [
        Word(word=w, start=round(start + i * step, 3), end=round(start + i * step + step * 0.8, 3), probability=0.9)
        for i, w in enumerate(text.split())
    ]


def _call() -> list[StreamTranscript]:
    agent = _words("Здравствуйте банк слушаю", 0.5) + _words("Когда заканчивается вклад", 6.0)
    customer = _words("У меня вопрос по вкладу", 2.0) + _words("Пятнадцатого марта", 8.0)
    return [StreamTranscript("agent", agent), StreamTranscript("customer", customer)]


def test_turns_alternate_in_time_order() -> None:
    turns = build_turns(_call())
    assert [t.speaker for t in turns] == ["agent", "customer", "agent", "customer"]
    assert turns[1].text == "У меня вопрос по вкладу"
    assert turns[1].start == pytest.approx(2.0)
    assert turns[1].end == pytest.approx(2.0 + 4 * 0.4 + 0.32)
    assert [t.index for t in turns] == [0, 1, 2, 3]
    assert not any(t.overlap for t in turns)


def test_long_pause_splits_a_speakers_speech_but_short_one_does_not() -> None:
    words = _words("раз два", 0.0) + _words("три", 1.5) + _words("четыре", 6.0)
    turns = build_turns([StreamTranscript("customer", words)])
    assert [t.text for t in turns] == ["раз два три", "четыре"]


def test_interruption_and_overtalk() -> None:
    agent = _words("Давайте я сначала объясню условия вклада подробно", 0.0)
    customer = _words("Нет подождите", 1.0)  # starts while the agent keeps talking
    turns = build_turns([StreamTranscript("agent", agent), StreamTranscript("customer", customer)])
    metrics = measure_call(turns, duration_s=4.0)
    assert metrics.speakers["customer"].interruptions == 1
    assert metrics.speakers["agent"].interruptions == 0
    assert metrics.overtalk_s == pytest.approx(0.72, abs=0.01)  # all of the customer's words
    assert all(t.overlap for t in turns)


def test_talk_time_and_silence() -> None:
    turns = build_turns(_call())
    metrics = measure_call(turns, duration_s=10.0)
    agent_talk = metrics.speakers["agent"].talk_time_s
    customer_talk = metrics.speakers["customer"].talk_time_s
    assert agent_talk == pytest.approx(2 * (2 * 0.4 + 0.32), abs=0.01)
    assert customer_talk == pytest.approx((4 * 0.4 + 0.32) + (0.4 + 0.32), abs=0.01)
    assert metrics.silence_s == pytest.approx(10.0 - agent_talk - customer_talk, abs=0.02)
    # Between the customer's first turn (ends 3.92) and the agent's second (starts 6.0).
    assert metrics.longest_silence_s == pytest.approx(6.0 - 3.92, abs=0.01)
    assert metrics.interruptions == 0
    assert metrics.overtalk_s == 0


def test_empty_call() -> None:
    metrics = measure_call([], duration_s=5.0)
    assert metrics.silence_s == 5.0
    assert metrics.speakers == {}


def test_hyphenated_endings_and_punctuation_are_glued() -> None:
    tokens = ["после", "20", "-го", "декабря", "."]
    words = [Word(word=w, start=i, end=i + 0.5, probability=0.9) for i, w in enumerate(tokens)]
    turns = build_turns([StreamTranscript("customer", words)])
    assert turns[0].text == "после 20-го декабря."
