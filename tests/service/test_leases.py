"""Leases on SQLite (the embedded path), with the real text pipeline on real conversations:
at most one worker analyses a call at a time whatever is delivered, a lease that runs out sends
the call again (or fails it after the last attempt, with its event), a renewed lease is kept,
and a worker whose lease was taken back stores nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from sqlalchemy import func, select

from tests.service.harness import Deployment, deployment, voc_command
from voc.config import Settings
from voc.intake import ConversationSubmission
from voc.jobs.dispatch import Dispatcher
from voc.jobs.queue import JobQueue
from voc.jobs.runner import ClaimedCall, JobRunner
from voc.pipeline import Analyzer
from voc.schemas import CallAnalysis
from voc.store import calls
from voc.store.blobs import open_blob_store
from voc.store.db import Database
from voc.store.tables import Call, Event, Result, TaskRow

TURNS = [
    {"speaker": "customer", "text": "Мне так и не перезвонили по поводу вклада, я очень недоволен."},
    {"speaker": "agent", "text": "Извините. Я вам перезвоню в пятницу и расскажу про ставки."},
]


class GatedRunner(JobRunner):
    """The real runner, whose analysis waits for `gate` after it started: a test holds a job
    mid-analysis while it delivers the same call again. Counts the analyses that started."""

    def __init__(self, *args: object, gate: threading.Event, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.gate = gate
        self.started = threading.Event()
        self.analyses = 0

    def analyze(self, claimed: ClaimedCall, progress: Callable[[str], None]) -> CallAnalysis:
        self.analyses += 1
        self.started.set()
        assert self.gate.wait(60)
        return super().analyze(claimed, progress)


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[Deployment]:
    with deployment("embedded", tmp_path) as deploy:
        yield deploy


def store_conversation(database: Database, settings: Settings, external_id: str) -> str:
    submission = ConversationSubmission.model_validate({"external_id": external_id, "turns": TURNS})
    sha, size = open_blob_store(settings).put_bytes(submission.model_dump_json().encode())
    with database.write() as session:
        return calls.create_call(
            session, client="t", metadata=submission, kind="conversation", blob_sha256=sha, blob_size=size
        ).id


def counts(database: Database, call_id: str) -> tuple[int, int, int, int]:
    """Results, call.analyzed events, call.failed events and tasks stored for the call."""
    with database.read() as session:

        def count(query: Any) -> int:
            return int(session.scalar(query) or 0)

        return (
            count(select(func.count()).select_from(Result).where(Result.call_id == call_id)),
            count(select(func.count()).where(Event.call_id == call_id, Event.type == "call.analyzed")),
            count(select(func.count()).where(Event.call_id == call_id, Event.type == "call.failed")),
            count(select(func.count()).select_from(TaskRow).where(TaskRow.call_id == call_id)),
        )


def row(database: Database, call_id: str) -> Call:
    with database.read() as session:
        call = session.get(Call, call_id)
        assert call is not None
        return call


def test_a_second_delivery_of_a_held_call_is_dropped(embedded: Deployment, analyzer: Analyzer) -> None:
    settings = embedded.settings()
    database = embedded.database()
    call_id = store_conversation(database, settings, "held")
    gate = threading.Event()
    # Two workers as in two processes: each its own engine, runner and lease keeper.
    first = GatedRunner(database, open_blob_store(settings), settings, analyzer, gate=gate)
    second_db = embedded.database()
    open_gate = threading.Event()
    open_gate.set()  # were the second delivery to analyse, it would not wait: the test fails fast
    second = GatedRunner(second_db, open_blob_store(settings), settings, analyzer, gate=open_gate)
    worker = threading.Thread(target=first.process, args=(call_id,))
    worker.start()
    try:
        assert first.started.wait(60), "the first delivery started analysing"
        held = row(database, call_id)
        assert (held.status, held.leased_by, held.attempts) == ("processing", first.worker, 1)
        second.process(call_id)  # the re-sent message arrives while the first worker is on it
        assert second.analyses == 0, "a second worker never analyses a call another one holds"
        assert row(database, call_id).attempts == 1, "a dropped delivery is not an attempt"
    finally:
        gate.set()
        worker.join(120)
    done = row(database, call_id)
    assert (done.status, done.attempts, done.leased_by, done.lease_expires_at) == ("done", 1, None, None)
    results, analyzed, failed, tasks = counts(database, call_id)
    assert (results, analyzed, failed) == (1, 1, 0)
    with database.read() as session:
        stored = calls.get_result(session, call_id)
        assert stored is not None and tasks == len(stored.analysis["tasks"]) >= 1
    second.process(call_id)  # a late copy once the call is done does nothing
    assert second.analyses == 0 and counts(database, call_id)[:2] == (1, 1)
    for runner, db in ((first, database), (second, second_db)):
        runner.stop()
        db.dispose()


def test_a_lease_that_runs_out_sends_the_call_again_then_fails_it(embedded: Deployment, analyzer: Analyzer) -> None:
    settings = embedded.settings(jobs=embedded.job_settings(max_attempts=2, lease_s=30))
    database = embedded.database()
    call_id = store_conversation(database, settings, "orphan")
    queue = JobQueue(settings)
    dispatcher = Dispatcher(database, queue, settings.jobs)
    broker = queue.broker
    assert isinstance(broker, StubBroker)

    def sent() -> list[str]:
        return [dramatiq.Message.decode(m).args[0] for m in broker.queues[settings.jobs.queue].queue]

    # What a worker killed mid-job leaves: the call processing under a lease nobody renews.
    for attempt in (1, 2):
        with database.write() as session:
            assert calls.claim_call(session, call_id, worker=f"killed-{attempt}", lease=dt.timedelta(seconds=0.3))
        assert dispatcher.run_once() == 0, "a live lease is left alone"
        time.sleep(0.4)
        if attempt == 1:
            assert dispatcher.run_once() == 1, "once the lease ran out the call is sent again"
            again = row(database, call_id)
            assert (again.status, again.attempts, again.error_code) == ("queued", 1, "lease_expired")
            assert "killed-1" in (again.error_message or "")
            assert sent() == [call_id]
    dispatcher.run_once()
    failed = row(database, call_id)
    assert (failed.status, failed.attempts, failed.error_code) == ("failed", 2, "lease_expired")
    assert "gave up after 2 attempts" in (failed.error_message or "")
    assert counts(database, call_id)[:3] == (0, 0, 1), "one call.failed event, no result"
    with database.read() as session:
        event = session.scalars(select(Event).where(Event.call_id == call_id)).one()
        assert event.payload["error"]["code"] == "lease_expired" and event.payload["attempts"] == 2
    assert sent() == [call_id], "a failed call is not sent again"
    database.dispose()


def test_a_renewed_lease_is_kept_and_a_taken_back_one_stores_nothing(embedded: Deployment, analyzer: Analyzer) -> None:
    settings = embedded.settings(jobs=embedded.job_settings(lease_s=0.6))
    database = embedded.database()
    call_id = store_conversation(database, settings, "slow")
    queue = JobQueue(settings)
    dispatcher = Dispatcher(database, queue, settings.jobs)
    gate = threading.Event()
    slow = GatedRunner(database, open_blob_store(settings), settings, analyzer, gate=gate)
    worker = threading.Thread(target=slow.process, args=(call_id,))
    worker.start()
    assert slow.started.wait(60)
    for _ in range(6):  # 1.8 s: three leases' worth, renewed every 0.2 s
        time.sleep(0.3)
        dispatcher.run_once()
        assert row(database, call_id).status == "processing", "a worker that renews keeps the call"
    # The worker now loses the database's attention (its keeper stops): the lease runs out,
    # another worker takes the call and finishes it; the first one's result is then not stored.
    slow.leases.stop()
    time.sleep(0.8)
    dispatcher.run_once()
    assert row(database, call_id).status == "queued"
    other = JobRunner(database, open_blob_store(settings), settings, analyzer)
    other.process(call_id)
    assert row(database, call_id).status == "done"
    gate.set()
    worker.join(120)
    done = row(database, call_id)
    assert (done.status, done.attempts) == ("done", 2)
    assert counts(database, call_id)[:3] == (1, 1, 0), "one result, one call.analyzed"
    other.stop()
    database.dispose()


def test_jobs_status_shows_the_backlog_and_who_holds_what(embedded: Deployment) -> None:
    settings = embedded.settings()
    database = embedded.database()
    waiting = store_conversation(database, settings, "waiting")
    held = store_conversation(database, settings, "held")
    with database.write() as session:
        assert calls.claim_call(session, held, worker="worker-7:123:abc", lease=dt.timedelta(minutes=5))
    database.dispose()
    done = subprocess.run(
        voc_command("jobs", "status"), env=embedded.env(), capture_output=True, text=True, timeout=120, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["queued", "1"] and f"oldest waiting: {waiting}" in lines[0], done.stdout
    assert "(not sent yet)" in lines[0]
    assert lines[1].split() == ["processing", "1"]
    assert lines[2].split()[:3] == [held, "attempt", "1"] and "by worker-7:123:abc" in lines[2]
    assert "lease 4m5" in lines[2] or "lease 5m00s left" in lines[2], lines[2]
    assert [line.split()[:2] for line in lines[3:5]] == [["failed", "0"], ["done", "0"]]
    assert lines[5].startswith("dead letters  none (embedded")
