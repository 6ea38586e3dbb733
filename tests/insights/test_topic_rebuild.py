"""The scheduled topic rebuild: one process of several builds when it is due, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.insights.databases import KINDS, migrated_database
from tests.insights.test_topics import DEV, REASONS, _contact, _store
from voc import across_calls
from voc.config import Settings
from voc.jobs.topic_rebuild import LEASE, TopicRebuildTimer
from voc.service import Service
from voc.store.db import Database
from voc.store.scheduled_runs import TOPIC_REBUILD, claim_run, finish_run, last_finished
from voc.store.tables import utcnow

HOUR = dt.timedelta(hours=1)


@pytest.fixture(params=KINDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with migrated_database(request.param, tmp_path) as db:
        yield db


def test_a_run_is_taken_by_one_holder_and_is_not_due_again_until_its_interval_passed(database: Database) -> None:
    now = utcnow()
    with database.write() as session:
        assert claim_run(session, TOPIC_REBUILD, "worker-a", HOUR, LEASE, now)
    with database.write() as session:
        assert not claim_run(session, TOPIC_REBUILD, "worker-b", HOUR, LEASE, now)  # a holds it
        finish_run(session, TOPIC_REBUILD, "worker-b", True, now)  # not b's: changes nothing
    with database.read() as session:
        assert last_finished(session, TOPIC_REBUILD) is None
    with database.write() as session:
        finish_run(session, TOPIC_REBUILD, "worker-a", True, now)
    with database.write() as session:
        assert not claim_run(session, TOPIC_REBUILD, "worker-b", HOUR, LEASE, now + HOUR / 2)  # done recently
    with database.write() as session:
        assert claim_run(session, TOPIC_REBUILD, "worker-b", HOUR, LEASE, now + HOUR)
    # b dies while building: its lease runs out and a takes the run over
    with database.write() as session:
        assert not claim_run(session, TOPIC_REBUILD, "worker-a", HOUR, LEASE, now + HOUR + LEASE / 2)
    with database.write() as session:
        assert claim_run(session, TOPIC_REBUILD, "worker-a", HOUR, LEASE, now + HOUR + LEASE * 1.1)
    # a failed run lets go without counting as done: the next check tries again
    with database.write() as session:
        finish_run(session, TOPIC_REBUILD, "worker-a", False, now + HOUR + LEASE * 1.2)
    with database.write() as session:
        assert claim_run(session, TOPIC_REBUILD, "worker-b", HOUR, LEASE, now + HOUR + LEASE * 1.3)


def test_two_processes_timers_due_at_once_build_once(database: Database) -> None:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        if row["reason"] in REASONS:
            _store(database, _contact(row["text"]))
    serve, worker = TopicRebuildTimer(database, 24.0), TopicRebuildTimer(database, 24.0)
    assert serve.holder != worker.holder
    reports: dict[str, object] = {}
    threads = [
        threading.Thread(target=lambda t=timer, n=name: reports.__setitem__(n, t.run_once()))
        for name, timer in (("serve", serve), ("worker", worker))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    built = [name for name, report in reports.items() if report is not None]
    assert len(built) == 1, reports
    assert across_calls.topics_view(database).topics  # the one build stored topics
    assert serve.run_once() is None and worker.run_once() is None  # not due for 24 hours
    later = utcnow() + dt.timedelta(hours=25)
    again = worker.run_once(now=later)
    assert again is not None and again.embedded == 0 and again.kept >= 1


def test_the_timer_runs_in_a_worker_service_and_stops_with_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, insights={"rebuild_interval_hours": 0.5 / 3600})  # every 0.5 s
    with Service(settings) as service:
        assert service.start_topic_rebuilds()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with service.database.read() as session:
                if last_finished(session, TOPIC_REBUILD) is not None:
                    break
            time.sleep(0.2)
        with service.database.read() as session:
            assert last_finished(session, TOPIC_REBUILD) is not None
    assert not Service(Settings(data_dir=tmp_path, insights={"rebuild_interval_hours": 0})).start_topic_rebuilds()
