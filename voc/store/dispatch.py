"""Delivery bookkeeping: which `queued` calls need their message sent (a transactional outbox for jobs).

A call's row says when its message was last sent (`dispatched_at`) and whether the broker
confirmed that send (`dispatch_confirmed`). A `queued` call is *due* when

- it was never sent (`dispatched_at` is NULL: the broker was down, or the row predates this);
- a send was claimed but never confirmed, longer ago than `claim` (the sender died mid-send);
- it was sent longer ago than `redelivery` and no worker has taken it (the message is taken
  as lost).

Claiming is one conditional UPDATE (`claim_dispatch`): of several dispatchers that see the
same due call, exactly one changes the row and sends; the others find it no longer due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from voc.store.tables import Call, utcnow


def _due(now: dt.datetime, *, redelivery: dt.timedelta, claim: dt.timedelta) -> ColumnElement[bool]:
    return and_(
        Call.status == "queued",
        or_(
            Call.dispatched_at.is_(None),
            and_(Call.dispatch_confirmed.is_(False), Call.dispatched_at < now - claim),
            Call.dispatched_at < now - redelivery,
        ),
    )


def due_call_ids(session: Session, *, redelivery: dt.timedelta, claim: dt.timedelta, limit: int) -> list[str]:
    """Queued calls whose message must be sent, oldest first."""
    query = select(Call.id).where(_due(utcnow(), redelivery=redelivery, claim=claim))
    return list(session.scalars(query.order_by(Call.created_at, Call.id).limit(limit)))


def claim_dispatch(session: Session, call_id: str, *, redelivery: dt.timedelta, claim: dt.timedelta) -> bool:
    """Take the right to send this call's message now; False if it is not due (any more)."""
    now = utcnow()
    changed = session.execute(
        update(Call)
        .where(Call.id == call_id, _due(now, redelivery=redelivery, claim=claim))
        .values(dispatched_at=now, dispatch_confirmed=False)
    )
    return bool(changed.rowcount == 1)  # type: ignore[attr-defined]


def confirm_dispatch(session: Session, call_ids: Sequence[str]) -> None:
    """The broker accepted these calls' messages."""
    if call_ids:
        session.execute(update(Call).where(Call.id.in_(call_ids)).values(dispatch_confirmed=True))


def release_dispatch(session: Session, call_id: str) -> None:
    """The send failed: the call is due again at once (the dispatcher's backoff paces the tries)."""
    session.execute(
        update(Call)
        .where(Call.id == call_id, Call.status == "queued")
        .values(dispatched_at=None, dispatch_confirmed=False)
    )


def mark_sent(session: Session, call_ids: Sequence[str]) -> None:
    """Messages sent without a claim (the embedded server's re-send at start)."""
    if call_ids:
        session.execute(
            update(Call).where(Call.id.in_(call_ids)).values(dispatched_at=utcnow(), dispatch_confirmed=True)
        )
