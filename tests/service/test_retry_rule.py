"""The job runner's retry rule is the error's `retryable` flag, not an HTTP status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.service.harness import deployment
from voc.errors import BlobDamagedError, BlobStoreError, ModelMissingError, SilentAudioError, VocError
from voc.intake import CallMetadata
from voc.jobs.runner import JobRunner, RetryLater
from voc.store import calls
from voc.store.blobs import open_blob_store


class FailingAnalyzer:
    def __init__(self, error: VocError) -> None:
        self.error = error

    def analyze_recording(self, *_: Any, **__: Any) -> None:
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        SilentAudioError("no speech"),
        BlobDamagedError("bytes differ"),
        ModelMissingError("no model"),
        BlobStoreError("down"),
    ],
)
def test_only_errors_that_may_pass_later_are_retried(tmp_path: Path, error: VocError) -> None:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings()
        database, blobs = deploy.database(), open_blob_store(settings)
        sha, size = blobs.put_bytes(b"RIFF....WAVE")
        with database.write() as session:
            call_id = calls.create_call(
                session, client="t", metadata=CallMetadata(external_id="r1"), blob_sha256=sha, blob_size=size
            ).id
        runner = JobRunner(database, blobs, settings, FailingAnalyzer(error))  # type: ignore[arg-type]
        if error.retryable:
            with pytest.raises(RetryLater):
                runner.process(call_id)
        else:
            runner.process(call_id)
        with database.read() as session:
            call = calls.get_call(session, call_id)
            assert call is not None
            assert (call.status, call.error_code) == ("queued" if error.retryable else "failed", error.code)
        database.dispose()
