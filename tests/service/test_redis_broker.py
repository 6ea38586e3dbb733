"""Redis as the broker (the documented alternative to RabbitMQ): jobs flow, retries end in `failed`."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.harness import FAIL_MARKER, reachable
from voc.config import Settings
from voc.jobs.queue import JobQueue
from voc.jobs.runner import JobRunner
from voc.jobs.settings import JobSettings
from voc.store.blobs import BlobStore
from voc.store.db import Database
from voc.store.keys import create_key

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.mark.scaleout
def test_jobs_flow_through_redis(tmp_path: Path) -> None:
    if not reachable("127.0.0.1", 6379):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    import redis

    settings = Settings(data_dir=tmp_path, broker_url=REDIS_URL)
    jobs = JobSettings(
        queue=f"voc-test-{secrets.token_hex(4)}",
        max_attempts=2,
        min_backoff_ms=100,
        max_backoff_ms=200,
        fail_marker=FAIL_MARKER,
    )
    try:
        with TestClient(create_app(settings, jobs)) as client:
            database = Database(settings.resolved_database_url)
            with database.write() as session:
                headers = {"Authorization": f"Bearer {create_key(session, 'crm', ['admin'])[1]}"}
            worker = JobQueue(REDIS_URL, jobs, JobRunner(database, BlobStore(tmp_path / "blobs"), settings, jobs))
            worker.start_worker()
            try:
                ids = [
                    client.post(
                        "/v1/conversations",
                        headers=headers,
                        json={"external_id": external_id, "turns": [{"speaker": "customer", "text": "Спасибо"}]},
                    ).json()["id"]
                    for external_id in ("chat-ok", f"{FAIL_MARKER}-chat")
                ]
                deadline = time.monotonic() + 60
                views: list[dict[str, object]] = []
                while time.monotonic() < deadline:
                    views = [client.get(f"/v1/conversations/{i}", headers=headers).json() for i in ids]
                    if all(v["status"] in ("done", "failed") for v in views):
                        break
                    time.sleep(0.1)
            finally:
                worker.stop()
                database.dispose()
        assert [v["status"] for v in views] == ["done", "failed"]
        assert views[1]["attempts"] == 2
    finally:
        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"dramatiq:{jobs.queue}*"):
            connection.delete(key)
