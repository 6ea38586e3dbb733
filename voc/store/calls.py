"""Calls and conversations: their life cycle (queued -> processing -> done | failed) and results.

Every state change that the CRM must hear about appends its event in the same transaction.
Finishing is guarded on the row's status, so a job delivered twice (a worker killed after
the analysis but before the acknowledgement) still leaves exactly one result and one event.
Finishing also links the IVR routing decisions made for the call's session to its outcome
(voc/store/route_decisions.py says why there).
"""

from __future__ import annotations

import datetime as dt
import secrets
import statistics
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, cast, func, select, update
from sqlalchemy.orm import Session

from voc.intake import CallMetadata
from voc.schemas import CallAnalysis
from voc.store.events import append_event
from voc.store.route_decisions import link_decisions_to_call
from voc.store.tables import Call, Result, ResultOriginal, TaskRow, utcnow
from voc.views import TaskView

UNFINISHED = ("queued", "processing")
STATUSES = ("queued", "processing", "done", "failed")


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(10)}"


def create_call(
    session: Session,
    *,
    client: str,
    metadata: CallMetadata,
    kind: str = "call",
    blob_sha256: str | None = None,
    blob_size: int | None = None,
    extra: dict[str, Any] | None = None,
    dispatched_at: dt.datetime | None = None,
) -> Call:
    meta = metadata.model_dump(mode="json", exclude_none=True) | (extra or {})
    call = Call(
        id=new_id("call" if kind == "call" else "conv"),
        kind=kind,
        client=client,
        external_id=metadata.external_id,
        customer_id=metadata.customer_id,
        agent_id=metadata.agent_id,
        session_id=metadata.session_id,
        ani=metadata.ani,
        started_at=metadata.started_at,
        meta=meta,
        blob_sha256=blob_sha256,
        blob_size=blob_size,
        dispatched_at=dispatched_at,
    )
    session.add(call)
    session.flush()
    return call


def find_by_external_id(session: Session, client: str, external_id: str) -> Call | None:
    return session.scalar(select(Call).where(Call.client == client, Call.external_id == external_id))


def get_call(session: Session, call_id: str) -> Call | None:
    return session.get(Call, call_id)


def get_result(session: Session, call_id: str) -> Result | None:
    return session.get(Result, call_id)


def get_analysis_json(session: Session, call_id: str) -> str | None:
    """The stored analysis as JSON text, for handing on without parsing it."""
    return session.scalar(select(cast(Result.analysis, Text)).where(Result.call_id == call_id))


def get_original_json(session: Session, call_id: str) -> str | None:
    """The unredacted analysis as JSON text, where VOC_REDACTION__KEEP_ORIGINAL kept one (admin only)."""
    return session.scalar(select(cast(ResultOriginal.analysis, Text)).where(ResultOriginal.call_id == call_id))


def list_calls(
    session: Session,
    *,
    customer_id: str | None = None,
    since: dt.datetime | None = None,
    status: str | None = None,
    kind: str | None = None,
    limit: int = 100,
) -> list[Call]:
    query = select(Call).order_by(Call.created_at.desc(), Call.id).limit(limit)
    if customer_id is not None:
        query = query.where(Call.customer_id == customer_id)
    if since is not None:
        # Stored times are UTC; SQLite keeps them without an offset, so compare in UTC.
        since_utc = since.astimezone(dt.UTC) if since.tzinfo else since.replace(tzinfo=dt.UTC)
        query = query.where(Call.created_at >= since_utc)
    if status is not None:
        query = query.where(Call.status == status)
    if kind is not None:
        query = query.where(Call.kind == kind)
    return list(session.scalars(query))


def unfinished_call_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Call.id).where(Call.status.in_(UNFINISHED)).order_by(Call.created_at)))


# Who holds a claim made without a worker's name (tests, one-off scripts), and for how long.
UNNAMED_WORKER = "unnamed"
UNNAMED_LEASE = dt.timedelta(hours=1)


def claim_call(
    session: Session, call_id: str, *, worker: str = UNNAMED_WORKER, lease: dt.timedelta = UNNAMED_LEASE
) -> Call | None:
    """Take a `queued` call for `worker`: `processing`, attempts + 1, leased until now + `lease`.

    None when there is nothing to take: finished, deleted, unknown, or `processing` under
    someone's lease (a live one: that worker is on it; a run-out one: the lease keeper puts it
    back to `queued` and it is sent again). One conditional UPDATE, so of two deliveries of the
    same call at most one gets it.
    """
    now = utcnow()
    changed = session.execute(
        update(Call)
        .where(Call.id == call_id, Call.status == "queued")
        .values(
            status="processing",
            attempts=Call.attempts + 1,
            updated_at=now,
            leased_by=worker,
            lease_expires_at=now + lease,
        )
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    call = session.get(Call, call_id)
    if call is not None:
        session.refresh(call)
    return call


def _held_by(worker: str | None) -> ColumnElement[bool]:
    """Guards a worker's write on its call: still `processing` and still its lease (expired or not:
    if nobody took the call back meanwhile, the work stands)."""
    held = Call.status == "processing"
    return and_(held, Call.leased_by == worker) if worker is not None else held


def note_retry(
    session: Session, call_id: str, stage: str, code: str, message: str, *, worker: str | None = None
) -> bool:
    """The attempt failed but will be retried: back to queued, keeping the last error visible.
    False if `worker` no longer held the call (its lease ran out and the call was taken back)."""
    changed = session.execute(
        update(Call)
        .where(Call.id == call_id, _held_by(worker))
        .values(
            status="queued",
            failed_stage=stage,
            error_code=code,
            error_message=message,
            updated_at=utcnow(),
            leased_by=None,
            lease_expires_at=None,
            # Dramatiq sends the retry itself (after its backoff): that message is live.
            dispatched_at=utcnow(),
            dispatch_confirmed=True,
        )
    )
    return bool(changed.rowcount == 1)  # type: ignore[attr-defined]


def _close_call(session: Session, call_id: str, allowed: ColumnElement[bool], **values: object) -> Call | None:
    """Move a call to a final status only where `allowed`; None if another worker got there first.

    The conditional UPDATE is what makes a redelivered job leave exactly one result and one event.
    """
    now = utcnow()
    changed = session.execute(
        update(Call)
        .where(Call.id == call_id, allowed)
        .values(**values, updated_at=now, finished_at=now, leased_by=None, lease_expires_at=None)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    call = session.get(Call, call_id)
    assert call is not None
    session.refresh(call)
    return call


def fail_call(
    session: Session,
    call_id: str,
    stage: str,
    code: str,
    message: str,
    *,
    worker: str | None = None,
    allowed: ColumnElement[bool] | None = None,
) -> bool:
    """Fail a call for good and announce it (`call.failed`). `worker`: only while it holds the call;
    `allowed`: the condition the row must meet instead (default: any unfinished call)."""
    if allowed is None:
        allowed = _held_by(worker) if worker is not None else Call.status.in_(UNFINISHED)
    call = _close_call(
        session, call_id, allowed, status="failed", failed_stage=stage, error_code=code, error_message=message
    )
    if call is None:
        return False
    append_event(
        session,
        "call.failed",
        {
            **call_ref(call),
            "attempts": call.attempts,
            "error": {"stage": stage, "code": code, "message": message},
        },
        call_id=call.id,
        customer_id=call.customer_id,
    )
    return True


def finish_call(session: Session, call_id: str, analysis: CallAnalysis, *, worker: str | None = None) -> bool:
    """Store the analysis, its tasks and events once, and link the call's routing decisions to it;
    False if the call was already finished or (given `worker`) that worker no longer holds it."""
    call = _close_call(
        session, call_id, _held_by(worker), status="done", failed_stage=None, error_code=None, error_message=None
    )
    if call is None:
        return False
    session.add(
        Result(
            call_id=call.id,
            analysis=analysis.model_dump(mode="json"),
            customer_sentiment=customer_sentiment(analysis),
            customer_emotion=analysis.customer.peak.label if analysis.customer and analysis.customer.peak else None,
            churn_signals=churn_signals(analysis),
            customer_prosody=customer_prosody(analysis),
        )
    )
    if analysis.unredacted is not None:  # only with VOC_REDACTION__KEEP_ORIGINAL=true
        session.add(ResultOriginal(call_id=call.id, analysis=analysis.unredacted.model_dump(mode="json")))
    tasks = [_task_row(call, task.model_dump(mode="json")) for task in analysis.tasks]
    session.add_all(tasks)
    session.flush()
    link_decisions_to_call(session, call, analysis)  # under a savepoint: never fails the analysis
    append_event(
        session,
        "call.analyzed",
        {
            **call_ref(call),
            "duration_s": analysis.duration_s,
            "language": analysis.language,
            "customer_sentiment": customer_sentiment(analysis),
            "task_ids": [t.id for t in tasks],
        },
        call_id=call.id,
        customer_id=call.customer_id,
    )
    for task in tasks:
        payload = TaskView.from_row(task).model_dump(mode="json")
        append_event(session, "task.created", payload, call_id=call.id, customer_id=call.customer_id)
    return True


def replace_blob(session: Session, call_id: str, sha256: str, size: int) -> str | None:
    """Point the call at its redacted copy; returns the original's sha256 for the caller to remove
    (blob_still_used first: the same recording may wait for another call)."""
    call = session.get(Call, call_id)
    if call is None:
        return None
    original = call.blob_sha256
    call.blob_sha256, call.blob_size, call.blob_redacted = sha256, size, True
    session.flush()
    return original if original != sha256 else None


def mark_blob_redacted(session: Session, call_id: str) -> None:
    """The analysis found nothing to hide: the stored input may be served as it is."""
    session.execute(update(Call).where(Call.id == call_id).values(blob_redacted=True))


def detach_blob(session: Session, call_id: str) -> str | None:
    """Forget a call's stored input (its analysis failed for good, so no redacted copy will come);
    returns its sha256 for the caller to remove."""
    call = session.get(Call, call_id)
    if call is None or call.blob_sha256 is None:
        return None
    original = call.blob_sha256
    call.blob_sha256, call.blob_size, call.blob_redacted = None, None, False
    session.flush()
    return original


def blob_still_used(session: Session, sha256: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Call).where(Call.blob_sha256 == sha256)))


def _task_row(call: Call, body: dict[str, Any]) -> TaskRow:
    due = body.get("due_date")
    return TaskRow(
        id=new_id("task"),
        call_id=call.id,
        customer_id=call.customer_id,
        type=body["type"],
        title=body["title"],
        due_date=dt.date.fromisoformat(due) if due else None,
        product=body.get("product"),
        body=body,
    )


def call_ref(call: Call) -> dict[str, Any]:
    return {
        "call_id": call.id,
        "kind": call.kind,
        "external_id": call.external_id,
        "customer_id": call.customer_id,
        "session_id": call.session_id,
    }


def _customer_turns(analysis: CallAnalysis) -> list[Any]:
    return [t for t in analysis.turns if t.speaker == "customer"]


def customer_sentiment(analysis: CallAnalysis) -> float | None:
    scores = [t.sentiment.score for t in _customer_turns(analysis) if t.sentiment is not None]
    return round(statistics.fmean(scores), 4) if scores else None


def churn_signals(analysis: CallAnalysis) -> int:
    cues = sum(1 for t in _customer_turns(analysis) for c in t.cues if c.kind == "threat_to_leave")
    return cues + sum(1 for task in analysis.tasks if task.type == "churn_risk")


def customer_prosody(analysis: CallAnalysis) -> dict[str, list[float]]:
    """The customer's per-turn prosody values, kept so profiles can build their own baseline."""
    values: dict[str, list[float]] = {"pitch_hz": [], "loudness_dbfs": [], "rate_sps": []}
    for turn in _customer_turns(analysis):
        prosody = turn.prosody
        if prosody is None:
            continue
        for name, value in (
            ("pitch_hz", prosody.pitch_median_hz),
            ("loudness_dbfs", prosody.loudness_dbfs),
            ("rate_sps", prosody.speech_rate_sps),
        ):
            if value is not None:
                values[name].append(round(value, 3))
    return values


def recent_analyses(session: Session, limit: int) -> list[tuple[str, dict[str, Any]]]:
    """The newest finished analyses as (call id, stored JSON), newest first."""
    query = (
        select(Result.call_id, Result.analysis)
        .join(Call, Call.id == Result.call_id)
        .order_by(Call.created_at.desc(), Call.id)
        .limit(limit)
    )
    return [(call_id, analysis) for call_id, analysis in session.execute(query)]
