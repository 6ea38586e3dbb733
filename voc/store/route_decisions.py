"""The routing decision log: every IVR decision with a summary of its inputs, linked to its call's outcome.

The table (`route_decisions` in voc/store/tables.py) is created by the Alembic migration
`0002_route_decisions`. Routing hands decisions to a `DecisionWriter` (its decision sink) as rows
of this table's columns; this module stores, lists and links them.

A decision and its call are linked by the IVR's `session_id`, whichever is stored last:
- the call is analysed after the decision (the usual order): `finish_call` in voc/store/calls.py
  calls `link_decisions_to_call` itself, inside the transaction that stores the analysis. It is
  called there rather than by the job runner because every path that finishes a call (the
  worker, tests, a future live-call hang-up) must link, and the store owns both tables: one
  explicit call in the one function that stores a result, no registry to fill. A savepoint keeps a
  failed link from rolling back or failing the analysis.
- the decision is stored after its call was analysed (a slow log, an imported history):
  `DecisionLog.record` links it as it is written.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from voc.schemas import CallAnalysis
from voc.store.batches import BatchWriter
from voc.store.db import connection_lost
from voc.store.tables import Call, Result, route_decisions

log = logging.getLogger(__name__)


class LoggedDecision(BaseModel):
    """One stored decision, as `GET /v1/route/decisions` lists it and `voc route replay` reads it."""

    model_config = ConfigDict(frozen=True)

    decision_id: str
    created_at: dt.datetime
    session_id: str | None
    customer_id: str | None
    queue: str
    priority: int
    skills: list[str]
    reasons: list[str]
    rule: str | None
    policy_version: str
    degraded: bool
    skipped: dict[str, str]
    inputs: dict[str, Any]
    elapsed_ms: float
    outcome: dict[str, Any] | None
    outcome_call_id: str | None
    outcome_at: dt.datetime | None


def outcome_from_analysis(analysis: CallAnalysis) -> dict[str, Any]:
    """What the call that followed a decision turned into: how the customer ended and what is left to do."""
    customer = analysis.customer
    return {
        "final_customer_sentiment": customer.sentiment_end if customer else None,
        "trajectory": customer.trajectory if customer else None,
        "escalate": customer.escalate if customer else None,
        "peak_emotion": customer.peak.label if customer and customer.peak else None,
        "tasks": [{"type": t.type, "title": t.title, "owner": t.owner} for t in analysis.tasks],
        "duration_s": analysis.duration_s,
    }


class DecisionLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, *rows: dict[str, Any]) -> None:
        """Store decisions (rows keyed by the table's columns); those whose call is analysed link at once."""
        values = [{"created_at": dt.datetime.now(dt.UTC), "outcome": None, **row} for row in rows]
        if values:
            with self.engine.begin() as conn:
                conn.execute(route_decisions.insert(), values)
                sessions = {v["session_id"] for v in values if v.get("session_id")}
                if sessions:
                    _link_already_analysed(conn, sessions)

    def get(self, decision_id: str) -> LoggedDecision | None:
        with self.engine.connect() as conn:
            row = conn.execute(route_decisions.select().where(route_decisions.c.id == decision_id)).first()
        return _to_decision(row) if row else None

    def list(
        self,
        *,
        limit: int = 50,
        before: dt.datetime | None = None,
        customer_id: str | None = None,
        session_id: str | None = None,
        queue: str | None = None,
        linked: bool | None = None,
    ) -> list[LoggedDecision]:
        query = route_decisions.select().order_by(route_decisions.c.created_at.desc(), route_decisions.c.id)
        c = route_decisions.c
        for column, value in ((c.customer_id, customer_id), (c.session_id, session_id), (c.queue, queue)):
            if value is not None:
                query = query.where(column == value)
        if before is not None:
            query = query.where(c.created_at < before)
        if linked is not None:
            query = query.where(c.outcome_at.is_not(None) if linked else c.outcome_at.is_(None))
        with self.engine.connect() as conn:
            return [_to_decision(r) for r in conn.execute(query.limit(limit))]

    def iter_all(self, batch: int = 500) -> Iterator[LoggedDecision]:
        """Oldest first, in pages, for replaying a policy over the whole log."""
        last: tuple[dt.datetime, str] | None = None
        c = route_decisions.c
        while True:
            query = route_decisions.select().order_by(c.created_at, c.id).limit(batch)
            if last is not None:
                query = query.where(sa.tuple_(c.created_at, c.id) > sa.tuple_(*last))
            with self.engine.connect() as conn:
                rows = [_to_decision(r) for r in conn.execute(query)]
            yield from rows
            if len(rows) < batch:
                return
            last = (rows[-1].created_at, rows[-1].decision_id)

    def link_outcome(self, session_id: str, call_id: str, outcome: dict[str, Any]) -> int:
        """Attach a call's outcome to the decisions made for its session; returns how many were linked."""
        with self.engine.begin() as conn:
            result = conn.execute(_link_statement(session_id, call_id, outcome))
        return int(result.rowcount or 0)


def link_decisions_to_call(session: Session, call: Call, analysis: CallAnalysis) -> None:
    """Link the decisions made for the call's IVR session to its outcome, in the caller's transaction.

    Runs under a savepoint: a failure here is logged and undone, and never fails or rolls back
    the analysis being stored around it.
    """
    if not call.session_id:
        return
    try:
        with session.begin_nested():
            linked = session.execute(_link_statement(call.session_id, call.id, outcome_from_analysis(analysis)))
    except SQLAlchemyError as error:
        if connection_lost(error):  # the whole transaction is lost, not only this link
            raise
        log.exception("could not link route decisions to call %s", call.id)
        return
    count = getattr(linked, "rowcount", 0)
    if count:
        log.info("linked %d route decision(s) to call %s", count, call.id)


def _link_already_analysed(conn: sa.Connection, sessions: set[str]) -> None:
    """A decision stored after its call was analysed (a slow log, a replayed import) links at once."""
    found = conn.execute(
        sa.select(Call.id, Call.session_id, Result.analysis)
        .join(Result, Result.call_id == Call.id)
        .where(Call.session_id.in_(sessions))
    ).all()
    for call_id, session_id, analysis in found:
        outcome = outcome_from_analysis(CallAnalysis.model_validate(analysis))
        conn.execute(_link_statement(session_id, call_id, outcome))


def _link_statement(session_id: str, call_id: str, outcome: dict[str, Any]) -> sa.Update:
    return (
        route_decisions.update()
        .where(route_decisions.c.session_id == session_id)
        .values(outcome=outcome, outcome_call_id=call_id, outcome_at=dt.datetime.now(dt.UTC))
    )


def _to_decision(row: Any) -> LoggedDecision:
    m = row._mapping
    return LoggedDecision(
        decision_id=m["id"],
        created_at=_aware(m["created_at"]),
        session_id=m["session_id"],
        customer_id=m["customer_id"],
        queue=m["queue"],
        priority=m["priority"],
        skills=list(m["skills"]),
        reasons=list(m["reasons"]),
        rule=m["rule"],
        policy_version=m["policy_version"],
        degraded=bool(m["degraded"]),
        skipped=dict(m["skipped"]),
        inputs=dict(m["inputs"]),
        elapsed_ms=float(m["elapsed_ms"]),
        outcome=m["outcome"],
        outcome_call_id=m["outcome_call_id"],
        outcome_at=_aware(m["outcome_at"]) if m["outcome_at"] else None,
    )


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes even for timezone=True columns; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class DecisionWriter(BatchWriter):
    """Routing's decision sink: decisions written on a background thread, in batches
    (voc/store/batches.py), so the caller never waits on the database."""

    def __init__(self, decisions: DecisionLog, max_batch: int = 200, linger_s: float = 0.25) -> None:
        self.decisions = decisions
        super().__init__(
            lambda rows: decisions.record(*rows), name="route decisions", max_batch=max_batch, linger_s=linger_s
        )
