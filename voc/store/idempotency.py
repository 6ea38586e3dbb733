"""Idempotency-Key handling: the same key and body give the first result again.

A key is claimed (state `in_flight`) before the work and completed with a record of the
result (JSON the caller chooses; `response_body` column); the same key with another body
is an error, and a key whose first request is still running answers "in flight". A failed
request releases its key so the client may retry. `response_status` is no longer written:
it held the HTTP status when the record was the HTTP answer itself.
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
    record: dict[str, Any] | None = None  # for a replay: what complete_key stored


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
            return Claim("replay", record.response_body)
    except IntegrityError:  # another request claimed the key between our read and insert
        return Claim("in_flight")


def complete_key(session: Session, client: str, key: str, result: dict[str, Any]) -> None:
    record = session.get(IdempotencyRecord, (client, key))
    if record is not None:
        record.state, record.response_body = "done", result


def release_key(database: Database, client: str, key: str) -> None:
    with database.write() as session:
        session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.client == client,
                IdempotencyRecord.key == key,
                IdempotencyRecord.state == "in_flight",
            )
        )
