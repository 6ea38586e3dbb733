"""Customer profiles, aggregated over all of a customer's calls and conversations.

`load_customer_profile(session, customer_id)` is what `GET /v1/customers/{id}` and the
router read; `find_customer_by_ani(session, ani)` maps a caller's number to a customer.
The prosody baseline is the customer's own voice across calls (median and spread of
pitch, loudness and speech rate over their turns), so live signals can be compared with
how this person normally sounds rather than with everyone else.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

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


class ProsodyBaseline(BaseModel):
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
    prosody_baseline: ProsodyBaseline


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


def _contact_time(call: Call) -> dt.datetime:
    when = call.started_at or call.created_at
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _products(tasks: list[TaskRow]) -> list[ProductEnd]:
    ends = [
        ProductEnd(product=t.product, end_date=t.due_date, task_type=t.type, task_id=t.id, call_id=t.call_id)
        for t in tasks
        if t.type in ("deposit_maturity", "product_expiry")
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


def prosody_baseline(results: list[Result]) -> ProsodyBaseline:
    pooled: dict[str, list[float]] = {"pitch_hz": [], "loudness_dbfs": [], "rate_sps": []}
    for result in results:
        for name, values in (result.customer_prosody or {}).items():
            if name in pooled:
                pooled[name].extend(values)
    return ProsodyBaseline(
        pitch_hz=_spread(pooled["pitch_hz"]),
        loudness_dbfs=_spread(pooled["loudness_dbfs"]),
        rate_sps=_spread(pooled["rate_sps"]),
    )
