"""Every routing decision, stored with a summary of its inputs, later linked to the call's outcome.

The table belongs to the service's metadata and is created by the Alembic migration
`0002_route_decisions`; `route_decisions.create(engine)` is only for tests on a bare database.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from voc.routing.record import outcome_from_analysis
from voc.schemas import CallAnalysis
from voc.store.tables import Base, Call, Result

log = logging.getLogger(__name__)

route_decisions = sa.Table(
    "route_decisions",
    Base.metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("session_id", sa.String(200), nullable=True, index=True),
    sa.Column("customer_id", sa.String(200), nullable=True, index=True),
    sa.Column("queue", sa.String(200), nullable=False),
    sa.Column("priority", sa.Integer, nullable=False),
    sa.Column("skills", sa.JSON, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("rule", sa.String(200), nullable=True),
    sa.Column("policy_version", sa.String(200), nullable=False, index=True),
    sa.Column("degraded", sa.Boolean, nullable=False),
    sa.Column("skipped", sa.JSON, nullable=False),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("elapsed_ms", sa.Float, nullable=False),
    sa.Column("outcome", sa.JSON, nullable=True),
    sa.Column("outcome_call_id", sa.String(200), nullable=True),
    sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
)


@dataclass(frozen=True)
class LoggedDecision:
    id: str
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


def new_decision_id() -> str:
    return uuid.uuid4().hex


class DecisionLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, *rows: dict[str, Any]) -> None:
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
            last = (rows[-1].created_at, rows[-1].id)

    def link_outcome(self, session_id: str, call_id: str, outcome: dict[str, Any]) -> int:
        """Attach a call's outcome to the decisions made for its session; returns how many were linked."""
        with self.engine.begin() as conn:
            result = conn.execute(link_statement(session_id, call_id, outcome))
        return int(result.rowcount or 0)


def _link_already_analysed(conn: sa.Connection, sessions: set[str]) -> None:
    """A decision stored after its call was analysed (a slow log, a replayed import) links at once."""
    found = conn.execute(
        sa.select(Call.id, Call.session_id, Result.analysis)
        .join(Result, Result.call_id == Call.id)
        .where(Call.session_id.in_(sessions))
    ).all()
    for call_id, session_id, analysis in found:
        outcome = outcome_from_analysis(CallAnalysis.model_validate(analysis))
        conn.execute(link_statement(session_id, call_id, outcome))


def link_statement(session_id: str, call_id: str, outcome: dict[str, Any]) -> sa.Update:
    return (
        route_decisions.update()
        .where(route_decisions.c.session_id == session_id)
        .values(outcome=outcome, outcome_call_id=call_id, outcome_at=dt.datetime.now(dt.UTC))
    )


def _to_decision(row: Any) -> LoggedDecision:
    m = row._mapping
    return LoggedDecision(
        id=m["id"],
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


class DecisionWriter:
    """Writes decisions on a background thread, in batches, so the caller never waits on the database.

    A batch is written when `max_batch` rows are waiting or `linger_s` after its first row: at an
    IVR's request rate one transaction per decision would cost more CPU than routing itself.
    `flush()` waits until everything submitted so far is stored (tests, shutdown).
    """

    def __init__(self, decisions: DecisionLog, max_batch: int = 200, linger_s: float = 0.25) -> None:
        self.decisions = decisions
        self.max_batch = max_batch
        self.linger_s = linger_s
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue(maxsize=10000)
        self._flushing = threading.Event()
        self._thread = threading.Thread(target=self._drain, name="route-decision-writer", daemon=True)
        self._thread.start()

    def submit(self, row: dict[str, Any]) -> None:
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            log.error("route decision log is backed up; decision %s not stored", row.get("id"))

    def flush(self) -> None:
        self._flushing.set()
        try:
            self._queue.join()
        finally:
            self._flushing.clear()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _drain(self) -> None:
        while True:
            batch = self._next_batch()
            rows = [r for r in batch if r is not None]
            try:
                self.decisions.record(*rows)
            except Exception:
                log.exception("could not store %d route decisions", len(rows))
            finally:
                for _ in batch:
                    self._queue.task_done()
            if any(r is None for r in batch):
                return

    def _next_batch(self) -> list[dict[str, Any] | None]:
        first = self._queue.get()
        batch = [first]
        written_by = time.monotonic() + self.linger_s
        while first is not None and len(batch) < self.max_batch:
            left = written_by - time.monotonic()
            if left <= 0 or self._flushing.is_set():
                break
            try:
                item = self._queue.get(timeout=min(left, 0.05))
            except queue.Empty:
                continue
            batch.append(item)
            if item is None:
                break
        while len(batch) < self.max_batch and batch[-1] is not None:  # whatever else is already waiting
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch
