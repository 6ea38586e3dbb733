"""Tasks, customer profiles and text conversations over stored analyses.

Analyses here are built by hand: these tests are about storing and aggregating them,
not about producing them (the real pipeline runs in tests/service).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import Api
from tests.service.harness import deployment
from voc.intake import CallMetadata
from voc.schemas import (
    CallAnalysis,
    ChannelInfo,
    ConversationIn,
    Cue,
    Evidence,
    Prosody,
    Sentiment,
    Task,
    Turn,
)
from voc.service import Service
from voc.store import calls
from voc.store.profiles import find_customer_by_ani, load_customer_profile
from voc.store.tables import utcnow


def customer_turn(index: int, score: float, pitch: float, cues: list[Cue] | None = None) -> Turn:
    return Turn(
        index=index,
        speaker="customer",
        start=index * 5.0,
        end=index * 5.0 + 4,
        text="...",
        prosody=Prosody(pitch_median_hz=pitch, loudness_dbfs=-20.0 - index, speech_rate_sps=4.0 + index / 10),
        sentiment=Sentiment(label="negative" if score < 0 else "neutral", score=score, confidence=0.8, backend="t"),
        cues=cues or [],
    )


def analysis(scores: list[float], tasks: list[Task], cues: bool = False) -> CallAnalysis:
    leave = [Cue(kind="threat_to_leave", text="уйду в другой банк")] if cues else None
    return CallAnalysis(
        duration_s=30.0,
        language="ru",
        channels=ChannelInfo(mode="stereo", layout=["agent", "customer"]),
        call_date=dt.date(2026, 3, 1),
        call_date_source="metadata",
        turns=[customer_turn(i, s, 150.0 + 10 * i, leave) for i, s in enumerate(scores)],
        tasks=tasks,
    )


def task(type_: str, due: dt.date | None, product: str | None = None) -> Task:
    return Task(
        type=type_,
        title=f"{type_} task",
        due_date=due,
        product=product,  # type: ignore[arg-type]
        evidence=Evidence(turn=0, speaker="customer", quote="..."),
        confidence=0.9,
    )


def store(api: Api, external_id: str, result: CallAnalysis, **metadata: Any) -> str:
    database = api.deploy.database()
    with database.write() as session:
        call = calls.create_call(  # sent, as by an upload: the dispatcher leaves it to the steps below
            session, client="crm", metadata=CallMetadata(external_id=external_id, **metadata), dispatched_at=utcnow()
        )
    with database.write() as session:
        calls.claim_call(session, call.id)
    with database.write() as session:
        assert calls.finish_call(session, call.id, result)
    with database.write() as session:
        assert not calls.finish_call(session, call.id, result), "a second delivery stores nothing"
    database.dispose()
    return call.id


def test_tasks_list_ack_done(api: Api) -> None:
    call_id = store(
        api,
        "t1",
        analysis(
            [0.0],
            [task("deposit_maturity", dt.date(2026, 4, 15), "вклад"), task("callback", dt.date(2026, 3, 2))],
        ),
        customer_id="c1",
    )
    store(api, "t2", analysis([0.0], [task("complaint", None)]), customer_id="c2")
    open_tasks = api.client.get("/v1/tasks", headers=api.admin).json()["items"]
    assert [t["type"] for t in open_tasks] == ["callback", "deposit_maturity", "complaint"]
    assert all(t["status"] == "open" and t["id"] for t in open_tasks)
    due_soon = api.client.get("/v1/tasks", params={"due_before": "2026-04-01"}, headers=api.admin).json()["items"]
    assert [t["type"] for t in due_soon] == ["callback"]
    mine = api.client.get(
        "/v1/tasks", params={"customer_id": "c1", "type": "deposit_maturity"}, headers=api.admin
    ).json()["items"]
    assert len(mine) == 1 and mine[0]["product"] == "вклад" and mine[0]["call_id"] == call_id

    task_id = mine[0]["id"]
    acked = api.client.post(f"/v1/tasks/{task_id}/ack", headers=api.admin).json()
    assert acked["status"] == "acked" and acked["acked_at"]
    assert api.client.post(f"/v1/tasks/{task_id}/ack", headers=api.admin).json()["status"] == "acked"
    assert api.client.post(f"/v1/tasks/{task_id}/done", headers=api.admin).json()["status"] == "done"
    still_open = api.client.get("/v1/tasks", headers=api.admin).json()["items"]
    assert task_id not in [t["id"] for t in still_open] and len(still_open) == 2
    assert api.client.post("/v1/tasks/nope/ack", headers=api.admin).status_code == 404

    feed = api.client.get("/v1/events", headers=api.admin).json()["events"]
    assert [e["type"] for e in feed] == [
        "call.analyzed",
        "task.created",
        "task.created",
        "call.analyzed",
        "task.created",
    ]


def test_feed_writes_text_as_is_and_times_with_their_zone(api: Api) -> None:
    store(api, "f1", analysis([0.0], [task("deposit_maturity", dt.date(2026, 4, 15), "вклад")]), customer_id="c1")
    raw = api.client.get("/v1/events", headers=api.admin).text
    assert "вклад" in raw and "\\u" not in raw, "nested data carries Cyrillic as itself, like the envelope"
    events = api.client.get("/v1/events", headers=api.admin).json()["events"]
    created = events[1]["data"]
    assert events[1]["type"] == "task.created" and created["product"] == "вклад"
    for moment in (events[0]["created_at"], events[1]["created_at"], created["created_at"]):
        assert dt.datetime.fromisoformat(moment).utcoffset() == dt.timedelta(0), moment


def test_customer_profile_aggregates_contacts(api: Api) -> None:
    first = store(
        api,
        "p1",
        analysis([0.4, 0.2], [task("deposit_maturity", dt.date(2026, 5, 1), "вклад")]),
        customer_id="cust",
        ani="+70000000001",
        started_at=dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC),
    )
    store(
        api,
        "p2",
        analysis([-0.6, -0.8], [task("churn_risk", None)], cues=True),
        customer_id="cust",
        started_at=dt.datetime(2026, 3, 8, 10, tzinfo=dt.UTC),
    )
    store(api, "other", analysis([0.9], []), customer_id="someone-else")

    profile = api.client.get("/v1/customers/cust", headers=api.admin).json()
    assert profile["contacts"] == {"total": 2, "calls": 2, "conversations": 0, "analyzed": 2}
    assert profile["first_contact"].startswith("2026-03-01") and profile["last_contact"].startswith("2026-03-08")
    assert [p["score"] for p in profile["sentiment_trend"]] == [0.3, -0.7]
    assert profile["sentiment_direction"] == "worsening"
    assert profile["products"][0]["product"] == "вклад" and profile["products"][0]["end_date"] == "2026-05-01"
    assert {t["type"] for t in profile["open_tasks"]} == {"deposit_maturity", "churn_risk"}
    assert profile["churn_risk"]["level"] == "high" and len(profile["churn_risk"]["reasons"]) >= 2
    pitch = profile["prosody_baseline"]["pitch_hz"]
    assert pitch["n"] == 4 and pitch["median"] == 155.0  # turns at 150, 160, 150, 160 Hz
    assert api.client.get("/v1/customers/nobody", headers=api.admin).status_code == 404

    database = api.deploy.database()
    with database.read() as session:
        assert find_customer_by_ani(session, "+70000000001") == "cust"
        assert find_customer_by_ani(session, "+79999999999") is None
        assert load_customer_profile(session, "cust") is not None
        assert calls.get_call(session, first) is not None
    database.dispose()


class ConversationAnalyzer:
    """Stands in for the text stages (Analyzer.analyze_conversation, written by others) so this
    test checks only what the endpoint does with turns and results."""

    def __init__(self) -> None:
        self.seen: list[list[Turn]] = []

    def analyze_conversation(self, conversation: ConversationIn, options: Any) -> CallAnalysis:
        turns = [
            Turn(index=i, speaker=t.speaker, start=0.0, end=0.0, text=t.text) for i, t in enumerate(conversation.turns)
        ]
        self.seen.append(turns)
        scored = [
            t.model_copy(
                update={"sentiment": Sentiment(label="negative", score=-0.5, confidence=1, backend="stand-in")}
            )
            for t in turns
        ]
        return CallAnalysis(
            duration_s=0.0,
            language="ru",
            channels=ChannelInfo(mode="text", layout=[]),
            call_date=dt.date(2026, 3, 1),
            call_date_source="today",
            turns=scored,
        )


def test_conversation_endpoint_queues_text_turns(tmp_path: Any) -> None:
    stand_in = ConversationAnalyzer()
    with deployment("embedded", tmp_path) as deploy:
        app = create_app(Service(deploy.settings(), analyzer=stand_in))  # type: ignore[arg-type]
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}
            body = {
                "external_id": "chat-1",
                "customer_id": "cust",
                "channel": "chat",
                "turns": [
                    {"speaker": "customer", "text": "Верните деньги"},
                    {"speaker": "agent", "text": "Проверю"},
                ],
            }
            accepted = client.post("/v1/conversations", json=body, headers=headers)
            assert accepted.status_code == 202, accepted.text
            status_url = accepted.json()["status_url"]
            assert status_url.startswith("/v1/conversations/conv_")
            for _ in range(100):
                view = client.get(status_url, headers=headers).json()
                if view["status"] == "done":
                    break
                time.sleep(0.05)
            assert view["status"] == "done" and view["kind"] == "conversation"
            assert [(t.speaker, t.text) for t in stand_in.seen[0]] == [
                ("customer", "Верните деньги"),
                ("agent", "Проверю"),
            ]
            assert client.post("/v1/conversations", json=body, headers=headers).json()["duplicate"] is True
            bad = client.post(
                "/v1/conversations", json=body | {"turns": [{"speaker": "bot", "text": "x"}]}, headers=headers
            )
            assert bad.status_code == 422
            profile = client.get("/v1/customers/cust", headers=headers).json()
            assert profile["contacts"]["conversations"] == 1
            assert profile["sentiment_trend"][0]["score"] == -0.5
