"""What the job backlog looks like now, for `voc jobs status`: counts per status, the calls
being analysed with their leases, and the call that has waited longest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from voc.store.calls import STATUSES
from voc.store.tables import Call, utcnow


@dataclass(frozen=True)
class HeldCall:
    id: str
    attempts: int
    leased_by: str | None
    held_for: dt.timedelta  # since the worker claimed it
    lease_left: dt.timedelta | None  # negative: ran out, not taken back yet; None: no lease


@dataclass(frozen=True)
class WaitingCall:
    id: str
    waiting: dt.timedelta  # since it was stored
    sent: bool  # a message was sent (and confirmed) for it


@dataclass(frozen=True)
class JobStatus:
    counts: dict[str, int]
    processing: list[HeldCall]
    oldest_waiting: WaitingCall | None


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands stored UTC times back without their offset."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def job_status(session: Session, *, listed: int = 20) -> JobStatus:
    now = utcnow()
    counts = dict.fromkeys(STATUSES, 0)
    for status, count in session.execute(select(Call.status, func.count()).group_by(Call.status)):
        counts[status] = int(count)
    held = session.scalars(
        select(Call).where(Call.status == "processing").order_by(Call.updated_at).limit(listed)
    ).all()
    processing = [
        HeldCall(
            call.id,
            call.attempts,
            call.leased_by,
            now - _aware(call.updated_at),
            _aware(call.lease_expires_at) - now if call.lease_expires_at else None,
        )
        for call in held
    ]
    oldest = session.scalars(
        select(Call).where(Call.status == "queued").order_by(Call.created_at, Call.id).limit(1)
    ).first()
    waiting = WaitingCall(oldest.id, now - _aware(oldest.created_at), oldest.dispatch_confirmed) if oldest else None
    return JobStatus(counts, processing, waiting)
