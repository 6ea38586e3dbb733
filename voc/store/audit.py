"""The audit trail: which API key read, listed or deleted which call, read a customer's profile or
erased a customer, and when.

A read of one call (`GET /v1/calls/{id}`, `GET /v1/conversations/{id}`) is recorded through an
`AuditWriter`, in batches on a background thread, so the read path pays a queue put, not a write
transaction (the CRM's pollers read thousands of calls a minute). A delete, and a delete refused
because the call belongs to another client, go through the same queue, and the answer waits until
they are stored; so entry ids follow the order things happened in, in one API process. The trail
keeps ids and key names, never a call's content, so erasing a call leaves it whole; a customer is
named by the sha256 of their id, so erasing a customer leaves the record of it but not the id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Engine

from voc.store.batches import BatchWriter, Row
from voc.store.keys import Principal
from voc.store.tables import audit_log

AuditAction = Literal[
    "read", "list", "read_original", "read_audio", "read_customer", "delete", "delete_refused", "erase_customer"
]


class AuditEntry(BaseModel):
    """One entry of the trail, as `GET /v1/audit` and `voc audit` show it."""

    model_config = ConfigDict(frozen=True)

    id: int = Field(description="increasing; pass the last one seen as `after` for the next page")
    at: dt.datetime
    key_id: str = Field(description="the API key's id (`voc keys list`)")
    key_name: str = Field(description="the API key's name: the client")
    action: AuditAction = Field(
        description="read (one call), list (the call was in a list of calls or tasks), read_original (the"
        " unredacted analysis), read_audio, read_customer (a profile), delete, delete_refused (another client's"
        " call), erase_customer"
    )
    call_id: str | None = Field(None, description="the call, for entries about one call")
    customer_id: str | None = Field(
        None,
        description="for read_customer and erase_customer: `sha256:` and the hex digest of the customer id (the id"
        " itself is not kept, so an erased customer leaves no id behind; filter with the plain id)",
    )


def audit_row(principal: Principal, action: AuditAction, call_id: str | None, customer_id: str | None = None) -> Row:
    return {
        "at": dt.datetime.now(dt.UTC),
        "key_id": principal.key_id,
        "key_name": principal.name,
        "action": action,
        "call_id": call_id,
        "customer_id": customer_digest(customer_id) if customer_id is not None else None,
    }


def customer_digest(customer_id: str) -> str:
    """How the trail names a customer: the sha256 of the id, so that erasing the customer leaves the
    record of the erasure without leaving the id itself; a search by id hashes it the same way."""
    return "sha256:" + hashlib.sha256(customer_id.encode()).hexdigest()


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, *rows: Row) -> None:
        if rows:
            with self.engine.begin() as conn:
                conn.execute(audit_log.insert(), list(rows))

    def list(
        self,
        *,
        call_id: str | None = None,
        customer_id: str | None = None,
        key_name: str | None = None,
        after: int = 0,
        since: dt.datetime | None = None,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """Entries after the id `after`, oldest first."""
        c = audit_log.c
        query = audit_log.select().where(c.id > after).order_by(c.id).limit(limit)
        if call_id is not None:
            query = query.where(c.call_id == call_id)
        if customer_id is not None:
            query = query.where(c.customer_id == customer_digest(customer_id))
        if key_name is not None:
            query = query.where(c.key_name == key_name)
        if since is not None:
            query = query.where(c.at >= (since.astimezone(dt.UTC) if since.tzinfo else since.replace(tzinfo=dt.UTC)))
        with self.engine.connect() as conn:
            return [_to_entry(row) for row in conn.execute(query)]


class AuditWriter(BatchWriter):
    """Reads recorded in batches on a background thread (voc/store/batches.py)."""

    def __init__(self, trail: AuditLog, max_batch: int = 500, linger_s: float = 0.25) -> None:
        self.trail = trail
        super().__init__(lambda rows: trail.record(*rows), name="audit entries", max_batch=max_batch, linger_s=linger_s)

    def read(self, principal: Principal, call_id: str, action: AuditAction = "read") -> None:
        self.submit(audit_row(principal, action, call_id))

    def listed(self, principal: Principal, call_ids: Iterable[str]) -> None:
        """The calls a list answer showed (calls, or tasks with their quotes): one entry per call."""
        for call_id in dict.fromkeys(call_ids):
            self.submit(audit_row(principal, "list", call_id))

    def customer(self, principal: Principal, action: AuditAction, customer_id: str) -> None:
        self.submit(audit_row(principal, action, None, customer_id))

    def now(
        self, principal: Principal, action: AuditAction, call_id: str | None, customer_id: str | None = None
    ) -> None:
        """Record and wait until it is stored (deletes: rare, and the answer waits for the trail).
        Through the same queue as reads, so the trail keeps the order things happened in."""
        self.submit(audit_row(principal, action, call_id, customer_id))
        self.flush()


def _to_entry(row: sa.Row[tuple[object, ...]]) -> AuditEntry:
    m = row._mapping
    at: dt.datetime = m["at"]
    return AuditEntry(
        id=m["id"],
        at=at if at.tzinfo else at.replace(tzinfo=dt.UTC),  # SQLite hands back naive UTC
        key_id=m["key_id"],
        key_name=m["key_name"],
        action=m["action"],
        call_id=m["call_id"],
        customer_id=m["customer_id"],
    )
