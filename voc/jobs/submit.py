"""Accepting work: store the input, create the call row, send the job, once per request.

Order matters for "nothing stored is lost": the blob is written (fsync, rename) before
the row that points to it commits, and the job is sent only after the commit, so a
worker never sees a call whose input is missing. If the process dies in between, the
row stays `queued` and is re-sent at the next start.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voc.jobs.queue import JobQueue
from voc.store import calls
from voc.store.blobs import Blobs
from voc.store.db import Database
from voc.store.idempotency import claim_key, complete_key, release_key
from voc.store.intake import CallMetadata
from voc.store.tables import Call
from voc.views import Accepted


@dataclass(frozen=True)
class Submission:
    client: str
    kind: str  # call | conversation
    metadata: CallMetadata
    content: BinaryIO
    content_sha256: str
    idempotency_key: str | None = None


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    problem: str | None = None  # a problem code when the answer is an error


def request_hash(content_sha256: str, metadata: CallMetadata) -> str:
    canonical = json.dumps(metadata.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{content_sha256}\n{canonical}".encode()).hexdigest()


def submit(database: Database, blobs: Blobs, jobs: JobQueue, submission: Submission) -> Answer:
    key = submission.idempotency_key
    if key is not None:
        claim = claim_key(
            database, submission.client, key, request_hash(submission.content_sha256, submission.metadata)
        )
        if claim.outcome == "mismatch":
            return Answer(
                422,
                {"detail": "this Idempotency-Key was used with a different request"},
                "idempotency_key_reused",
            )
        if claim.outcome == "in_flight":
            return Answer(
                409,
                {"detail": "a request with this Idempotency-Key is still being processed"},
                "idempotency_key_in_flight",
            )
        if claim.outcome == "replay":
            return Answer(claim.status or 200, claim.body or {})
    try:
        answer, call_id = _store(database, blobs, submission)
    except BaseException:
        if key is not None:
            release_key(database, submission.client, key)
        raise
    if call_id is not None:
        jobs.enqueue(call_id)
    return answer


def _store(database: Database, blobs: Blobs, submission: Submission) -> tuple[Answer, str | None]:
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
            )
            return _accepted(session, submission, call, duplicate=False), call.id
    except IntegrityError:  # the same external_id committed by a concurrent request
        duplicate = _duplicate(database, submission)
        if duplicate is None:
            raise
        return duplicate, None


def _duplicate(database: Database, submission: Submission) -> Answer | None:
    assert submission.metadata.external_id is not None
    with database.write() as session:
        existing = calls.find_by_external_id(session, submission.client, submission.metadata.external_id)
        if existing is None:
            return None
        return _accepted(session, submission, existing, duplicate=True)


def _accepted(session: Session, submission: Submission, call: Call, *, duplicate: bool) -> Answer:
    """The upload's answer (202 new, 200 duplicate), recorded against its Idempotency-Key if any."""
    status = 200 if duplicate else 202
    body = Accepted.for_call(call, duplicate=duplicate).model_dump(mode="json")
    if submission.idempotency_key is not None:
        complete_key(session, submission.client, submission.idempotency_key, status, body)
    return Answer(status, body)
