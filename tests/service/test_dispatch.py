"""The dispatcher on SQLite: several dispatchers racing over the same queued calls send each
call's job exactly once, and a broker that refuses a send leaves the call due again."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker

from tests.service.harness import deployment
from voc.intake import CallMetadata
from voc.jobs.dispatch import Dispatcher
from voc.jobs.queue import BrokerUnavailable, JobQueue
from voc.store import calls
from voc.store.tables import Call

CALLS = 60
DISPATCHERS = 4


def sent_ids(queue: JobQueue) -> list[str]:
    broker = queue.broker
    assert isinstance(broker, StubBroker)
    return [dramatiq.Message.decode(data).args[0] for data in broker.queues[queue.job_settings.queue].queue]


def test_racing_dispatchers_send_each_call_once(tmp_path: Path) -> None:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings(jobs=deploy.job_settings(dispatch_batch=CALLS))
        setup = deploy.database()
        with setup.write() as session:
            ids = [
                calls.create_call(session, client="t", metadata=CallMetadata(external_id=f"d{n}")).id
                for n in range(CALLS)
            ]
        # Each dispatcher as in its own process: its own engine and its own broker connection.
        databases = [deploy.database() for _ in range(DISPATCHERS)]
        queues = [JobQueue(settings) for _ in range(DISPATCHERS)]
        dispatchers = [Dispatcher(db, q, settings.jobs) for db, q in zip(databases, queues, strict=True)]
        for dispatcher in dispatchers:  # all see every call as due before any claims one
            with dispatcher.database.read() as session:
                assert len(session.query(Call).filter(Call.dispatched_at.is_(None)).all()) == CALLS
        start = threading.Barrier(DISPATCHERS)
        counts: list[int] = []

        def run(dispatcher: Dispatcher) -> None:
            start.wait()
            counts.append(dispatcher.run_once())

        threads = [threading.Thread(target=run, args=(d,)) for d in dispatchers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

        sent = [call_id for q in queues for call_id in sent_ids(q)]
        assert sorted(sent) == sorted(ids), "every call sent, none twice"
        assert sum(counts) == CALLS
        assert sum(1 for c in counts if c) >= 2, f"the dispatchers really raced: {counts}"
        with setup.read() as session:
            rows = session.query(Call).all()
            assert all(row.dispatched_at is not None and row.dispatch_confirmed for row in rows)
        # Nothing is due again inside the redelivery window.
        assert sum(d.run_once() for d in dispatchers) == 0
        # Past it, a call still queued is taken as lost and sent once more, by one dispatcher.
        assert sum(d.run_once(redelivery=dt.timedelta(0)) for d in dispatchers[:1]) == CALLS
        for db in [setup, *databases]:
            db.dispose()


def test_refused_send_leaves_the_call_due(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings()
        database = deploy.database()
        with database.write() as session:
            call_id = calls.create_call(session, client="t", metadata=CallMetadata(external_id="r")).id
        queue = JobQueue(settings)
        dispatcher = Dispatcher(database, queue, settings.jobs)

        def refuse(message: dramatiq.Message, *, delay: int | None = None) -> dramatiq.Message:
            raise dramatiq.errors.ConnectionClosed(OSError("connection refused"))

        monkeypatch.setattr(queue.broker, "enqueue", refuse)
        with pytest.raises(BrokerUnavailable):
            dispatcher.run_once()
        with database.read() as session:
            row = session.get(Call, call_id)
            assert row is not None and row.dispatched_at is None and row.status == "queued"
        monkeypatch.undo()
        assert dispatcher.run_once() == 1
        assert sent_ids(queue) == [call_id]
        database.dispose()
