"""Customer profiles, aggregated over all of a customer's calls and conversations.

`load_customer_profile(session, customer_id)` is what `GET /v1/customers/{id}` reads;
`find_customer_by_ani(session, ani)` maps a caller's number to a customer.
The prosody baseline is the customer's own voice across calls (median and spread of
pitch, loudness and speech rate over their turns), so live signals can be compared with
how this person normally sounds rather than with everyone else.

A caller waiting in the IVR needs a few of these figures at a high request rate:
`DatabaseProfiles.find` (and, on PostgreSQL, `voc.store.postgres_profiles`) reads them as a
`LeanProfile`, with the same scoring functions over a few columns instead of every stored analysis.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from pydantic import BaseModel, Field
from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.orm import Session

from voc.store.db import Database
from voc.store.tables import Call, Result, TaskRow

RECENT_CONTACTS = 50  # profiles weigh the latest contacts; older ones add little


class SentimentPoint(BaseModel):
    call_id: str
    kind: str
    at: dt.datetime
    score: float | None
    emotion: str | None = None


class ProductEnd(BaseModel):
    product: str | None
    end_date: dt.date | None
    task_type: str
    task_id: str
    call_id: str


class OpenTask(BaseModel):
    id: str
    type: str
    title: str
    due_date: dt.date | None
    status: str
    call_id: str


class Spread(BaseModel):
    median: float
    spread: float = Field(description="median absolute deviation, scaled to match a standard deviation")
    n: int


class VoiceBaseline(BaseModel):
    pitch_hz: Spread | None = None
    loudness_dbfs: Spread | None = None
    rate_sps: Spread | None = None


class ChurnRisk(BaseModel):
    level: Literal["low", "medium", "high"]
    score: float = Field(description="0..1")
    reasons: list[str] = Field(default_factory=list)


class Contacts(BaseModel):
    total: int
    calls: int
    conversations: int
    analyzed: int


class CustomerProfile(BaseModel):
    customer_id: str
    contacts: Contacts
    first_contact: dt.datetime | None
    last_contact: dt.datetime | None
    sentiment_trend: list[SentimentPoint] = Field(description="analysed contacts, oldest first")
    sentiment_direction: Literal["improving", "worsening", "steady", "unknown"]
    open_tasks: list[OpenTask]
    products: list[ProductEnd]
    churn_risk: ChurnRisk
    prosody_baseline: VoiceBaseline


def find_customer_by_ani(session: Session, ani: str) -> str | None:
    """The customer of the latest contact from this caller number, if any carried both."""
    return session.scalar(
        select(Call.customer_id)
        .where(Call.ani == ani, Call.customer_id.is_not(None))
        .order_by(Call.created_at.desc())
        .limit(1)
    )


def load_customer_profile(session: Session, customer_id: str) -> CustomerProfile | None:
    """The profile, or None when the customer has no contacts at all."""
    rows = session.execute(
        select(Call, Result)
        .outerjoin(Result, Result.call_id == Call.id)
        .where(Call.customer_id == customer_id)
        .order_by(Call.created_at.desc())
        .limit(RECENT_CONTACTS)
    )
    contacts: list[tuple[Call, Result | None]] = [(call, result) for call, result in rows]
    if not contacts:
        return None
    contacts.reverse()  # oldest first
    tasks = list(session.scalars(select(TaskRow).where(TaskRow.customer_id == customer_id)))
    trend = [
        SentimentPoint(
            call_id=call.id,
            kind=call.kind,
            at=_contact_time(call),
            score=result.customer_sentiment,
            emotion=result.customer_emotion,
        )
        for call, result in contacts
        if result is not None
    ]
    times = [_contact_time(call) for call, _ in contacts]
    return CustomerProfile(
        customer_id=customer_id,
        contacts=Contacts(
            total=len(contacts),
            calls=sum(1 for call, _ in contacts if call.kind == "call"),
            conversations=sum(1 for call, _ in contacts if call.kind == "conversation"),
            analyzed=len(trend),
        ),
        first_contact=min(times),
        last_contact=max(times),
        sentiment_trend=trend,
        sentiment_direction=sentiment_direction(trend),
        open_tasks=[
            OpenTask(id=t.id, type=t.type, title=t.title, due_date=t.due_date, status=t.status, call_id=t.call_id)
            for t in tasks
            if t.status != "done"
        ],
        products=_products(tasks),
        churn_risk=churn_risk([r for _, r in contacts if r is not None], trend, tasks),
        prosody_baseline=prosody_baseline([r for _, r in contacts if r is not None]),
    )


def customer_products(session: Session, customer_id: str, limit: int = 6) -> list[str]:
    """The products named on this customer's stored tasks, most recently seen first: the
    per-call terms the recogniser hears best (docs/asr.md, "Per-call terms")."""
    latest = func.max(TaskRow.created_at)
    rows = session.execute(
        select(TaskRow.product, latest)
        .where(TaskRow.customer_id == customer_id, TaskRow.product.is_not(None))
        .group_by(TaskRow.product)
        .order_by(latest.desc(), TaskRow.product)
        .limit(limit)
    )
    return [str(product) for product, _ in rows if product]


def _contact_time(call: Call) -> dt.datetime:
    return _aware(call.started_at or call.created_at)


def _products(tasks: list[TaskRow]) -> list[ProductEnd]:
    ends = [
        ProductEnd(product=t.product, end_date=t.due_date, task_type=t.type, task_id=t.id, call_id=t.call_id)
        for t in tasks
        if t.type in ENDING_PRODUCT_TASKS
    ]
    return sorted(ends, key=lambda p: (p.end_date is None, p.end_date or dt.date.max))


def sentiment_direction(
    trend: list[SentimentPoint],
) -> Literal["improving", "worsening", "steady", "unknown"]:
    scores = [p.score for p in trend if p.score is not None]
    if len(scores) < 2:
        return "unknown"
    half = len(scores) // 2
    change = statistics.fmean(scores[half:]) - statistics.fmean(scores[:half])
    if change > 0.15:
        return "improving"
    if change < -0.15:
        return "worsening"
    return "steady"


def churn_risk(results: list[Result], trend: list[SentimentPoint], tasks: list[TaskRow]) -> ChurnRisk:
    """A transparent score from explicit signals; each one that fires is named in `reasons`."""
    score, reasons = 0.0, []
    signals = sum(r.churn_signals for r in results[-5:])
    if signals:
        score += min(0.5, 0.25 * signals)
        reasons.append(f"{signals} churn signal(s) in the last contacts (threats to leave, churn tasks)")
    recent = [p.score for p in trend[-3:] if p.score is not None]
    if recent and statistics.fmean(recent) < -0.3:
        score += 0.25
        reasons.append("negative sentiment in recent contacts")
    if sentiment_direction(trend) == "worsening":
        score += 0.15
        reasons.append("sentiment worsening over time")
    complaints = sum(1 for t in tasks if t.type == "complaint" and t.status != "done")
    if complaints:
        score += min(0.2, 0.1 * complaints)
        reasons.append(f"{complaints} unresolved complaint(s)")
    score = round(min(1.0, score), 3)
    level: Literal["low", "medium", "high"] = "high" if score >= 0.5 else "medium" if score >= 0.25 else "low"
    return ChurnRisk(level=level, score=score, reasons=reasons)


def _spread(values: list[float]) -> Spread | None:
    if not values:
        return None
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values) * 1.4826
    return Spread(median=round(median, 3), spread=round(mad, 3), n=len(values))


def prosody_baseline(results: list[Result]) -> VoiceBaseline:
    pooled: dict[str, list[float]] = {"pitch_hz": [], "loudness_dbfs": [], "rate_sps": []}
    for result in results:
        for name, values in (result.customer_prosody or {}).items():
            if name in pooled:
                pooled[name].extend(values)
    return VoiceBaseline(
        pitch_hz=_spread(pooled["pitch_hz"]),
        loudness_dbfs=_spread(pooled["loudness_dbfs"]),
        rate_sps=_spread(pooled["rate_sps"]),
    )


def load_voice_baseline(session: Session, customer_id: str) -> VoiceBaseline:
    """The customer's voice over their latest analysed calls (what the profile reports), for a
    new call of theirs to be scored against; empty when none of their calls was analysed."""
    results = session.scalars(
        select(Result)
        .join(Call, Result.call_id == Call.id)
        .where(Call.customer_id == customer_id, Call.kind == "call")
        .order_by(Call.created_at.desc())
        .limit(RECENT_CONTACTS)
    )
    return prosody_baseline(list(results))


ENDING_PRODUCT_TASKS = ("deposit_maturity", "product_expiry")


@dataclass(frozen=True)
class EndingProduct:
    product: str | None
    task_type: str  # deposit_maturity | product_expiry
    end_date: dt.date


@dataclass(frozen=True)
class LeanProfile:
    """The part of `CustomerProfile` a per-call lookup needs, computed by the same functions."""

    customer_id: str
    open_task_types: tuple[str, ...]
    products_ending: tuple[EndingProduct, ...]  # tasks with an end date, in no particular order
    churn_risk: float  # CustomerProfile.churn_risk.score
    last_sentiment_score: float | None  # the latest scored contact's customer sentiment
    contact_times: tuple[dt.datetime, ...]  # the recent contacts (up to RECENT_CONTACTS), oldest first
    prosody_baseline: VoiceBaseline


class DatabaseProfiles:
    """Lean profiles from the service's database, loaded with statements built once (SQLAlchemy
    compiles them once, too), for a caller's clock.

    On SQLite a lookup is a read of a local file that WAL mode keeps from waiting on writers:
    about 0.2 ms, cheaper than handing it to another thread, so a caller may run it inline
    (`answers_inline`). The rare lock a reader can meet (a checkpoint as the last connection
    closes) is given up on after LOCKED_READ_GIVE_UP_MS. On PostgreSQL the server cancels a
    lookup that outlives `server_timeout_ms` (the longest time anyone still waits for the
    answer), so a sick database does not pile them up; callers on an event loop await
    `voc.store.postgres_profiles` instead.
    """

    LOCKED_READ_GIVE_UP_MS = 50

    def __init__(self, database: Database, server_timeout_ms: int) -> None:
        self.database = database
        self.answers_inline = database.is_sqlite
        give_up_ms = self.LOCKED_READ_GIVE_UP_MS if database.is_sqlite else server_timeout_ms
        self._engine = database.impatient_read_engine(give_up_ms)

    def find(self, customer_id: str | None, ani: str | None) -> LeanProfile | None:
        """The customer's lean profile (by id, else by the caller's number); None if there is none."""
        with self._engine.connect() as connection:
            if not customer_id and ani:
                customer_id = connection.execute(CUSTOMER_BY_ANI, {"ani": ani}).scalar()
            if not customer_id:
                return None
            return load_lean_profile(connection, customer_id)


_calls, _results, _tasks = Call.__table__.c, Result.__table__.c, TaskRow.__table__.c

# Core statements with bound parameters, built at import: no ORM compile step per request.
CUSTOMER_BY_ANI = (
    select(_calls.customer_id)
    .where(_calls.ani == bindparam("ani"), _calls.customer_id.is_not(None))
    .order_by(_calls.created_at.desc())
    .limit(1)
)
RECENT_CONTACTS_OF = (
    select(
        _calls.id,
        _calls.kind,
        _calls.started_at,
        _calls.created_at,
        _results.call_id.label("analysed"),
        _results.customer_sentiment,
        _results.customer_emotion,
        _results.churn_signals,
        _results.customer_prosody,
    )
    .select_from(Call.__table__.outerjoin(Result.__table__, _results.call_id == _calls.id))
    .where(_calls.customer_id == bindparam("customer_id"))
    .order_by(_calls.created_at.desc())
    .limit(RECENT_CONTACTS)
)
CUSTOMER_TASKS = select(_tasks.type, _tasks.status, _tasks.due_date, _tasks.product).where(
    _tasks.customer_id == bindparam("customer_id")
)


def load_lean_profile(connection: Connection, customer_id: str) -> LeanProfile | None:
    newest_first = connection.execute(RECENT_CONTACTS_OF, {"customer_id": customer_id}).all()
    if not newest_first:
        return None
    tasks = connection.execute(CUSTOMER_TASKS, {"customer_id": customer_id}).all()
    return lean_profile_from_rows(customer_id, newest_first, tasks)


def lean_profile_from_rows(customer_id: str, newest_first: Sequence[Any], tasks: Sequence[Any]) -> LeanProfile:
    """The lean profile from the rows of `RECENT_CONTACTS_OF` and `CUSTOMER_TASKS`, whichever driver read them."""
    contacts = list(reversed(newest_first))  # oldest first, as the full profile aggregates them
    analysed = [c for c in contacts if c.analysed is not None]
    trend = [
        SentimentPoint(call_id=c.id, kind=c.kind, at=_aware(c.started_at or c.created_at), score=c.customer_sentiment)
        for c in analysed
    ]
    # The full profile's own scoring, fed rows that carry the same attribute names as its ORM objects.
    churn = churn_risk(cast(list[Result], analysed), trend, cast(list[TaskRow], tasks))
    scored = [p.score for p in trend if p.score is not None]
    return LeanProfile(
        customer_id=customer_id,
        open_task_types=tuple(t.type for t in tasks if t.status != "done"),
        products_ending=tuple(
            EndingProduct(product=t.product, task_type=t.type, end_date=t.due_date)
            for t in tasks
            if t.type in ENDING_PRODUCT_TASKS and t.due_date is not None
        ),
        churn_risk=churn.score,
        last_sentiment_score=scored[-1] if scored else None,
        contact_times=tuple(_aware(c.started_at or c.created_at) for c in contacts),
        prosody_baseline=prosody_baseline(cast(list[Result], analysed)),
    )


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
