"""The CRM feed: a transactional outbox read with an opaque cursor.

Events are inserted in the same transaction as the state change they announce.
The reader hands out events in id order after the cursor. That alone would skip rows on
PostgreSQL: ids come from a sequence, and a transaction that took id 7 may commit after
one that took id 8, so a reader that already moved past 8 would never see 7.

Our choice is single-writer id allocation: every transaction that appends events first
takes one transaction-scoped advisory lock (`pg_advisory_xact_lock`), held until it
commits or rolls back. Ids are therefore allocated and committed in the same order,
and once a reader sees id N, every id below N is either committed or gone for good.
Appending is the last step of a transaction, so the lock is held only for the insert
and the commit (about a millisecond); the slow work (analysis) never runs under it.
The alternative, stamping rows with the writer's xid and handing out only rows below
`pg_snapshot_xmin(pg_current_snapshot())`, needs no lock but stalls the whole feed
behind any long transaction in the database, including ones that write no events.

SQLite needs nothing extra: write transactions begin IMMEDIATE (voc/store/db.py), so
writers are serialised and ids commit in order.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import Text, cast, select, text
from sqlalchemy.orm import Session

from voc.errors import InvalidInputError
from voc.store.tables import Event

EVENT_TYPES = ("call.analyzed", "call.failed", "task.created", "call.deleted", "retention.purged")
# Any fixed 64-bit number; it only has to be the same for every writer of this database.
OUTBOX_LOCK_KEY = 0x766F635F6F757462  # "voc_outb"
CURSOR_VERSION = "e1"
# Event ids are 64-bit (BIGINT on PostgreSQL, INTEGER on SQLite); a cursor past that is not ours.
MAX_EVENT_ID = 2**63 - 1
MAX_CURSOR_CHARS = 40  # "e1:" and 19 digits, base64: 30


def append_event(
    session: Session, type_: str, payload: dict[str, Any], *, call_id: str | None, customer_id: str | None
) -> Event:
    """Add one event to the outbox; call this as the last step before commit."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type_}")
    if session.get_bind().dialect.name == "postgresql":
        # Re-taking a lock this transaction already holds is cheap and harmless.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK_KEY})
    event = Event(type=type_, payload=payload, call_id=call_id, customer_id=customer_id)
    session.add(event)
    session.flush()
    return event


def encode_cursor(event_id: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_VERSION}:{event_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    refused = InvalidInputError(f"cursor {cursor[:MAX_CURSOR_CHARS]!r} is not one this feed handed out")
    if len(cursor) > MAX_CURSOR_CHARS:
        raise refused
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, value = raw.split(":", 1)
        event_id = int(value)
    except (ValueError, UnicodeDecodeError) as error:
        raise refused from error
    if version != CURSOR_VERSION or not 0 <= event_id <= MAX_EVENT_ID:
        raise refused
    return event_id


class FeedEvent(NamedTuple):
    id: int
    type: str
    call_id: str | None
    customer_id: str | None
    created_at: dt.datetime
    payload_json: str  # the stored JSON text, handed on without parsing it

    @property
    def cursor(self) -> str:
        """What a reader passes as `after` to continue after this event."""
        return encode_cursor(self.id)


def read_events(session: Session, after: str | None, limit: int) -> tuple[list[FeedEvent], str]:
    """Events after the cursor, oldest first, and the cursor to pass next time."""
    last = decode_cursor(after)
    query = (
        select(
            Event.id,
            Event.type,
            Event.call_id,
            Event.customer_id,
            Event.created_at,
            cast(Event.payload, Text),
        )
        .where(Event.id > last)
        .order_by(Event.id)
        .limit(limit)
    )
    rows = [FeedEvent(*row) for row in session.execute(query)]
    next_cursor = rows[-1].cursor if rows else (after or encode_cursor(0))
    return rows, next_cursor
