"""Retention: stored inputs and whole calls older than the configured days are purged, in batches.

Two limits, each off when 0 or unset (`voc.config.RetentionSettings`):

- `audio_days`: a finished call's stored input (the recording; for a conversation, the submitted
  text) is removed from the blob store; the call, its result and tasks stay. The call keeps no
  pointer to the blob (`blob_sha256` is cleared).
- `results_days`: a finished call is erased altogether, as `DELETE /v1/calls/{id}` erases it
  (voc/store/erasure.py), except that the batch announces itself with one event.

Age is counted from when voc received the call (`created_at`). Calls still `queued` or
`processing` are never purged. Each batch is one transaction that appends one `retention.purged`
event with its counts. Several processes may purge at once: on PostgreSQL a batch locks its rows
(`FOR UPDATE SKIP LOCKED`), so two processes take different calls; on SQLite write transactions
are serialised already, and the second finds the calls gone.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from voc.config import RetentionSettings
from voc.store.blobs import Blobs
from voc.store.db import Database
from voc.store.erasure import Erasure, erase_call_rows, remove_blobs, unused_blobs, wipe_freed_content
from voc.store.events import append_event
from voc.store.tables import Call, utcnow
from voc.views import ErasureReport

log = logging.getLogger(__name__)

FINISHED = ("done", "failed")
_SWEEP_CHUNK = 500  # digests looked up in one query


def _expired(session: Session, query: Select[Call], limit: int) -> list[Call]:
    query = query.order_by(Call.created_at, Call.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def purge_inputs_batch(session: Session, before: dt.datetime, limit: int) -> Erasure:
    """Remove the stored input of up to `limit` finished calls received before `before`."""
    rows = _expired(
        session,
        select(Call).where(Call.status.in_(FINISHED), Call.created_at < before, Call.blob_sha256.is_not(None)),
        limit,
    )
    erasure = Erasure()
    digests = {c.blob_sha256 for c in rows if c.blob_sha256}
    if rows:
        session.execute(update(Call).where(Call.id.in_([c.id for c in rows])).values(blob_sha256=None, blob_size=None))
        session.expire_all()
    erasure.report.inputs = len(rows)
    erasure.blobs = unused_blobs(session, digests)
    erasure.report.blobs = len(erasure.blobs)
    return erasure


def purge_calls_batch(session: Session, before: dt.datetime, limit: int) -> Erasure:
    """Erase up to `limit` finished calls received before `before`, with all that erasure removes."""
    rows = _expired(session, select(Call).where(Call.status.in_(FINISHED), Call.created_at < before), limit)
    return erase_call_rows(session, rows, announce=False)


def purge_expired(
    database: Database, blobs: Blobs, settings: RetentionSettings, now: dt.datetime | None = None
) -> list[ErasureReport]:
    """One retention pass: batches until nothing expired is left; the report of each batch."""
    now = now or utcnow()
    reports: list[ErasureReport] = []
    plans = [
        ("calls", settings.results_days, purge_calls_batch),
        ("inputs", settings.audio_days, purge_inputs_batch),
    ]
    for purged, days, purge_batch in plans:
        if not days:
            continue
        before = now - dt.timedelta(days=days)
        while True:
            with database.write() as session:
                erasure = purge_batch(session, before, settings.batch)
                report = erasure.report
                taken = report.inputs if purged == "inputs" else report.calls + report.conversations
                if taken == 0:
                    break
                remove_blobs(blobs, erasure.blobs)
                payload = {"purged": purged, "before": before.isoformat(), "counts": report.model_dump()}
                append_event(session, "retention.purged", payload, call_id=None, customer_id=None)
            reports.append(report)
            log.info("retention purged %s received before %s: %s", purged, before.date(), report.model_dump())
            if taken < settings.batch:
                break
    if reports:
        wipe_freed_content(database)
    sweep_unreferenced_blobs(database, blobs, settings.orphan_grace_s, now)
    return reports


def sweep_unreferenced_blobs(database: Database, blobs: Blobs, grace_s: float, now: dt.datetime | None = None) -> int:
    """Remove the blobs no call points to that are older than `grace_s`; returns how many went.

    They are what a crash leaves: a worker killed after storing the redacted copy but before the
    commit leaves the copy, one killed after the commit leaves the original, a failed delete leaves
    its blob. An upload stores its blob just before its call row, so a young blob may be one on its
    way: only blobs older than the grace period are looked at. Each removal runs in a transaction
    that checks the blob is still unused under the same per-blob lock erasure takes.
    """
    before = (now or utcnow()) - dt.timedelta(seconds=grace_s)
    candidates = sorted(blobs.stored_before(before))
    removed = 0
    for start in range(0, len(candidates), _SWEEP_CHUNK):
        chunk = candidates[start : start + _SWEEP_CHUNK]
        with database.read() as session:
            used = set(session.scalars(select(Call.blob_sha256).where(Call.blob_sha256.in_(chunk))))
        for sha in (c for c in chunk if c not in used):
            with database.write() as session:
                if unused_blobs(session, {sha}):
                    removed += remove_blobs(blobs, {sha})
    if removed:
        log.info("swept %d blob(s) that no call points to", removed)
    return removed
