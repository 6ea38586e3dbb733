"""Leases: a worker holds a `processing` call only as long as it keeps saying so.

`calls.claim_call` gives the claiming worker a lease (`leased_by`, `lease_expires_at`); while
it analyses, the worker renews it (`renew_leases`). A lease that runs out, because the worker
was killed or cannot reach the database, is taken back by `expire_leases`: the call
goes back to `queued` with no live message, so a dispatcher sends it again, or, once its
attempts are used up, it is `failed` with a `call.failed` event. Every change is a conditional
UPDATE on the row, so several processes may renew and expire at once: a renewal that lands
first keeps the call, an expiry that lands first takes it.

A `processing` row with no lease at all (claimed before leases existed) counts as run out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from voc.store import calls
from voc.store.tables import Call, utcnow

LEASE_RAN_OUT = "lease_expired"


def renew_leases(session: Session, worker: str, call_ids: Collection[str], lease: dt.timedelta) -> set[str]:
    """Extend `worker`'s leases on these calls; the ids it still held (the others were taken back)."""
    if not call_ids:
        return set()
    renewed = session.scalars(
        update(Call)
        .where(Call.id.in_(list(call_ids)), Call.status == "processing", Call.leased_by == worker)
        .values(lease_expires_at=utcnow() + lease)
        .returning(Call.id)
        .execution_options(synchronize_session=False)
    )
    return set(renewed)


def _ran_out(before: dt.datetime) -> ColumnElement[bool]:
    return and_(Call.status == "processing", or_(Call.lease_expires_at.is_(None), Call.lease_expires_at < before))


@dataclass(frozen=True)
class Expired:
    requeued: list[str]
    failed: list[str]


def expire_leases(
    session: Session, *, max_attempts: int, before: dt.datetime | None = None, limit: int = 100
) -> Expired:
    """Take back calls whose lease ran out before `before` (default: now): to `queued` and due for
    sending at once, or `failed` (with its event) when the attempt that ran out was the last."""
    before = before or utcnow()
    rows = session.execute(
        select(Call.id, Call.attempts, Call.leased_by, Call.failed_stage)
        .where(_ran_out(before))
        .order_by(Call.lease_expires_at)
        .limit(limit)
    ).all()
    requeued: list[str] = []
    failed: list[str] = []
    for call_id, attempts, worker, stage in rows:
        # Only while the lease is still run out and held by the same worker: a renewal or
        # another expiry that landed first wins.
        still = and_(_ran_out(before), Call.leased_by.is_(None) if worker is None else Call.leased_by == worker)
        reason = f"the worker analysing the call ({worker or 'unknown'}) stopped renewing its lease"
        if attempts >= max_attempts:
            message = f"{reason}: killed, hung or cut off from the database (gave up after {attempts} attempts)"
            if calls.fail_call(session, call_id, stage or "worker", LEASE_RAN_OUT, message, allowed=still):
                failed.append(call_id)
            continue
        changed = session.execute(
            update(Call)
            .where(Call.id == call_id, still)
            .values(
                status="queued",
                leased_by=None,
                lease_expires_at=None,
                error_code=LEASE_RAN_OUT,
                error_message=f"{reason}; sent again (attempt {attempts} of {max_attempts} used)",
                updated_at=utcnow(),
                dispatched_at=None,  # no live message: due for the dispatcher at once
                dispatch_confirmed=False,
            )
        )
        if changed.rowcount == 1:  # type: ignore[attr-defined]
            requeued.append(call_id)
    return Expired(requeued, failed)
