"""Answer one IVR routing request: gather signals under the time budget, apply the policy, log it.

Never raises for bad or missing signals: whatever could not be computed is named in `skipped`
and the answer is `degraded`. Only a request without any caller id is refused (by the API layer).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from voc.routing.budget import (
    DEFAULT_BUDGET_MS,
    BudgetResult,
    Clock,
    SignalRunner,
    clamp_budget_ms,
    collect_async,
    run_inline,
)
from voc.routing.policy import PolicyStore
from voc.routing.recommend import RouteDecision, recommend_route
from voc.routing.record import customer_summary, summarize_signals
from voc.routing.signals import (
    POPULATION_BASELINE,
    CustomerFacts,
    RouteSignals,
    TextSignals,
    prosody_z,
)
from voc.schemas import Prosody

MAX_IVR_TEXT_CHARS = 2000  # an IVR utterance is a sentence or two; more is noise or abuse
MAX_AUDIO_SECONDS = 15.0
PRODUCTS_ENDING_SOON_DAYS = 30


class ProfileSource(Protocol):
    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        """The caller's facts, or None when no customer matches."""
        ...


class DecisionSink(Protocol):
    def submit(self, row: dict[str, Any]) -> None:
        """Store a decision, keyed by the decision log's columns (voc.store.tables.route_decisions),
        without making the caller wait for the database."""
        ...


AsyncProfileFind = Callable[[str | None, str | None, dt.date], Awaitable[CustomerFacts | None]]
TextAnalyzer = Callable[[str, str | None], TextSignals]
AudioDecoder = Callable[[bytes], tuple[np.ndarray, int]]  # mono float32 samples, sample rate
VoiceMeter = Callable[[np.ndarray, int], Prosody]
Transcribe = Callable[[np.ndarray, int, str | None], str]
Redact = Callable[[str, str | None], str]  # text, language -> the text with personal data masked


@dataclass(frozen=True)
class RouteRequest:
    customer_id: str | None = None
    ani: str | None = None
    session_id: str | None = None
    ivr_text: str | None = None
    audio: bytes | None = None
    ivr_path: tuple[str, ...] = ()
    language: str | None = None
    budget_ms: float | None = None


@dataclass(frozen=True)
class RouteAnswer:
    decision_id: str
    decision: RouteDecision
    context: dict[str, Any]
    skipped: dict[str, str]
    elapsed_ms: float
    transcript: str | None = None

    @property
    def degraded(self) -> bool:
        return bool(self.skipped)

    @property
    def reasons(self) -> list[str]:
        return [*self.decision.reasons, *(f"skipped {name}: {why}" for name, why in self.skipped.items())]


@dataclass
class RouteEngines:
    """The signal computations a router may use; any of them may be missing (then it is skipped)."""

    text: TextAnalyzer | None = None
    decode: AudioDecoder | None = None
    voice: VoiceMeter | None = None
    transcribe: Transcribe | None = None
    # A text engine that costs well under a millisecond runs in the request's own thread: a hand-off
    # to the pool would cost more than the work.
    text_is_fast: bool = False
    missing: dict[str, str] = field(default_factory=dict)  # engine -> why it is not available


class _ClipOnce:
    """Decodes the request's audio at most once, for whichever signal asks first."""

    def __init__(self, data: bytes, decode: AudioDecoder) -> None:
        self._data, self._decode = data, decode
        self._lock = threading.Lock()
        self._clip: tuple[np.ndarray, int] | None = None

    def get(self) -> tuple[np.ndarray, int]:
        with self._lock:
            if self._clip is None:
                self._clip = self._decode(self._data)
            return self._clip


@dataclass
class _PendingRoute:
    """A request whose signals are running: what `_finish` needs once they are in or out of time."""

    req: RouteRequest
    text: str
    today: dt.date
    began: float
    budget_ms: float
    deadline: float  # a time on the router's clock
    skipped: dict[str, str]
    light: dict[Future[Any], str]
    heavy: dict[Future[Any], str]
    result: BudgetResult


class LiveRouter:
    def __init__(
        self,
        policies: PolicyStore,
        profiles: ProfileSource,
        engines: RouteEngines,
        sink: DecisionSink | None = None,
        default_budget_ms: float = DEFAULT_BUDGET_MS,
        profiles_inline: bool = False,
        profiles_async: AsyncProfileFind | None = None,
        clock: Clock = time.perf_counter,
        redact: Redact | None = None,
    ) -> None:
        """`profiles_inline`: the profile source answers in well under a millisecond and cannot hang
        (an in-memory or local SQLite store), so it runs in the request's own thread: a hand-off to
        the signal pool costs more CPU than the lookup. `profiles_async`: the same lookup as a
        coroutine, which `route_async` awaits instead of using a signal thread. `clock`: what
        budgets and `elapsed_ms` are measured on (seconds, monotonic). `redact`: masks personal data
        in the caller's words (IVR text, transcribed clip) before the decision is logged."""
        self.policies = policies
        self.profiles = profiles
        self.engines = engines
        self.sink = sink
        self.default_budget_ms = default_budget_ms
        self.profiles_inline = profiles_inline
        self.profiles_async = None if profiles_inline else profiles_async
        self.clock = clock
        self.redact = redact
        self._light = SignalRunner(workers=8)
        self._heavy = SignalRunner(workers=1)  # one ASR model, one clip at a time

    def route(self, req: RouteRequest, today: dt.date | None = None) -> RouteAnswer:
        pending = self._start(req, today)
        self._light.collect(pending.light, pending.deadline, pending.budget_ms, pending.result, self.clock)
        self._heavy.collect(pending.heavy, pending.deadline, pending.budget_ms, pending.result, self.clock)
        return self._finish(pending)

    async def route_async(self, req: RouteRequest, today: dt.date | None = None) -> RouteAnswer:
        """`route` for an event loop: the loop awaits the signal threads instead of blocking a thread
        of its own; a text-only request with inline profiles runs without any thread hand-off."""
        pending = self._start(req, today, profile_awaited=self.profiles_async is not None)
        started: dict[asyncio.Future[Any] | Future[Any], str] = {
            future: name for future, name in [*pending.light.items(), *pending.heavy.items()]
        }
        if self.profiles_async is not None:
            started[asyncio.ensure_future(self.profiles_async(req.customer_id, req.ani, pending.today))] = "profile"
        await collect_async(started, pending.deadline, pending.budget_ms, pending.result, self.clock)
        return self._finish(pending)

    def _start(self, req: RouteRequest, today: dt.date | None, profile_awaited: bool = False) -> _PendingRoute:
        """Start every signal the request allows; the fast ones (text, local profiles) are computed here."""
        began = self.clock()
        budget_ms = clamp_budget_ms(req.budget_ms, self.default_budget_ms)
        skipped: dict[str, str] = {}
        text = (req.ivr_text or "").strip()
        if len(text) > MAX_IVR_TEXT_CHARS:
            skipped["ivr_text"] = f"cut from {len(text)} to the first {MAX_IVR_TEXT_CHARS} characters"
            text = text[:MAX_IVR_TEXT_CHARS]
        today = today or dt.date.today()
        light, heavy = self._plan(req, text, today, skipped)
        inline = {"text": light.pop("text")} if self.engines.text_is_fast and "text" in light else {}
        if self.profiles_inline:
            inline["profile"] = light.pop("profile")
        elif profile_awaited:
            del light["profile"]  # the caller awaits the lookup itself
        heavy_started = self._heavy.start(heavy)
        light_started = self._light.start(light)
        return _PendingRoute(
            req=req,
            text=text,
            today=today,
            began=began,
            budget_ms=budget_ms,
            deadline=began + budget_ms / 1000.0,
            skipped=skipped,
            light=light_started,
            heavy=heavy_started,
            result=run_inline(inline),
        )

    def _finish(self, pending: _PendingRoute) -> RouteAnswer:
        """Apply the policy to whatever signals arrived in time, and log the decision."""
        req, result, skipped = pending.req, pending.result, pending.skipped
        skipped.update(result.skipped)
        customer = result.values.get("profile")
        if "profile" in result.values and customer is None:
            skipped["profile"] = "no customer matches this caller"
        text_signals, transcript = self._text_signals(result.values)
        signals = RouteSignals(
            text=transcript if transcript is not None else pending.text,
            language=req.language,
            ivr_path=req.ivr_path,
            text_signals=text_signals,
            customer=customer,
            today=pending.today,
            **self._voice_z(result.values.get("voice"), customer),
        )
        decision = recommend_route(signals, self.policies.current())
        answer = RouteAnswer(
            decision_id=new_decision_id(),
            decision=decision,
            context=_context(customer),
            skipped=skipped,
            elapsed_ms=round((self.clock() - pending.began) * 1000.0, 2),
            transcript=transcript,
        )
        if self.sink is not None:
            self.sink.submit(_log_row(answer, req, signals, self.redact))
        return answer

    def _plan(
        self, req: RouteRequest, text: str, today: dt.date, skipped: dict[str, str]
    ) -> tuple[dict[str, Callable[[], Any]], dict[str, Callable[[], Any]]]:
        e = self.engines
        light: dict[str, Callable[[], Any]] = {"profile": lambda: self.profiles.find(req.customer_id, req.ani, today)}
        heavy: dict[str, Callable[[], Any]] = {}
        if text:
            if e.text is not None:
                analyze = e.text
                light["text"] = lambda: analyze(text, req.language)
            else:
                skipped["text"] = e.missing.get("text", "no text sentiment engine available")
        if not req.audio:
            return light, heavy
        if e.decode is None:
            skipped["audio"] = e.missing.get("decode", "no audio decoder available")
            return light, heavy
        clip = _ClipOnce(req.audio, e.decode)
        if e.voice is not None:
            meter = e.voice
            light["voice"] = lambda: meter(*clip.get())
        else:
            skipped["voice"] = e.missing.get("voice", "no prosody measurement available")
        if not text:
            if e.transcribe is None or e.text is None:
                skipped["transcript"] = e.missing.get("transcribe", "no transcription available")
            else:
                transcribe, analyze = e.transcribe, e.text

                def transcript_signals() -> tuple[str, TextSignals]:
                    said = transcribe(*clip.get(), req.language)
                    return said, analyze(said, req.language)

                heavy["transcript"] = transcript_signals
        return light, heavy

    @staticmethod
    def _text_signals(values: dict[str, Any]) -> tuple[TextSignals | None, str | None]:
        if "transcript" in values:
            said, signals = values["transcript"]
            return signals, said
        return values.get("text"), None

    @staticmethod
    def _voice_z(prosody: Prosody | None, customer: CustomerFacts | None) -> dict[str, Any]:
        if prosody is None:
            return {}
        baseline = customer.prosody_baseline if customer else POPULATION_BASELINE
        return {"prosody": prosody_z(prosody, baseline), "prosody_baseline": baseline.source}

    def warm_up(self) -> None:
        """Load what the text path needs before the first caller (a slow first request is a lost caller)."""
        if self.engines.text is not None:
            self.engines.text("проверка связи", "ru")
        self.policies.current()

    def close(self) -> None:
        self._light.close()
        self._heavy.close()


def new_decision_id() -> str:
    return uuid.uuid4().hex  # 32 characters, the decision log's key


def _context(customer: CustomerFacts | None) -> dict[str, Any]:
    if customer is None:
        return {
            "known_customer": False,
            "open_tasks": [],
            "products_ending_soon": [],
            "churn_risk": None,
            "last_contact_sentiment": None,
            "contacts_last_7_days": 0,
        }
    summary = customer_summary(customer)
    return {
        "known_customer": True,
        "customer_id": customer.customer_id,
        "open_tasks": summary["open_tasks"],
        "products_ending_soon": [
            p for p in summary["products_ending"] if 0 <= p["days_left"] <= PRODUCTS_ENDING_SOON_DAYS
        ],
        "churn_risk": customer.churn_risk,
        "last_contact_sentiment": customer.last_contact_sentiment,
        "contacts_last_7_days": customer.contacts_last_7_days,
    }


def _log_row(answer: RouteAnswer, req: RouteRequest, signals: RouteSignals, redact: Redact | None) -> dict[str, Any]:
    d = answer.decision
    inputs = summarize_signals(signals)
    if redact is not None:  # the log keeps what a policy needs, never a card number said to the IVR
        inputs["text"] = redact(inputs["text"], signals.language)
        if inputs["text_signals"] is not None:
            for cue in inputs["text_signals"]["cues"]:
                cue["text"] = redact(cue["text"], signals.language)
    return {
        "id": answer.decision_id,
        "created_at": dt.datetime.now(dt.UTC),
        "session_id": req.session_id,
        "customer_id": signals.customer.customer_id if signals.customer else req.customer_id,
        "queue": d.queue,
        "priority": d.priority,
        "skills": list(d.skills),
        "reasons": answer.reasons,
        "rule": d.rule,
        "policy_version": d.policy_version,
        "degraded": answer.degraded,
        "skipped": answer.skipped,
        "inputs": {
            **inputs,
            "had_audio": bool(req.audio),
            "caller_id": _caller_kind(req),
        },
        "elapsed_ms": answer.elapsed_ms,
    }


def _caller_kind(req: RouteRequest) -> str:
    # The caller's number is personal data: store only how the caller was identified.
    return "customer_id" if req.customer_id else "ani"
