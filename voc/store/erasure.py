"""Erasure: what `DELETE /v1/calls/{id}`, `DELETE /v1/customers/{id}` and retention remove.

A call's content lives in more places than its row: the result and the unredacted original
(`result_originals`), its tasks, the CRM feed (`task.created` carries the task's quote), the
routing decision log (the IVR words the caller said, and the call's outcome linked to them), and
the stored recording or conversation text in the blob store. Erasing a call removes all of them
in one transaction. Its events stay in the feed with their ids, so a CRM's cursor never skips a
row, but their payload is cut to ids and `"erased": true` and their `customer_id` is cleared.

The blob is removed inside that transaction, before it commits: if the blob store cannot be
reached the rows stay and the caller retries, so no recording outlives the rows that point at it.
A blob another (not erased) call still uses is kept: the same bytes uploaded twice are stored once.

SQLite keeps deleted bytes in free pages and in the write-ahead log unless told otherwise: every
connection runs with `PRAGMA secure_delete=ON` (voc/store/db.py), which overwrites deleted content
with zeros, and `wipe_freed_content` checkpoints the log into the file and truncates it after an
erasure. PostgreSQL keeps dead row versions on disk until VACUUM reclaims them (docs/privacy.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.orm import Session

from voc.store.blobs import Blobs
from voc.store.calls import blob_still_used
from voc.store.db import Database
from voc.store.events import append_event
from voc.store.tables import Call, Event, Result, ResultOriginal, TaskRow, route_decisions
from voc.views import ErasureReport

log = logging.getLogger(__name__)


@dataclass
class Erasure:
    """What one transaction erased, and the blobs it left for `remove_blobs` (no other call uses them)."""

    report: ErasureReport = field(default_factory=ErasureReport)
    blobs: set[str] = field(default_factory=set)


def erased_payload(event_type: str, call_id: str | None, payload: dict[str, Any]) -> dict[str, Any]:
    """An event's payload once its call is erased: the ids a CRM may hold, nothing said in the call."""
    kept: dict[str, Any] = {"erased": True, "call_id": call_id}
    if event_type == "task.created" and payload.get("id"):
        kept["id"] = payload["id"]
    if event_type == "call.analyzed":
        kept["task_ids"] = list(payload.get("task_ids") or [])
    return kept


def erase_events(session: Session, where: sa.ColumnElement[bool]) -> int:
    """Cut the payload of the matching events to ids (see `erased_payload`); returns how many changed."""
    rows = session.execute(select(Event.id, Event.type, Event.call_id, Event.payload).where(where)).all()
    changed = 0
    for event_id, event_type, call_id, payload in rows:
        if payload.get("erased") is True:
            continue  # erased before (a retried request, a second erasure of the same person)
        session.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(payload=erased_payload(event_type, call_id, payload), customer_id=None)
        )
        changed += 1
    return changed


def erase_call_rows(session: Session, call_rows: Sequence[Call], *, announce: bool = True) -> Erasure:
    """Erase these calls and everything derived from them, in the caller's transaction.

    `announce`: append one `call.deleted` per call (DELETE requests do; a retention batch
    announces itself with one `retention.purged` instead). The blobs no other call uses are
    returned, not yet removed: `remove_blobs` before the transaction commits.
    """
    erasure = Erasure()
    if not call_rows:
        return erasure
    ids = [c.id for c in call_rows]
    sessions = {c.session_id for c in call_rows if c.session_id}
    report = erasure.report
    report.tasks = _deleted(session.execute(delete(TaskRow).where(TaskRow.call_id.in_(ids))))
    report.results = _deleted(session.execute(delete(Result).where(Result.call_id.in_(ids))))
    report.originals = _deleted(session.execute(delete(ResultOriginal).where(ResultOriginal.call_id.in_(ids))))
    decisions = route_decisions.c
    linked: sa.ColumnElement[bool] = decisions.outcome_call_id.in_(ids)
    if sessions:
        linked = or_(linked, decisions.session_id.in_(sessions))
    report.route_decisions = _deleted(session.execute(route_decisions.delete().where(linked)))
    report.events = erase_events(session, Event.call_id.in_(ids))
    refs = [(c.id, c.kind, c.external_id) for c in call_rows]
    blobs = {c.blob_sha256 for c in call_rows if c.blob_sha256}
    for call in call_rows:
        session.delete(call)
    session.flush()
    report.calls = sum(1 for _, kind, _ in refs if kind == "call")
    report.conversations = sum(1 for _, kind, _ in refs if kind == "conversation")
    erasure.blobs = unused_blobs(session, blobs)
    report.blobs = len(erasure.blobs)
    if announce:
        for call_id, kind, external_id in refs:
            ref = {"call_id": call_id, "kind": kind, "external_id": external_id, "customer_id": None}
            append_event(session, "call.deleted", ref | {"session_id": None}, call_id=call_id, customer_id=None)
    return erasure


def erase_customer_rows(session: Session, customer_id: str) -> Erasure:
    """Everything stored about one customer: their calls and conversations (with all that
    `erase_call_rows` removes), routing decisions made for them, and any event naming them."""
    rows = list(session.scalars(select(Call).where(Call.customer_id == customer_id).order_by(Call.created_at)))
    erasure = erase_call_rows(session, rows)
    report = erasure.report
    report.profiles = 1 if rows else 0
    report.tasks += _deleted(session.execute(delete(TaskRow).where(TaskRow.customer_id == customer_id)))
    report.route_decisions += _deleted(
        session.execute(route_decisions.delete().where(route_decisions.c.customer_id == customer_id))
    )
    report.events += erase_events(session, Event.customer_id == customer_id)
    return erasure


def unused_blobs(session: Session, digests: set[str]) -> set[str]:
    """Of these blobs, those no call uses any more, once this transaction's deletions are counted.

    On PostgreSQL two transactions erasing two calls with the same bytes would each still see the
    other's call and both keep the blob, leaving it with no call at all. Each blob's check
    therefore runs under a transaction-scoped advisory lock on its digest (taken in digest order,
    so two erasures never wait on each other in a circle): the second transaction checks after the
    first has committed, sees its call gone, and removes the blob. SQLite serialises writers already.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    unused: set[str] = set()
    for sha in sorted(digests):
        if postgres:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _blob_lock_key(sha)})
        if not blob_still_used(session, sha):
            unused.add(sha)
    return unused


def _blob_lock_key(sha: str) -> int:
    # 60 bits of the digest: a signed 64-bit lock key that never collides with the outbox's one.
    return int(sha[:15], 16)


def remove_blobs(blobs: Blobs, digests: set[str]) -> int:
    """Remove erased calls' blobs; an unreachable store raises (BlobStoreError) so the rows stay too."""
    return sum(1 for sha in sorted(digests) if blobs.delete(sha))


def wipe_freed_content(database: Database) -> None:
    """SQLite: merge the full-text index, then move the write-ahead log into the file and truncate
    it, so the bytes of erased rows (already overwritten in the pages by secure_delete) leave no
    older copy in the index or the log. Readers
    that hold an old snapshot make the checkpoint wait (busy timeout) or end partial: logged."""
    if not database.is_sqlite:
        return
    # Deleted turns leave their words in the full-text index's older segments until they are merged:
    # merge them now (seconds on a large index; erasures are rare, retention purges come in batches).
    with database.write() as session:
        session.execute(text("INSERT INTO turn_search_fts(turn_search_fts) VALUES ('optimize')"))
    # Outside any transaction (a checkpoint inside one fails): the driver connection is in autocommit.
    connection = database.engine.raw_connection()
    try:
        cursor = connection.cursor()
        busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        connection.close()
    if busy:
        log.warning(
            "erased rows: the write-ahead log could not be truncated yet (readers busy); the next erasure retries"
        )


def erase_call(database: Database, blobs: Blobs, call_id: str) -> ErasureReport | None:
    """`DELETE /v1/calls/{id}` and `voc erase call`: None when there is no such call or conversation."""
    with database.write() as session:
        call = session.get(Call, call_id)
        if call is None:
            return None
        erasure = erase_call_rows(session, [call])
        remove_blobs(blobs, erasure.blobs)
    wipe_freed_content(database)
    return erasure.report


def erase_customer(database: Database, blobs: Blobs, customer_id: str) -> ErasureReport:
    """`DELETE /v1/customers/{id}` and `voc erase customer`: counts per kind (all 0 when nothing was stored)."""
    with database.write() as session:
        erasure = erase_customer_rows(session, customer_id)
        remove_blobs(blobs, erasure.blobs)
    wipe_freed_content(database)
    return erasure.report


def _deleted(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
