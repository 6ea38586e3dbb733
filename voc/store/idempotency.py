"""Idempotency-Key handling: the same key and body replay the first answer.

A key is claimed (state `in_flight`) before the work and completed with the response;
the same key with another body is an error, and a key whose first request is still
running answers "in flight". A failed request releases its key so the client may retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voc.store.db import Database
from voc.store.tables import IdempotencyRecord


@dataclass(frozen=True)
class Claim:
    outcome: Literal["new", "replay", "mismatch", "in_flight"]
    status: int | None = None
    body: dict[str, Any] | None = None


def claim_key(database: Database, client: str, key: str, request_hash: str) -> Claim:
    try:
        with database.write() as session:
            record = session.get(IdempotencyRecord, (client, key))
            if record is None:
                session.add(IdempotencyRecord(client=client, key=key, request_hash=request_hash))
                session.flush()
                return Claim("new")
            if record.request_hash != request_hash:
                return Claim("mismatch")
            if record.state != "done":
                return Claim("in_flight")
            return Claim("replay", record.response_status, record.response_body)
    except IntegrityError:  # another request claimed the key between our read and insert
        return Claim("in_flight")


def complete_key(session: Session, client: str, key: str, status: int, body: dict[str, Any]) -> None:
    record = session.get(IdempotencyRecord, (client, key))
    if record is not None:
        record.state, record.response_status, record.response_body = "done", status, body


def release_key(database: Database, client: str, key: str) -> None:
    with database.write() as session:
        session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.client == client,
                IdempotencyRecord.key == key,
                IdempotencyRecord.state == "in_flight",
            )
        )
