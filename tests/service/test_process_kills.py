"""Processes killed with SIGKILL on the scale-out path (real PostgreSQL, real RabbitMQ or Redis):

- the API in the middle of a batch of parallel uploads, and never restarted: calls it stored
  but never sent (or sent without recording it) are sent by the worker's dispatcher;
- a worker in the middle of a job, on Redis (on RabbitMQ: tests/service/test_crash.py): a copy
  of its message delivered again is dropped while the dead worker's lease lasts; when the lease
  runs out the call is sent again and analysed by the next worker.

Each ends with every accepted call analysed exactly once (one result, one `call.analyzed`
event, its tasks once), with no human action, within the bound the test states.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.conftest import open_deployment
from tests.service.delivery import TURNS, assert_analysed_once, finished, outcomes
from tests.service.harness import Deployment, Process, free_port, reachable, voc_command, wait_for
from voc.service import Service

REDIS_URL = "redis://127.0.0.1:6379/0"
UPLOADS = 12
ANSWERS_BEFORE_KILL = 3
MAX_ATTEMPTS = 3
JOBS = {
    "max_attempts": MAX_ATTEMPTS,
    # Renewed every 3.3 s: a worker loading its models on a busy machine can stall renewals for seconds.
    "lease_s": 10,
    "dispatch_interval_s": 0.2,
    "dispatch_max_backoff_s": 2,
    "dispatch_claim_s": 2,
}
# The worker's first job loads the text models (seconds to tens of seconds on a shared 2-core
# machine); after that each conversation takes a fraction of a second. A send left unconfirmed is
# due DISPATCH_CLAIM_S later, a dead worker's lease runs out after LEASE_S.
BOUND_S = 120


@pytest.fixture
def scaleout(tmp_path: Path) -> Iterator[Deployment]:
    for deploy in open_deployment("scaleout", tmp_path):
        deploy.extra_env |= {f"VOC_JOBS__{name.upper()}": str(value) for name, value in JOBS.items()}
        yield deploy


def upload(base: str, headers: dict[str, str], external_id: str) -> httpx.Response:
    return httpx.post(
        f"{base}/v1/conversations", headers=headers, json={"external_id": external_id, "turns": TURNS}, timeout=30
    )


@pytest.mark.scaleout
def test_api_killed_mid_batch(scaleout: Deployment, tmp_path: Path) -> None:
    headers = {"Authorization": f"Bearer {scaleout.new_key(['admin'])}"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = Process(voc_command("serve", "--port", str(port)), scaleout.env(), tmp_path / "serve.log")
    worker: Process | None = None
    answers: list[httpx.Response] = []
    lock = threading.Lock()
    try:
        wait_for(lambda: _answers(f"{base}/livez"), 120, interval=0.1, what="the API to start")
        worker = Process(voc_command("worker"), scaleout.env(), tmp_path / "worker.log")

        def send(n: int) -> None:
            try:
                response = upload(base, headers, f"batch-{n}-{secrets.token_hex(3)}")
            except httpx.HTTPError:
                return  # the API died under this request: the telephony system would retry it
            with lock:
                answers.append(response)

        senders = [threading.Thread(target=send, args=(n,)) for n in range(UPLOADS)]
        for sender in senders:
            sender.start()
        wait_for(lambda: len(answers) >= ANSWERS_BEFORE_KILL, 60, interval=0.005, what="the first answers")
        api.kill()
        killed_at = time.monotonic()
        for sender in senders:
            sender.join(60)
        with lock:
            accepted = [r.json()["id"] for r in answers if r.status_code == 202]
        assert len(accepted) >= ANSWERS_BEFORE_KILL, [r.text for r in answers]
        stored = outcomes(scaleout.database_url)
        assert set(accepted) <= set(stored), "every answered upload is stored"
        wait_for(lambda: finished(scaleout.database_url), BOUND_S, interval=0.5, what="every stored call analysed")
        assert time.monotonic() - killed_at < BOUND_S
        time.sleep(2)  # a second message for a call, had one been sent, would be handled by now
    finally:
        api.kill()
        if worker is not None:
            worker.stop()
    found = outcomes(scaleout.database_url)
    assert set(found) == set(stored), "no call appeared or vanished after the kill"
    assert_analysed_once(found, max_attempts=1)


@pytest.mark.scaleout
def test_worker_killed_mid_job_on_redis(scaleout: Deployment, tmp_path: Path) -> None:
    """On RabbitMQ the same is tests/service/test_crash.py's worker kill (on a recording)."""
    if not reachable("127.0.0.1", 6379):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    scaleout.broker_url = REDIS_URL
    settings = scaleout.settings(jobs=scaleout.job_settings(**JOBS))
    first = second = None
    try:
        with TestClient(create_app(Service(settings))) as client:  # its dispatcher takes leases back
            headers = {"Authorization": f"Bearer {scaleout.new_key(['admin'])}"}
            first = Process(voc_command("worker"), scaleout.env(), tmp_path / "worker1.log")
            ids = [
                client.post(
                    "/v1/conversations",
                    headers=headers,
                    json={"external_id": f"kill-{n}-{secrets.token_hex(3)}", "turns": TURNS},
                ).json()["id"]
                for n in range(3)
            ]
            # The first job also loads the models: the kill lands while the worker holds a call.
            wait_for(
                lambda: any(o.status == "processing" for o in outcomes(scaleout.database_url, ids).values()),
                60,
                interval=0.02,
                what="the worker to take a call",
            )
            first.kill()
            killed_at = time.monotonic()
            held = [i for i, o in outcomes(scaleout.database_url, ids).items() if o.status == "processing"]
            assert held, "the worker died holding a call"
            second = Process(voc_command("worker"), scaleout.env(), tmp_path / "worker2.log")
            wait_for(lambda: finished(scaleout.database_url, ids), BOUND_S, interval=0.5, what="every call analysed")
            assert time.monotonic() - killed_at < BOUND_S
            time.sleep(2)
    finally:
        for process in (first, second):
            if process is not None:
                process.stop()
        import redis

        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"dramatiq:{scaleout.queue}*"):
            connection.delete(key)
    found = outcomes(scaleout.database_url, ids)
    assert_analysed_once(found, max_attempts=MAX_ATTEMPTS)
    assert all(found[i].attempts == 2 for i in held), "the killed attempt counts, the next one finished it"


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
