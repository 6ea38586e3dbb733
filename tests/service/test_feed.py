"""The CRM feed under concurrent writers: a polling consumer misses nothing and sees each
call's events in order. On PostgreSQL, ids are allocated before commit, so without the
outbox lock a slow transaction's event can commit behind a cursor that already passed it.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections import defaultdict

from tests.service.conftest import Service
from voc.intake import CallMetadata
from voc.schemas import CallAnalysis, ChannelInfo, Evidence, Task, Turn
from voc.store import calls
from voc.store.db import Database
from voc.store.erasure import erase_call_rows
from voc.store.tables import utcnow

WRITERS = 8
CALLS_PER_WRITER = 60


def analysis_with_tasks() -> CallAnalysis:
    turn = Turn(index=0, speaker="customer", start=0.0, end=1.0, text="перезвоните завтра")
    evidence = Evidence(turn=0, speaker="customer", quote="перезвоните завтра")
    return CallAnalysis(
        duration_s=1.0,
        language="ru",
        channels=ChannelInfo(mode="stereo", layout=["agent", "customer"]),
        call_date=dt.date(2026, 3, 1),
        call_date_source="metadata",
        turns=[turn],
        tasks=[Task(type="callback", title="Перезвонить", evidence=evidence, confidence=0.9)] * 2,
    )


def write_calls(database: Database, writer: int, expected: dict[str, list[str]], lock: threading.Lock) -> None:
    rng = random.Random(writer)
    analysis = analysis_with_tasks()
    for n in range(CALLS_PER_WRITER):
        with database.write() as session:
            call = calls.create_call(  # sent, as by an upload: the dispatcher leaves it to the "worker" below
                session,
                client="feed-test",
                metadata=CallMetadata(external_id=f"feed-{writer}-{n}"),
                dispatched_at=utcnow(),
            )
        with database.write() as session:
            calls.claim_call(session, call.id)
        with database.write() as session:
            calls.finish_call(session, call.id, analysis)
            if rng.random() < 0.3:  # hold the transaction open so commits interleave
                time.sleep(rng.uniform(0, 0.003))
        types = ["call.analyzed", "task.created", "task.created"]
        if rng.random() < 0.25:
            with database.write() as session:
                erase_call_rows(session, [calls.get_call(session, call.id)])
            types.append("call.deleted")
        with lock:
            expected[call.id] = types


def test_polling_consumer_sees_every_event_in_order(service: Service) -> None:
    start = service.client.get("/v1/events", params={"limit": 1000}, headers=service.headers).json()
    cursor = start["next_cursor"]
    while start["events"]:
        start = service.client.get(
            "/v1/events", params={"after": cursor, "limit": 1000}, headers=service.headers
        ).json()
        cursor = start["next_cursor"]

    expected: dict[str, list[str]] = {}
    lock = threading.Lock()
    database = service.deploy.database()
    writers = [threading.Thread(target=write_calls, args=(database, w, expected, lock)) for w in range(WRITERS)]
    for thread in writers:
        thread.start()

    seen: dict[str, list[str]] = defaultdict(list)
    while True:
        writing = any(t.is_alive() for t in writers)
        page = service.client.get("/v1/events", params={"after": cursor, "limit": 200}, headers=service.headers).json()
        for event in page["events"]:
            seen[event["call_id"]].append(event["type"])
        cursor = page["next_cursor"]
        if not page["events"]:
            if not writing:
                break
            time.sleep(0.005)
    for thread in writers:
        thread.join()
    database.dispose()

    assert len(expected) == WRITERS * CALLS_PER_WRITER
    received = sum(len(seen[cid]) for cid in expected)
    assert received == sum(len(v) for v in expected.values()) >= 3 * WRITERS * CALLS_PER_WRITER
    missing = {cid: types for cid, types in expected.items() if seen.get(cid) != types}
    assert not missing, f"{len(missing)} calls with missing or out-of-order events, e.g. {next(iter(missing.items()))}"
