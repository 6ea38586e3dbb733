"""What one job does: claim the call under a lease, analyse it, store the result or the failure.

Job state lives in the database, not in the broker: a message is only a pointer to a
call. Delivering it twice is harmless: the claim is a conditional UPDATE that only takes a
`queued` call, so a second delivery while a worker holds the call is dropped (if that
worker dies, its lease runs out and the call is sent again, voc/store/leases.py); storing is
guarded on the worker's lease, so there is one result and one event whatever happens.

The database being unreachable is not the job's failure: a delivery that cannot claim raises
`DatabaseUnavailable` (the queue sends the message again later, not counted as an attempt),
and a finished analysis is stored with retries for `store_patience_s` before the worker lets
its lease run out. Each outage is logged as one warning line, not as a traceback.

With redaction on, the uploaded input does not outlive its job (docs/redaction.md): a finished
call's blob is replaced by the redacted copy (a recording with the spans silenced, a conversation
with the masked texts) in the transaction that stores the result, and the original is removed
after it; a call that fails for good loses its input (nothing redacted can replace it). Retries
keep the original: the next attempt needs it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

import dramatiq
import numpy as np
from pydantic import ValidationError
from sqlalchemy.orm import Session

from voc.across_calls import index_finished_call, place_in_topics
from voc.audio.redact import RedactedRecording
from voc.config import Settings
from voc.errors import InvalidInputError, VocError
from voc.intake import CallMetadata, ConversationSubmission, terms_from_products
from voc.jobs.leases import LeaseKeeper
from voc.pipeline import Analyzer
from voc.prosody.norms import profile_baseline
from voc.schemas import CallAnalysis
from voc.store import calls, profiles
from voc.store.blobs import Blobs
from voc.store.db import Database, describe_outage, is_database_outage
from voc.store.tables import Call

log = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseUnavailable(Exception):
    """The delivery could not reach the database to claim its call; nothing was changed."""


class RetryLater(dramatiq.Retry):
    """The attempt failed; the broker retries it after an exponential backoff (logged by
    the runner, so Dramatiq does not log it again as an unhandled error)."""


@dataclass(frozen=True)
class ClaimedCall:
    id: str
    kind: str
    attempts: int
    external_id: str | None
    blob_sha256: str | None
    meta: dict[str, object]

    @classmethod
    def of(cls, call: Call) -> ClaimedCall:
        return cls(call.id, call.kind, call.attempts, call.external_id, call.blob_sha256, dict(call.meta))


@dataclass(frozen=True)
class Analysed:
    """One attempt's output: the analysis and, when redaction masked something, the input to store
    in place of the original (None: keep the original, redaction is off or found nothing to hide)."""

    analysis: CallAnalysis
    redacted_input: bytes | None


class JobRunner:
    """Built by the composition root (voc/service.py) for the processes that analyse calls."""

    def __init__(self, database: Database, blobs: Blobs, settings: Settings, analyzer: Analyzer) -> None:
        self.database = database
        self.blobs = blobs
        self.settings = settings
        self.analyzer = analyzer
        self.lease = dt.timedelta(seconds=settings.jobs.lease_s)
        self.leases = LeaseKeeper(database, self.lease)

    @property
    def worker(self) -> str:
        return self.leases.worker

    def process(self, call_id: str) -> None:
        try:
            with self.database.write() as session:
                row = calls.claim_call(session, call_id, worker=self.worker, lease=self.lease)
                claimed = ClaimedCall.of(row) if row else None
                why_not = None if row else _why_not_claimed(session, call_id)
        except Exception as error:
            if is_database_outage(error):
                raise DatabaseUnavailable(describe_outage(error)) from error
            raise
        if claimed is None:
            log.info("job for %s: nothing to do (%s)", call_id, why_not)
            return
        self.leases.hold(claimed.id)
        try:
            self._run(claimed)
        finally:
            self.leases.release(claimed.id)

    def _run(self, claimed: ClaimedCall) -> None:
        stage = ["load"]

        def progress(name: str) -> None:
            stage[0] = name

        try:
            analysed = self.analyze(claimed, progress)
        except VocError as error:
            if not error.retryable:  # bad input or a damaged blob: trying again cannot help
                self._fail(claimed, stage[0], error.code, error.message)
                return
            self._retry_or_fail(claimed, stage[0], error.code, error.message)
            return
        except Exception as error:
            self._retry_or_fail(claimed, stage[0], type(error).__name__, str(error) or repr(error))
            return
        analysis, contact_vector = self.place_in_topics(claimed.id, analysed.analysis)
        copy = self.blobs.put_bytes(analysed.redacted_input) if analysed.redacted_input is not None else None

        def store(session: Session) -> tuple[bool, str | None]:
            """The result, its insights and, in the same transaction, the redacted input in place of the original."""
            stored = calls.finish_call(session, claimed.id, analysis, worker=self.worker)
            if not stored:
                return False, None
            original = calls.replace_blob(session, claimed.id, *copy) if copy is not None else None
            if copy is None and self._redacts_input(claimed):
                calls.mark_blob_redacted(session, claimed.id)
            call = calls.get_call(session, claimed.id)
            if call is not None:  # trends, search and topics see the call with its result
                index_finished_call(session, call, analysis, contact_vector)
            return True, original

        outcome = self._write(claimed, "store its result", store)
        stored, original = outcome if outcome is not None else (False, None)
        if stored and original is not None:
            self._remove_blob(original, claimed.id)
        elif not stored and copy is not None:  # not stored (taken back, or another worker's copy won)
            self._remove_blob(copy[0], claimed.id)
        if outcome is not None:
            log.info(
                "job for %s: %s",
                claimed.id,
                "done" if stored else "not stored: the call was taken back (lease ran out)",
            )

    def _redacts_input(self, claimed: ClaimedCall) -> bool:
        """Whether this call's stored input is replaced by a redacted copy (else it is kept as it came)."""
        redaction = self.settings.redaction
        return redaction.enabled and (redaction.audio or claimed.kind == "conversation")

    def _remove_blob(self, sha256: str, call_id: str) -> None:
        """Remove a blob no call points to any more (the same upload may still wait for another call).
        A failure here leaves an unreferenced blob, never a broken call: it is logged, not raised."""
        try:
            with self.database.read() as session:
                if calls.blob_still_used(session, sha256):
                    return
            self.blobs.delete(sha256)
        except Exception as error:  # the call is stored; the blob is only left over
            log.warning("job for %s: could not remove blob %s: %s", call_id, sha256, error)

    def place_in_topics(self, call_id: str, analysis: CallAnalysis) -> tuple[CallAnalysis, np.ndarray | None]:
        """The contact driver from the stored topics; a failure costs the call its topic, not its result."""
        began = time.perf_counter()
        try:
            placed, vector = place_in_topics(self.database, analysis)
        except Exception as error:  # the embedding model or a topics read: `voc insights build` mends it
            log.warning("job for %s: no topic assigned (%s: %s)", call_id, type(error).__name__, error)
            return analysis, None
        timings = placed.timings | {"topics": round(time.perf_counter() - began, 4)}
        return placed.model_copy(update={"timings": timings}), vector

    def analyze(self, claimed: ClaimedCall, progress: Callable[[str], None]) -> Analysed:
        """One attempt at a claimed call's stored input; `progress` names each stage as it starts
        (a failure is recorded against the last one named)."""
        if claimed.blob_sha256 is None:
            raise VocError("the call has no stored input")
        progress("load")
        data = self.blobs.read(claimed.blob_sha256)
        if claimed.kind == "conversation":
            submission = ConversationSubmission.model_validate(json.loads(data))
            progress("text")
            analysis = self.analyzer.analyze_conversation(submission.conversation(), submission.analyze_options())
            return Analysed(analysis, redacted_submission(submission, analysis))
        try:
            metadata = CallMetadata.model_validate(claimed.meta)
        except ValidationError as error:  # stored before a stricter check: retrying cannot help
            raise InvalidInputError(f"the call's stored metadata is no longer valid: {error}") from error
        options = metadata.analyze_options()
        if metadata.customer_id:
            progress("profile")
            options = replace(
                options,
                customer_voice=self.customer_voice(metadata.customer_id),
                # the upload's own names first, then the products on the customer's profile
                terms=terms_from_products([*options.terms, *self._customer_terms(metadata.customer_id)]),
            )
        analysis = self.analyzer.analyze_recording(data, options, progress=progress)
        progress("audio_redaction")
        copy: RedactedRecording | None = self.analyzer.redact_recording(data, analysis)
        return Analysed(analysis, copy.data if copy is not None else None)

    def customer_voice(self, customer_id: str) -> tuple[tuple[str, float, float], ...]:
        """The customer's prosody baseline from their earlier calls, on the scale prosody scores in."""
        with self.database.read() as session:
            stored = profiles.load_voice_baseline(session, customer_id)

        def triple(spread: profiles.Spread | None) -> tuple[float, float, int] | None:
            return (spread.median, spread.spread, spread.n) if spread else None

        baseline = profile_baseline(triple(stored.pitch_hz), triple(stored.rate_sps))
        return tuple((measure, centre, spread) for measure, (centre, spread) in baseline.items())

    def _customer_terms(self, customer_id: str) -> tuple[str, ...]:
        """The customer's products from their stored profile, for the recogniser (docs/asr.md)."""
        with self.database.read() as session:
            return terms_from_products(profiles.customer_products(session, customer_id))

    def stop(self) -> None:
        self.leases.stop()

    def _retry_or_fail(self, claimed: ClaimedCall, stage: str, code: str, message: str) -> None:
        if claimed.attempts >= self.settings.jobs.max_attempts:
            self._fail(claimed, stage, code, f"{message} (gave up after {claimed.attempts} attempts)")
            return
        noted = self._write(
            claimed,
            "record its retry",
            lambda s: calls.note_retry(s, claimed.id, stage, code, message, worker=self.worker),
        )
        if not noted:  # taken back, or the database stayed away: the lease decides what happens next
            return
        log.warning("job for %s failed in %s (attempt %d): %s", claimed.id, stage, claimed.attempts, message)
        raise RetryLater(f"{claimed.id}: {code}: {message}")

    def _fail(self, claimed: ClaimedCall, stage: str, code: str, message: str) -> None:
        def record(session: Session) -> tuple[bool, str | None]:
            failed = calls.fail_call(session, claimed.id, stage, code, message, worker=self.worker)
            # No redacted copy will ever replace the input: it goes with the failure.
            original = calls.detach_blob(session, claimed.id) if failed and self._redacts_input(claimed) else None
            return failed, original

        outcome = self._write(claimed, "record its failure", record)
        if outcome is None or not outcome[0]:
            return
        if outcome[1] is not None:
            self._remove_blob(outcome[1], claimed.id)
        log.warning("job for %s failed for good in %s: %s", claimed.id, stage, message)

    def _write(self, claimed: ClaimedCall, what: str, change: Callable[[Session], T]) -> T | None:
        """Run `change` in a write transaction, waiting out a database outage for up to
        `store_patience_s`; None when it gave up (the call's lease then runs out and it is
        analysed again)."""
        patience = self.settings.jobs.store_patience_s
        deadline = time.monotonic() + patience
        wait = 0.5
        warned = False
        while True:
            try:
                with self.database.write() as session:
                    return change(session)
            except Exception as error:
                if not is_database_outage(error):
                    raise
                if time.monotonic() + wait > deadline:
                    log.warning(
                        "job for %s: could not %s, the database stayed unreachable for %.0f s (%s); the call goes "
                        "back to the queue when its lease runs out",
                        claimed.id,
                        what,
                        patience,
                        describe_outage(error),
                    )
                    return None
                if not warned:
                    log.warning(
                        "job for %s: cannot %s, the database is unreachable, retrying for up to %.0f s: %s",
                        claimed.id,
                        what,
                        patience,
                        describe_outage(error),
                    )
                    warned = True
            time.sleep(wait)
            wait = min(wait * 2, 5.0)


def _why_not_claimed(session: Session, call_id: str) -> str:
    call = calls.get_call(session, call_id)
    if call is None:
        return "deleted or unknown"
    if call.status == "processing":
        return (
            f"held by {call.leased_by} until {call.lease_expires_at}; this delivery is dropped, the call is sent "
            "again if that lease runs out"
        )
    return f"already {call.status}"


def redacted_submission(submission: ConversationSubmission, analysis: CallAnalysis) -> bytes | None:
    """The conversation as submitted, each turn's text as the analysis masked it (None: nothing masked)."""
    if not analysis.redactions:
        return None
    turns = [t.model_copy(update={"text": done.text}) for t, done in zip(submission.turns, analysis.turns, strict=True)]
    return submission.model_copy(update={"turns": turns}).model_dump_json(exclude_none=True).encode()
