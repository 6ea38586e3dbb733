"""What one job does: claim the call, analyse it, store the result or the failure.

Job state lives in the database, not in the broker: a message is only a pointer to a
call. Delivering it twice is harmless (claiming counts attempts; storing is guarded on
the call's status), so the broker may redeliver freely after a worker dies.

With redaction on, the uploaded input does not outlive its job (docs/redaction.md): a finished
call's blob is replaced by the redacted copy (a recording with the spans silenced, a conversation
with the masked texts) in the transaction that stores the result, and the original is removed
after it; a call that fails for good loses its input (nothing redacted can replace it). Retries
keep the original: the next attempt needs it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

import dramatiq
from pydantic import ValidationError

from voc.audio.redact import RedactedRecording
from voc.config import Settings
from voc.errors import InvalidInputError, VocError
from voc.intake import CallMetadata, ConversationSubmission
from voc.pipeline import Analyzer
from voc.schemas import CallAnalysis
from voc.store import calls
from voc.store.blobs import Blobs
from voc.store.db import Database
from voc.store.tables import Call

log = logging.getLogger(__name__)


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
    """One successful attempt: the analysis, and the redacted input to store in place of the
    original (None: keep the original, redaction is off or found nothing to hide)."""

    analysis: CallAnalysis
    redacted_input: bytes | None


class JobRunner:
    """Built by the composition root (voc/service.py) for the processes that analyse calls."""

    def __init__(self, database: Database, blobs: Blobs, settings: Settings, analyzer: Analyzer) -> None:
        self.database = database
        self.blobs = blobs
        self.settings = settings
        self.analyzer = analyzer

    def process(self, call_id: str) -> None:
        with self.database.write() as session:
            row = calls.claim_call(session, call_id)
            claimed = ClaimedCall.of(row) if row else None
        if claimed is None:
            log.info("job for %s: nothing to do (finished, deleted or unknown)", call_id)
            return
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
        self._store(claimed, analysed)

    def _store(self, claimed: ClaimedCall, analysed: Analysed) -> None:
        """The result and, in the same transaction, the redacted input in place of the original."""
        copy = self.blobs.put_bytes(analysed.redacted_input) if analysed.redacted_input is not None else None
        original: str | None = None
        with self.database.write() as session:
            stored = calls.finish_call(session, claimed.id, analysed.analysis)
            if stored and copy is not None:
                original = calls.replace_blob(session, claimed.id, *copy)
            elif stored and self._redacts_input(claimed):
                calls.mark_blob_redacted(session, claimed.id)
        if stored and original is not None:
            self._remove_blob(original, claimed.id)
        elif not stored and copy is not None:  # another worker stored its own copy first
            self._remove_blob(copy[0], claimed.id)
        log.info("job for %s: %s", claimed.id, "done" if stored else "already finished elsewhere")

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
        analysis = self.analyzer.analyze_recording(data, metadata.analyze_options(), progress=progress)
        progress("audio_redaction")
        copy: RedactedRecording | None = self.analyzer.redact_recording(data, analysis)
        return Analysed(analysis, copy.data if copy is not None else None)

    def _retry_or_fail(self, claimed: ClaimedCall, stage: str, code: str, message: str) -> None:
        if claimed.attempts >= self.settings.jobs.max_attempts:
            self._fail(claimed, stage, code, f"{message} (gave up after {claimed.attempts} attempts)")
            return
        with self.database.write() as session:
            calls.note_retry(session, claimed.id, stage, code, message)
        log.warning("job for %s failed in %s (attempt %d): %s", claimed.id, stage, claimed.attempts, message)
        raise RetryLater(f"{claimed.id}: {code}: {message}")

    def _fail(self, claimed: ClaimedCall, stage: str, code: str, message: str) -> None:
        original: str | None = None
        with self.database.write() as session:
            failed = calls.fail_call(session, claimed.id, stage, code, message)
            if failed and self._redacts_input(claimed):  # no redacted copy will ever replace it
                original = calls.detach_blob(session, claimed.id)
        if original is not None:
            self._remove_blob(original, claimed.id)
        log.warning("job for %s failed for good in %s: %s", claimed.id, stage, message)


def redacted_submission(submission: ConversationSubmission, analysis: CallAnalysis) -> bytes | None:
    """The conversation as submitted, each turn's text as the analysis masked it (None: nothing masked)."""
    if not analysis.redactions:
        return None
    turns = [t.model_copy(update={"text": done.text}) for t, done in zip(submission.turns, analysis.turns, strict=True)]
    return submission.model_copy(update={"turns": turns}).model_dump_json(exclude_none=True).encode()
