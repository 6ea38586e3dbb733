"""What one job does: claim the call, analyse it, store the result or the failure.

Job state lives in the database, not in the broker: a message is only a pointer to a
call. Delivering it twice is harmless (claiming counts attempts; storing is guarded on
the call's status), so the broker may redeliver freely after a worker dies.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import dramatiq
from pydantic import ValidationError

from voc.asr.vocabulary import terms_from_products
from voc.config import Settings
from voc.errors import InvalidInputError, VocError
from voc.intake import CallMetadata, ConversationSubmission
from voc.pipeline import Analyzer
from voc.schemas import CallAnalysis
from voc.store import calls, profiles
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
            analysis = self.analyze(claimed, progress)
        except VocError as error:
            if not error.retryable:  # bad input or a damaged blob: trying again cannot help
                self._fail(claimed, stage[0], error.code, error.message)
                return
            self._retry_or_fail(claimed, stage[0], error.code, error.message)
            return
        except Exception as error:
            self._retry_or_fail(claimed, stage[0], type(error).__name__, str(error) or repr(error))
            return
        with self.database.write() as session:
            stored = calls.finish_call(session, claimed.id, analysis)
        log.info("job for %s: %s", claimed.id, "done" if stored else "already finished elsewhere")

    def analyze(self, claimed: ClaimedCall, progress: Callable[[str], None]) -> CallAnalysis:
        """One attempt at a claimed call's stored input; `progress` names each stage as it starts
        (a failure is recorded against the last one named)."""
        if claimed.blob_sha256 is None:
            raise VocError("the call has no stored input")
        progress("load")
        data = self.blobs.read(claimed.blob_sha256)
        if claimed.kind == "conversation":
            submission = ConversationSubmission.model_validate(json.loads(data))
            progress("text")
            return self.analyzer.analyze_conversation(submission.conversation(), submission.analyze_options())
        try:
            metadata = CallMetadata.model_validate(claimed.meta)
        except ValidationError as error:  # stored before a stricter check: retrying cannot help
            raise InvalidInputError(f"the call's stored metadata is no longer valid: {error}") from error
        options = metadata.analyze_options()
        if metadata.customer_id:
            options = replace(options, terms=self._customer_terms(metadata.customer_id))
        return self.analyzer.analyze_recording(data, options, progress=progress)

    def _customer_terms(self, customer_id: str) -> tuple[str, ...]:
        """The customer's products from their stored profile, for the recogniser (docs/asr.md)."""
        with self.database.read() as session:
            return terms_from_products(profiles.customer_products(session, customer_id))

    def _retry_or_fail(self, claimed: ClaimedCall, stage: str, code: str, message: str) -> None:
        if claimed.attempts >= self.settings.jobs.max_attempts:
            self._fail(claimed, stage, code, f"{message} (gave up after {claimed.attempts} attempts)")
            return
        with self.database.write() as session:
            calls.note_retry(session, claimed.id, stage, code, message)
        log.warning("job for %s failed in %s (attempt %d): %s", claimed.id, stage, claimed.attempts, message)
        raise RetryLater(f"{claimed.id}: {code}: {message}")

    def _fail(self, claimed: ClaimedCall, stage: str, code: str, message: str) -> None:
        with self.database.write() as session:
            calls.fail_call(session, claimed.id, stage, code, message)
        log.warning("job for %s failed for good in %s: %s", claimed.id, stage, message)
