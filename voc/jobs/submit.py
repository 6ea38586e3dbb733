"""Accepting work: store the input, create the call row, send the job, once per request.

Order matters for "nothing stored is lost": the blob is written (fsync, rename) before
the row that points to it commits, and the job is sent only after the commit, so a
worker never sees a call whose input is missing. The row is stored with its send claimed
(voc/store/dispatch.py); the claim is confirmed once the broker took the message. If the
broker cannot be reached, the call is accepted all the same and the dispatcher
(voc/jobs/dispatch.py) sends it when the broker is back; if the process dies before the
broker confirmed, the dispatcher sends it once the unconfirmed claim is old enough.

The result says what happened in the domain's terms; the API decides how to answer it.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from voc.intake import CallMetadata
from voc.jobs.queue import BrokerUnavailable, JobQueue
from voc.store import calls, dispatch
from voc.store.blobs import Blobs
from voc.store.db import Database
from voc.store.idempotency import claim_key, complete_key, release_key
from voc.store.tables import Call, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submission:
    client: str
    kind: str  # call | conversation
    metadata: CallMetadata
    content: BinaryIO
    content_sha256: str
    idempotency_key: str | None = None


class SubmitOutcome(enum.StrEnum):
    ACCEPTED = "accepted"  # stored and queued
    DUPLICATE = "duplicate"  # this client already sent this external_id: the first call answers
    KEY_REUSED = "key_reused"  # the Idempotency-Key came before with a different request
    KEY_IN_FLIGHT = "key_in_flight"  # the first request with this Idempotency-Key is still running


@dataclass(frozen=True)
class AcceptedCall:
    id: str
    kind: str  # call | conversation
    status: str  # as it was when the submission was answered


@dataclass(frozen=True)
class SubmitResult:
    outcome: SubmitOutcome
    call: AcceptedCall | None = None  # for ACCEPTED and DUPLICATE
    replayed: bool = False  # the result recorded against the Idempotency-Key, given again as it was


def request_hash(content_sha256: str, metadata: CallMetadata) -> str:
    canonical = json.dumps(metadata.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{content_sha256}\n{canonical}".encode()).hexdigest()


def submit(database: Database, blobs: Blobs, jobs: JobQueue, submission: Submission) -> SubmitResult:
    key = submission.idempotency_key
    if key is not None:
        claim = claim_key(
            database, submission.client, key, request_hash(submission.content_sha256, submission.metadata)
        )
        if claim.outcome == "mismatch":
            return SubmitResult(SubmitOutcome.KEY_REUSED)
        if claim.outcome == "in_flight":
            return SubmitResult(SubmitOutcome.KEY_IN_FLIGHT)
        if claim.outcome == "replay":
            return replayed_result(claim.record)
    try:
        result, call_id = _store(database, blobs, submission)
    except BaseException:
        if key is not None:
            release_key(database, submission.client, key)
        raise
    if call_id is not None:
        _send(database, jobs, call_id)
    return result


def _send(database: Database, jobs: JobQueue, call_id: str) -> None:
    """Send the stored call's job; a broker or database that is down leaves it to the dispatcher."""
    try:
        jobs.enqueue(call_id)
    except BrokerUnavailable as error:
        log.warning("broker unreachable, call %s stays queued for the dispatcher: %s", call_id, error)
        try:
            with database.write() as session:
                dispatch.release_dispatch(session, call_id)  # due at once, not after the claim expires
        except SQLAlchemyError as db_error:
            log.warning("call %s: could not mark it unsent (%s); sent after the claim expires", call_id, db_error)
        return
    try:
        with database.write() as session:
            dispatch.confirm_dispatch(session, [call_id])
    except SQLAlchemyError as error:  # the message is out; at worst it is sent once more later
        log.warning("call %s: sent, but the send could not be recorded: %s", call_id, error)


def recorded_result(outcome: SubmitOutcome, call: AcceptedCall) -> dict[str, Any]:
    """What is kept against an Idempotency-Key: enough to give the same result again.

    Rows written before this record existed hold the HTTP body of the first answer
    (`id`, `status`, `status_url`, `duplicate`); `replayed_result` reads both shapes.
    """
    return {"id": call.id, "kind": call.kind, "status": call.status, "duplicate": outcome is SubmitOutcome.DUPLICATE}


def replayed_result(record: dict[str, Any] | None) -> SubmitResult:
    if record is None:  # `done` without a record is never written; answer as if still running
        return SubmitResult(SubmitOutcome.KEY_IN_FLIGHT)
    kind = record.get("kind") or ("conversation" if "/conversations/" in record.get("status_url", "") else "call")
    outcome = SubmitOutcome.DUPLICATE if record.get("duplicate") else SubmitOutcome.ACCEPTED
    return SubmitResult(outcome, AcceptedCall(record["id"], kind, record["status"]), replayed=True)


def _store(database: Database, blobs: Blobs, submission: Submission) -> tuple[SubmitResult, str | None]:
    external_id = submission.metadata.external_id
    if external_id is not None:
        duplicate = _duplicate(database, submission)
        if duplicate is not None:
            return duplicate, None
    sha, size = blobs.put(submission.content)
    try:
        with database.write() as session:
            call = calls.create_call(
                session,
                client=submission.client,
                metadata=submission.metadata,
                kind=submission.kind,
                blob_sha256=sha,
                blob_size=size,
                dispatched_at=utcnow(),  # claimed for the send below, so no dispatcher sends it too
            )
            stored = _answered(session, submission, call, SubmitOutcome.ACCEPTED), call.id
    except IntegrityError:  # the same external_id committed by a concurrent request
        duplicate = _duplicate(database, submission)
        if duplicate is None:
            raise
        return duplicate, None
    _put_back_if_removed(blobs, submission, sha)
    return stored


def _put_back_if_removed(blobs: Blobs, submission: Submission, sha: str) -> None:
    """The same bytes may belong to a call being erased or finishing its analysis right now: that
    process, seeing no other call use them before this call's row was committed, may have removed
    the blob between our `put` and our commit. Now that the row is committed no one removes it any
    more, so a blob missing here is put back from the upload."""
    if blobs.exists(sha) or not submission.content.seekable():
        return
    log.warning("the blob of a new upload was removed by a concurrent erasure; storing it again")
    submission.content.seek(0)
    blobs.put(submission.content)


def _duplicate(database: Database, submission: Submission) -> SubmitResult | None:
    assert submission.metadata.external_id is not None
    with database.write() as session:
        existing = calls.find_by_external_id(session, submission.client, submission.metadata.external_id)
        if existing is None:
            return None
        return _answered(session, submission, existing, SubmitOutcome.DUPLICATE)


def _answered(session: Session, submission: Submission, call: Call, outcome: SubmitOutcome) -> SubmitResult:
    """The submission's result, recorded against its Idempotency-Key (if any) in the same transaction."""
    accepted = AcceptedCall(call.id, call.kind, call.status)
    if submission.idempotency_key is not None:
        complete_key(session, submission.client, submission.idempotency_key, recorded_result(outcome, accepted))
    return SubmitResult(outcome, accepted)
