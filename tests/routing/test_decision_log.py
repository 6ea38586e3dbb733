"""The decision log on real SQLite and real PostgreSQL, and a policy replayed over it."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.routing.helpers import (
    TODAY,
    UnhurriedClock,
    create_log_tables,
    customer,
    deposit_ending_in,
    signals,
    text_signals,
)
from tests.routing.history import store_analysed_call
from voc.routing.live import LiveRouter, RouteEngines, RouteRequest
from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyStore, load_policy, parse_policy
from voc.routing.profiles import StaticProfiles
from voc.routing.recommend import recommend_route
from voc.routing.record import signals_from_summary, summarize_signals
from voc.routing.replay import replay_decisions
from voc.schemas import CallAnalysis, ChannelInfo, CustomerState, Evidence, Task
from voc.store import calls
from voc.store.db import Database
from voc.store.migrate import upgrade_database
from voc.store.route_decisions import DecisionLog, DecisionWriter, outcome_from_analysis

POSTGRES_URL = os.environ.get("VOC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _sqlite(tmp_path: Path) -> Engine:
    return sa.create_engine(f"sqlite:///{tmp_path / 'log.sqlite3'}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.scaleout)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = _sqlite(tmp_path)
        create_log_tables(eng)
        yield eng
        eng.dispose()
        return
    schema = f"route_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    eng = sa.create_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    create_log_tables(eng)
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


PROFILES = [
    {
        "customer_id": "C-1",
        "phones": ["+70000000001"],
        "products": [{"name": "Вклад Надёжный", "kind": "deposit", "end_date": "2026-11-30"}],
        "contacts_last_7_days": 2,
    },
    {"customer_id": "C-2", "open_tasks": [{"type": "complaint"}], "churn_risk": 0.4},
]


def _router(engine: Engine, writer: DecisionWriter) -> LiveRouter:
    return LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH), StaticProfiles(PROFILES), RouteEngines(), sink=writer, clock=UnhurriedClock()
    )


def test_every_decision_is_stored_with_its_inputs_and_listed(engine: Engine) -> None:
    log = DecisionLog(engine)
    writer = DecisionWriter(log)
    router = _router(engine, writer)
    try:
        a = router.route(RouteRequest(ani="+70000000001", session_id="S-1", ivr_text="вклад"), today=TODAY)
        b = router.route(RouteRequest(customer_id="C-2", session_id="S-2", ivr_text="жалоба"), today=TODAY)
        c = router.route(RouteRequest(customer_id="C-404", ivr_text="алло"), today=TODAY)
        writer.flush()
    finally:
        router.close()
        writer.close()
    assert (a.decision.queue, b.decision.queue, c.decision.queue) == ("deposits", "complaints", "general")
    stored = log.get(a.decision_id)
    assert stored is not None
    assert (stored.queue, stored.priority, stored.session_id, stored.customer_id) == (
        "deposits",
        3,
        "S-1",
        "C-1",
    )
    assert stored.inputs["customer"]["products_ending"][0]["days_left"] == 5
    assert stored.inputs["caller_id"] == "ani"
    assert "+70000000001" not in str(stored.inputs)  # the caller's number is never stored
    assert stored.degraded  # no text engine in this router
    assert "text" in stored.skipped
    assert [d.decision_id for d in log.list()] == [c.decision_id, b.decision_id, a.decision_id]
    assert [d.decision_id for d in log.list(customer_id="C-2")] == [b.decision_id]
    assert [d.decision_id for d in log.list(limit=1)] == [c.decision_id]
    unknown = log.get(c.decision_id)
    assert unknown is not None and unknown.skipped["profile"] == "no customer matches this caller"


def _analysis(sentiment_end: str) -> CallAnalysis:
    return CallAnalysis(
        duration_s=95.0,
        language="ru",
        channels=ChannelInfo(mode="stereo", layout=["agent", "customer"]),
        call_date=TODAY,
        call_date_source="metadata",
        turns=[],
        customer=CustomerState(
            sentiment_start="negative", sentiment_end=sentiment_end, trajectory="improved"
        ),
        tasks=[
            Task(
                type="deposit_maturity",
                title="Продлить вклад",
                due_date=TODAY,
                evidence=Evidence(turn=3, speaker="customer", quote="вклад заканчивается"),
                confidence=0.9,
            )
        ],
    )


def _decision_row(decision_id: str, session_id: str) -> dict[str, Any]:
    """A decision as the router hands it to the log."""
    s = signals(customer=customer(products_ending=(deposit_ending_in(5),)))
    d = recommend_route(s, load_policy(DEFAULT_POLICY_PATH))
    return {
        "id": decision_id,
        "session_id": session_id,
        "customer_id": "C-1",
        "queue": d.queue,
        "priority": d.priority,
        "skills": list(d.skills),
        "reasons": list(d.reasons),
        "rule": d.rule,
        "policy_version": d.policy_version,
        "degraded": False,
        "skipped": {},
        "inputs": summarize_signals(s),
        "elapsed_ms": 3.0,
    }


def test_decision_is_linked_to_the_outcome_of_the_call_with_the_same_session(engine: Engine) -> None:
    log = DecisionLog(engine)
    log.record(_decision_row("d1", "S-9"), _decision_row("d2", "S-10"))
    assert log.link_outcome("S-9", "call-77", outcome_from_analysis(_analysis("positive"))) == 1
    assert log.link_outcome("S-unknown", "call-78", {}) == 0
    linked = log.get("d1")
    assert linked is not None and linked.outcome is not None
    assert linked.outcome_call_id == "call-77"
    assert linked.outcome["final_customer_sentiment"] == "positive"
    assert linked.outcome["tasks"] == [
        {"type": "deposit_maturity", "title": "Продлить вклад", "owner": "agent"}
    ]
    assert [x.decision_id for x in log.list(linked=True)] == ["d1"]
    assert [x.decision_id for x in log.list(linked=False)] == ["d2"]


def test_finishing_a_call_links_its_decisions_and_a_failed_link_keeps_the_analysis(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'voc.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    log = DecisionLog(database.engine)
    now = dt.datetime.now(dt.UTC)
    try:
        log.record(_decision_row("d1", "S-1"))
        call_id = store_analysed_call(database, "C-1", _analysis("positive"), started_at=now, session_id="S-1")
        linked = log.get("d1")
        assert linked is not None and linked.outcome_call_id == call_id
        assert linked.outcome == outcome_from_analysis(_analysis("positive"))

        with database.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE route_decisions"))
        unlinked = store_analysed_call(database, "C-1", _analysis("negative"), started_at=now, session_id="S-2")
        with database.read() as session:
            assert calls.get_result(session, unlinked) is not None  # the analysis is stored all the same
            assert calls.get_call(session, unlinked).status == "done"  # type: ignore[union-attr]
        assert f"could not link route decisions to call {unlinked}" in caplog.text
    finally:
        database.dispose()


def test_summary_round_trips_to_the_same_decision() -> None:
    s = signals(
        text="уйду к конкурентам",
        language="ru",
        ivr_path=("main", "cards"),
        text_signals=text_signals("negative", -0.8, ("threat_to_leave",)),
        prosody={"pitch": 2.0, "loudness": 2.2},
        prosody_baseline="customer",
        customer=customer(open_tasks=("complaint",), churn_risk=0.9, last_contact_sentiment="negative"),
    )
    back = signals_from_summary(summarize_signals(s))
    policy = load_policy(DEFAULT_POLICY_PATH)
    assert recommend_route(back, policy) == recommend_route(s, policy)
    assert back.emotion == s.emotion


def test_replay_counts_what_a_new_policy_would_change(engine: Engine) -> None:
    log = DecisionLog(engine)
    writer = DecisionWriter(log)
    router = _router(engine, writer)
    try:
        for i in range(3):
            router.route(RouteRequest(customer_id="C-1", session_id=f"S-{i}"), today=TODAY)
        router.route(RouteRequest(customer_id="C-2"), today=TODAY)
        router.route(RouteRequest(customer_id="C-404"), today=TODAY)
        writer.flush()
    finally:
        router.close()
        writer.close()
    same = replay_decisions(log.iter_all(batch=2), load_policy(DEFAULT_POLICY_PATH))
    assert (same.total, len(same.changed)) == (5, 0)
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    text = text.replace(
        "{queue: deposits, priority: 3, skills: [deposits]}", "{queue: retention, priority: 2}"
    )
    text = text.replace(
        "{queue: complaints, priority: 2, skills: [complaints]}", "{queue: complaints, priority: 1}"
    )
    report = replay_decisions(log.iter_all(batch=2), parse_policy(text))
    assert report.total == 5
    assert len(report.changed) == 4
    assert report.moves == {("deposits", "retention"): 3}
    assert report.priority_only == 1
    assert all(c.new_rule in {"deposit_maturing", "open_complaint"} for c in report.changed)


def test_a_failing_database_does_not_fail_the_answer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    eng = _sqlite(tmp_path)  # no table: every insert fails
    writer = DecisionWriter(DecisionLog(eng))
    router = _router(eng, writer)
    try:
        answer = router.route(RouteRequest(customer_id="C-1"), today=TODAY)
        writer.flush()
    finally:
        router.close()
        writer.close()
    assert answer.decision.queue == "deposits"
    assert "could not store 1 route decisions" in caplog.text
