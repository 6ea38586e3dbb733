"""Redis as the broker (the documented alternative to RabbitMQ): a `voc worker` process takes the
jobs the API sends, retries end in `failed`."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.failing_worker import FAIL_MARKER
from tests.service.harness import FAILING_WORKER, Deployment, Process, reachable
from voc.service import Service

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.mark.scaleout
def test_jobs_flow_through_redis(tmp_path: Path) -> None:
    if not reachable("127.0.0.1", 6379):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    import redis

    deploy = Deployment(
        "redis",
        tmp_path / "data",
        f"sqlite:///{tmp_path / 'data' / 'voc.sqlite3'}",
        REDIS_URL,
        f"voc-test-{secrets.token_hex(4)}",
    )
    deploy.extra_env = {"VOC_JOBS__MAX_ATTEMPTS": "2"}
    settings = deploy.settings(jobs=deploy.job_settings(max_attempts=2))
    try:
        with TestClient(create_app(Service(settings))) as client:
            headers = {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}
            worker = Process(FAILING_WORKER, deploy.env(), tmp_path / "worker.log")
            try:
                ids = [
                    client.post(
                        "/v1/conversations",
                        headers=headers,
                        json={"external_id": external_id, "turns": [{"speaker": "customer", "text": "Спасибо"}]},
                    ).json()["id"]
                    for external_id in ("chat-ok", f"{FAIL_MARKER}-chat")
                ]
                deadline = time.monotonic() + 90
                views: list[dict[str, object]] = []
                while time.monotonic() < deadline:
                    views = [client.get(f"/v1/conversations/{i}", headers=headers).json() for i in ids]
                    if all(v["status"] in ("done", "failed") for v in views):
                        break
                    time.sleep(0.1)
            finally:
                worker.stop()
        assert [v["status"] for v in views] == ["done", "failed"], worker.output()[-2000:]
        assert views[1]["attempts"] == 2
    finally:
        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"dramatiq:{deploy.queue}*"):
            connection.delete(key)
