"""GET /v1/search and GET /v1/insights/trends over conversations analysed by the embedded worker."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.harness import deployment
from voc.service import Service

CHATS = [
    ("A-1", "2026-11-10T10:00:00+00:00", "Мне заблокировали карту, не могу оплатить покупки."),
    ("A-2", "2026-11-12T10:00:00+00:00", "Карта заблокирована уже второй день, безобразие."),
    ("A-2", "2026-11-12T11:00:00+00:00", "Хочу открыть вклад на год."),
]


def _wait_done(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    for _ in range(400):
        view = client.get(url, headers=headers).json()
        if view["status"] in ("done", "failed"):
            return view
        time.sleep(0.05)
    raise AssertionError(f"{url} did not finish")


def test_search_and_trends_over_analysed_conversations(tmp_path: Path, analyzer: Any) -> None:
    with deployment("embedded", tmp_path) as deploy:
        app = create_app(Service(deploy.settings(), analyzer=analyzer))
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}
            reader = {"Authorization": f"Bearer {deploy.new_key(['results:read'])}"}
            ids = []
            for i, (agent, started, text) in enumerate(CHATS):
                body = {
                    "external_id": f"chat-{i}",
                    "agent_id": agent,
                    "started_at": started,
                    "language": "ru",
                    "turns": [
                        {"speaker": "agent", "text": "Здравствуйте, чем могу помочь?"},
                        {"speaker": "customer", "text": text},
                    ],
                }
                accepted = client.post("/v1/conversations", json=body, headers=headers)
                assert accepted.status_code == 202, accepted.text
                view = _wait_done(client, accepted.json()["status_url"], headers)
                assert view["status"] == "done", view
                ids.append(view["id"])

            found = client.get("/v1/search", params={"q": "заблокировали карту"}, headers=reader)
            assert found.status_code == 200, found.text
            body = found.json()
            assert body["terms"] == ["заблокировать", "карта"]
            assert [(h["call_id"], h["turn"], h["speaker"]) for h in body["items"]] == [
                (ids[1], 1, "customer"),
                (ids[0], 1, "customer"),
            ]
            assert body["items"][0]["date"] == "2026-11-12"
            one_agent = client.get("/v1/search", params={"q": "карта", "agent_id": "A-1"}, headers=reader).json()
            assert [h["call_id"] for h in one_agent["items"]] == [ids[0]]

            trends = client.get(
                "/v1/insights/trends",
                params={"group_by": "category", "since": "2026-11-09", "until": "2026-11-15", "interval": "week"},
                headers=reader,
            )
            assert trends.status_code == 200, trends.text
            counts = {b["key"]: b["count"] for b in trends.json()["buckets"]}
            assert counts.get("card_blocked") == 2 and counts.get("deposits") == 1
            by_agent = client.get(
                "/v1/insights/trends",
                params={"group_by": "agent", "since": "2026-11-09", "until": "2026-11-15", "interval": "day"},
                headers=reader,
            ).json()
            assert sorted((b["period_start"], b["key"], b["count"]) for b in by_agent["buckets"]) == [
                ("2026-11-10", "A-1", 1),
                ("2026-11-12", "A-2", 2),
            ]

            backwards = client.get(
                "/v1/insights/trends", params={"since": "2026-11-15", "until": "2026-11-01"}, headers=reader
            )
            assert backwards.status_code == 422
            assert backwards.headers["content-type"].startswith("application/problem+json")
            assert client.get("/v1/insights/trends", params={"group_by": "weather"}, headers=reader).status_code == 422
            assert client.get("/v1/search", params={"q": ""}, headers=reader).status_code == 422
            assert client.get("/v1/search", params={"q": "карта"}).status_code == 401
            today = dt.datetime.now(dt.UTC).date().isoformat()
            default = client.get("/v1/insights/trends", headers=reader).json()
            assert default["until"] == today and default["interval"] == "day"  # the last 8 weeks, per day
            assert sum(b["count"] for b in default["buckets"] if b["key"] == "card_blocked") == 2
