"""Plain inputs for routing tests: signals built by hand, no models; clocks the tests control."""

from __future__ import annotations

import datetime as dt
import threading
import time

from sqlalchemy.engine import Engine

from voc.routing.signals import CustomerFacts, ProductEnding, RouteSignals, TextSignals
from voc.schemas import Cue, CueKind, Sentiment, SentimentLabel
from voc.store.tables import Base, Call, Result, route_decisions

TODAY = dt.date(2026, 11, 25)


def text_signals(
    label: SentimentLabel = "neutral", score: float = 0.0, cues: tuple[CueKind, ...] = ()
) -> TextSignals:
    return TextSignals(
        sentiment=Sentiment(label=label, score=score, confidence=0.9, backend="test"),
        cues=tuple(Cue(kind=k, text=f"<{k}>") for k in cues),
    )


def customer(**facts: object) -> CustomerFacts:
    return CustomerFacts(customer_id="C-1", **facts)  # type: ignore[arg-type]


def deposit_ending_in(days: int) -> ProductEnding:
    return ProductEnding("Вклад Надёжный", "deposit", TODAY + dt.timedelta(days=days), days)


def signals(**kw: object) -> RouteSignals:
    kw.setdefault("today", TODAY)
    return RouteSignals(**kw)  # type: ignore[arg-type]


def create_log_tables(engine: Engine) -> None:
    """The decision log and the service tables it links outcomes from (migrations do this in production)."""
    Base.metadata.create_all(engine, tables=[Call.__table__, Result.__table__, route_decisions])  # type: ignore[list-item]


class ManualClock:
    """A router clock that stands still until the test moves it: a budget runs out exactly when the
    test says, however fast or busy the machine is."""

    def __init__(self) -> None:
        self._now = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds


class UnhurriedClock:
    """A router clock that runs `slower` times slower than real time (an 800 ms budget lasts 80 s at
    the default): tests that want every signal in on time get it on a busy machine too, and a signal
    that hangs still ends in a skipped signal, not a hung test. Lateness is tested with ManualClock."""

    def __init__(self, slower: float = 100.0) -> None:
        self.slower = slower
        self._began = time.perf_counter()

    def __call__(self) -> float:
        return (time.perf_counter() - self._began) / self.slower
