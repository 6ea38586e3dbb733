"""LiveRouter: signals under the budget, degraded answers, which engines run on which path."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest

from tests.routing.helpers import TODAY, ManualClock, UnhurriedClock, text_signals
from voc.routing.engines import decode_clip
from voc.routing.live import MAX_IVR_TEXT_CHARS, LiveRouter, RouteEngines, RouteRequest
from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyStore
from voc.routing.profiles import StaticProfiles
from voc.routing.signals import TextSignals
from voc.schemas import Prosody
from voc.views import RouteView

PROFILES = [
    {
        "customer_id": "C-1",
        "phones": ["+70000000001"],
        "open_tasks": [{"type": "callback"}],
        "products": [
            {"name": "Вклад Надёжный", "kind": "deposit", "end_date": "2026-12-03"},
            {"name": "Кредитка", "kind": "card", "end_date": "2027-06-01"},
        ],
        "churn_risk": 0.35,
        "last_contact": {"sentiment": "negative"},
        "contacts_last_7_days": 2,
        "prosody_baseline": {
            "pitch_median_hz": {"median": 200.0, "mad": 1.5},
            "loudness": {"median": -24.0, "mad": 3.0},
        },
    }
]


def keyword_text_engine(text: str, language: str | None) -> TextSignals:
    """A stand-in text engine for orchestration tests (the real one is the text stage's)."""
    if "уйду" in text:
        return text_signals("negative", -0.8, ("threat_to_leave",))
    return text_signals("neutral", 0.0)


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []


@pytest.fixture
def router() -> Iterator[LiveRouter]:
    r = LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH),
        StaticProfiles(PROFILES),
        RouteEngines(text=keyword_text_engine),
        clock=UnhurriedClock(),
    )
    yield r
    r.close()


def test_text_path_known_customer(router: LiveRouter) -> None:
    answer = router.route(RouteRequest(customer_id="C-1", ivr_text="хочу узнать про вклад"), today=TODAY)
    body = RouteView.from_answer(answer).model_dump(mode="json")
    assert (body["queue"], body["priority"], body["degraded"]) == ("deposits", 3, False)
    assert body["context"] == {
        "known_customer": True,
        "customer_id": "C-1",
        "open_tasks": ["callback"],
        "products_ending_soon": [
            {"product": "Вклад Надёжный", "kind": "deposit", "end_date": "2026-12-03", "days_left": 8}
        ],
        "churn_risk": 0.35,
        "last_contact_sentiment": "negative",
        "contacts_last_7_days": 2,
    }
    assert body["emotion"] == {"label": "neutral", "arousal": 0.0, "valence": 0.0}
    assert len(body["decision_id"]) == 32


def test_angry_words_route_to_retention_by_ani(router: LiveRouter) -> None:
    answer = router.route(RouteRequest(ani="+70000000001", ivr_text="я уйду к конкурентам"), today=TODAY)
    assert answer.decision.queue == "retention_senior"
    assert answer.context["customer_id"] == "C-1"


def test_unknown_customer_is_degraded_default_queue(router: LiveRouter) -> None:
    answer = router.route(RouteRequest(customer_id="C-404", ivr_text="я уйду"), today=TODAY)
    assert (answer.decision.queue, answer.degraded) == ("general", True)
    assert answer.skipped == {"profile": "no customer matches this caller"}
    assert "skipped profile: no customer matches this caller" in answer.reasons
    assert answer.context["known_customer"] is False


def test_100_kb_of_text_is_cut_and_says_so(router: LiveRouter) -> None:
    text = "я уйду к конкурентам " + "бла " * 25_000
    answer = router.route(RouteRequest(customer_id="C-1", ivr_text=text), today=TODAY)
    assert answer.degraded
    assert (
        answer.skipped["ivr_text"]
        == f"cut from {len(text.strip())} to the first {MAX_IVR_TEXT_CHARS} characters"
    )
    assert answer.decision.queue == "retention_senior"  # the start of the text still counts


def test_slow_profile_store_is_skipped_at_the_budget() -> None:
    clock = ManualClock()
    release, answered_by_store = threading.Event(), threading.Event()

    class SlowProfiles:
        """A lookup that takes 0.2 s of the router's time, and then waits for the test."""

        def find(self, customer_id: str | None, ani: str | None, today: object) -> None:
            clock.advance(0.2)
            release.wait(60)
            answered_by_store.set()

    r = LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH),
        SlowProfiles(),
        RouteEngines(text=keyword_text_engine, text_is_fast=True),  # inline: only the profile races the clock
        clock=clock,
    )
    try:
        answer = r.route(RouteRequest(customer_id="C-1", ivr_text="алло", budget_ms=150), today=TODAY)
        assert not answered_by_store.is_set()  # the caller was answered without waiting for the store
    finally:
        release.set()
        r.close()
    assert answer.skipped == {"profile": "not ready within the 150 ms budget"}
    assert answer.elapsed_ms >= 150  # the router waited for the budget, not less
    assert answer.decision.queue == "general"


def test_audio_with_text_measures_voice_against_own_baseline_and_never_transcribes() -> None:
    def never(*_: object) -> str:
        raise AssertionError("transcription must not run when ivr_text is given")

    engines = RouteEngines(
        text=keyword_text_engine,
        decode=lambda data: (np.zeros(16000, dtype=np.float32), 16000),
        voice=lambda samples, rate: Prosody(pitch_median_hz=260.0, loudness_dbfs=-15.0),
        transcribe=never,
    )
    r = LiveRouter(PolicyStore(DEFAULT_POLICY_PATH), StaticProfiles(PROFILES), engines, clock=UnhurriedClock())
    try:
        answer = r.route(RouteRequest(customer_id="C-1", ivr_text="я уйду", audio=b"x"), today=TODAY)
    finally:
        r.close()
    assert not answer.degraded
    assert answer.decision.emotion.label == "angry"
    assert answer.decision.emotion.arousal >= 0.8  # pitch z 3.0, loudness z 3.0 against the customer's own
    assert any(reason.startswith("emotion angry") for reason in answer.reasons)


def test_audio_without_text_is_transcribed_then_analysed() -> None:
    engines = RouteEngines(
        text=keyword_text_engine,
        decode=lambda data: (np.zeros(16000, dtype=np.float32), 16000),
        transcribe=lambda samples, rate, language: "я уйду от вас",
        missing={"voice": "prosody measurement not installed"},
    )
    r = LiveRouter(PolicyStore(DEFAULT_POLICY_PATH), StaticProfiles(PROFILES), engines, clock=UnhurriedClock())
    try:
        answer = r.route(RouteRequest(customer_id="C-1", audio=b"x"), today=TODAY)
    finally:
        r.close()
    assert answer.transcript == "я уйду от вас"
    assert answer.decision.queue == "retention_senior"
    assert answer.skipped == {"voice": "prosody measurement not installed"}


def test_bytes_that_are_not_audio_give_a_degraded_answer_with_the_reason() -> None:
    engines = RouteEngines(text=keyword_text_engine, decode=decode_clip, voice=lambda s, r: Prosody())
    r = LiveRouter(PolicyStore(DEFAULT_POLICY_PATH), StaticProfiles(PROFILES), engines, clock=UnhurriedClock())
    try:
        answer = r.route(
            RouteRequest(customer_id="C-1", ivr_text="вклад", audio=b"<html>not audio</html>"), today=TODAY
        )
    finally:
        r.close()
    assert answer.decision.queue == "deposits"
    assert answer.degraded
    assert answer.skipped == {"voice": "the upload is text, not an audio recording"}


def test_a_failing_inline_text_engine_is_skipped_not_raised() -> None:
    def broken(text: str, language: str | None) -> TextSignals:
        raise RuntimeError("lexicon files missing")

    engines = RouteEngines(text=broken, text_is_fast=True)
    r = LiveRouter(PolicyStore(DEFAULT_POLICY_PATH), StaticProfiles(PROFILES), engines, clock=UnhurriedClock())
    try:
        answer = r.route(RouteRequest(customer_id="C-1", ivr_text="вклад"), today=TODAY)
    finally:
        r.close()
    assert answer.skipped == {"text": "lexicon files missing"}
    assert answer.decision.queue == "deposits"
