"""`voc erase call|customer` and `voc retention run` against a real SQLite file and blob folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.service.harness import wait_for
from tests.service.test_feed import analysis_with_tasks
from voc.cli import app
from voc.config import RetentionSettings, Settings, get_settings
from voc.intake import CallMetadata
from voc.service import Service
from voc.store import calls
from voc.store.blobs import BlobStore
from voc.store.db import Database
from voc.store.migrate import upgrade_database
from voc.store.tables import Call, utcnow


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("VOC_DATA_DIR", str(tmp_path))
    for name in ("VOC_DATABASE_URL", "VOC_BLOB_URL", "VOC_RETENTION__RESULTS_DAYS", "VOC_RETENTION__AUDIO_DAYS"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def stored_call(data_dir: Path, external_id: str, customer_id: str, received_days_ago: float = 0) -> tuple[str, str]:
    """An analysed call with two tasks and its stored input; returns (call id, blob digest)."""
    url = f"sqlite:///{data_dir / 'voc.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    sha, _ = BlobStore(data_dir / "blobs").put_bytes(f"recording of {external_id}".encode())
    metadata = CallMetadata(external_id=external_id, customer_id=customer_id)
    with database.write() as session:
        call = calls.create_call(session, client="pbx", metadata=metadata, blob_sha256=sha, dispatched_at=utcnow())
        call.created_at = utcnow() - dt.timedelta(days=received_days_ago)
    with database.write() as session:
        calls.claim_call(session, call.id)
    with database.write() as session:
        calls.finish_call(session, call.id, analysis_with_tasks())
    database.dispose()
    return call.id, sha


def call_exists(data_dir: Path, call_id: str) -> bool:
    database = Database(f"sqlite:///{data_dir / 'voc.sqlite3'}")
    try:
        with database.read() as session:
            return session.get(Call, call_id) is not None
    finally:
        database.dispose()


def test_erase_a_call_and_a_customer(data_dir: Path) -> None:
    runner = CliRunner()
    one, one_blob = stored_call(data_dir, "c1", "cust-cli-1")
    two, two_blob = stored_call(data_dir, "c2", "cust-cli-1")
    other, _ = stored_call(data_dir, "c3", "cust-cli-2")
    blobs = BlobStore(data_dir / "blobs")

    erased = runner.invoke(app, ["erase", "call", one])
    assert erased.exit_code == 0, erased.output
    assert f"erased {one}: calls 1, results 1, tasks 2, events 3, blobs 1" in erased.output
    assert not call_exists(data_dir, one) and not blobs.exists(one_blob) and blobs.exists(two_blob)

    missing = runner.invoke(app, ["erase", "call", one])
    assert missing.exit_code == 1 and f"no call or conversation {one}" in missing.output

    customer = runner.invoke(app, ["erase", "customer", "cust-cli-1"])
    assert customer.exit_code == 0, customer.output
    assert "calls 1, results 1, tasks 2, events 3, profiles 1, blobs 1" in customer.output
    assert not call_exists(data_dir, two) and not blobs.exists(two_blob) and call_exists(data_dir, other)
    assert "nothing" in runner.invoke(app, ["erase", "customer", "cust-cli-1"]).output


def test_retention_run(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    old, old_blob = stored_call(data_dir, "r1", "cust-r", received_days_ago=40)
    new, _ = stored_call(data_dir, "r2", "cust-r", received_days_ago=1)

    unset = runner.invoke(app, ["retention", "run"])
    assert unset.exit_code == 2 and "VOC_RETENTION__RESULTS_DAYS" in unset.output

    monkeypatch.setenv("VOC_RETENTION__RESULTS_DAYS", "30")
    get_settings.cache_clear()
    purged = runner.invoke(app, ["retention", "run"])
    assert purged.exit_code == 0, purged.output
    assert "purged: calls 1, results 1, tasks 2, events 3, blobs 1" in purged.output
    assert not call_exists(data_dir, old) and call_exists(data_dir, new)
    assert not BlobStore(data_dir / "blobs").exists(old_blob)
    assert "nothing has expired" in runner.invoke(app, ["retention", "run"]).output


def test_the_retention_timer_of_a_server_purges_at_start(data_dir: Path) -> None:
    old, _ = stored_call(data_dir, "t1", "cust-t", received_days_ago=40)
    with Service(Settings(data_dir=data_dir)) as keeping:
        assert not keeping.start_retention(), "no retention configured: no timer"
    settings = Settings(data_dir=data_dir, retention=RetentionSettings(results_days=30))
    with Service(settings) as service:
        assert service.start_retention()
        wait_for(lambda: not call_exists(data_dir, old), timeout=30, what="the timer's first pass")


def test_sweep_removes_old_blobs_no_call_points_to(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed between storing the redacted copy and deleting the original leaves a blob no
    call names; an upload cut short leaves a temporary file. Old ones go; a young one may be an
    upload whose call row is a moment away, and stays."""
    kept_call, kept_blob = stored_call(data_dir, "s1", "cust-s")
    blobs = BlobStore(data_dir / "blobs")
    orphan, _ = blobs.put_bytes(b"original left behind by a crash")
    young, _ = blobs.put_bytes(b"an upload whose row is being written")
    stale_upload = blobs.tmp / "upload-cut-short"
    stale_upload.write_bytes(b"half a recording")
    two_hours_ago = (utcnow() - dt.timedelta(hours=2)).timestamp()
    for path in (blobs.path(orphan), blobs.path(kept_blob), stale_upload):
        os.utime(path, (two_hours_ago, two_hours_ago))

    swept = CliRunner().invoke(app, ["retention", "sweep"])
    assert swept.exit_code == 0, swept.output
    assert "swept 1 unreferenced blob(s)" in swept.output
    assert not blobs.exists(orphan) and not stale_upload.exists()
    assert blobs.exists(kept_blob) and blobs.exists(young) and call_exists(data_dir, kept_call)

    # the retention timer's pass sweeps too
    again, _ = blobs.put_bytes(b"another original left behind")
    os.utime(blobs.path(again), (two_hours_ago, two_hours_ago))
    monkeypatch.setenv("VOC_RETENTION__AUDIO_DAYS", "30")
    get_settings.cache_clear()
    assert CliRunner().invoke(app, ["retention", "run"]).exit_code == 0
    assert not blobs.exists(again) and blobs.exists(kept_blob)


def test_an_upload_whose_blob_a_concurrent_erasure_removed_puts_it_back(data_dir: Path) -> None:
    """The same bytes are uploaded while the call that had them is erased: the eraser saw no other
    call use them and removed the blob between the upload's put and its commit. The new call must
    still find its recording."""
    import hashlib
    import io

    from voc.jobs.submit import Submission, submit

    class ErasedMeanwhile(BlobStore):
        def put(self, source):  # type: ignore[no-untyped-def]
            sha, size = super().put(source)
            if not getattr(self, "raced", False):
                self.raced = True
                self.delete(sha)  # what the concurrent erasure does at this moment
            return sha, size

    class NoBroker:
        def enqueue(self, call_id: str) -> None:
            pass

    url = f"sqlite:///{data_dir / 'voc.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    blobs = ErasedMeanwhile(data_dir / "blobs")
    audio = b"the same recording uploaded again"
    submission = Submission(
        client="pbx",
        kind="call",
        metadata=CallMetadata(external_id="again"),
        content=io.BytesIO(audio),
        content_sha256=hashlib.sha256(audio).hexdigest(),
    )
    result = submit(database, blobs, NoBroker(), submission)  # type: ignore[arg-type]
    assert result.call is not None
    with database.read() as session:
        call = session.get(Call, result.call.id)
        assert call is not None and call.blob_sha256 is not None
        assert blobs.read(call.blob_sha256) == audio
    database.dispose()
