"""PostgreSQL unreachable for longer than the broker's retry budget (scale-out: real PostgreSQL
and RabbitMQ, a TCP proxy the test cuts between voc and PostgreSQL; the real server is never
touched).

Before leases and database-aware deliveries, every delivery during such an outage failed while
claiming, Dramatiq's retries ran out, the messages were dead-lettered, and calls claimed before
the outage stayed `processing` for good. Now: deliveries that cannot reach the database are
sent again later without counting an attempt, the worker waits to store what it finished, and
any lease that ran out meanwhile is taken back; every call ends analysed exactly once with no
human action, nothing is dead-lettered, and the outage is logged as warnings, not tracebacks.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.conftest import open_deployment
from tests.service.delivery import TURNS, assert_analysed_once, finished, outcomes, through
from tests.service.harness import Deployment, Process, voc_command, wait_for
from tests.service.tcp_proxy import TcpProxy
from voc.jobs.queue import JobQueue
from voc.service import Service

CALLS = 16
OUTAGE_S = 12  # the broker's retry budget here is about 3.5 s (5 retries, 0.2 s doubling to 1 s)
MAX_ATTEMPTS = 3
# Once PostgreSQL is back: deliveries waiting at most DATABASE_WAIT_MAX_S, the dispatcher's
# backoff at most 2 s, a lease of 3 s; generous for a shared 2-core machine.
RECOVERY_BOUND_S = 90
JOBS = {
    "max_attempts": MAX_ATTEMPTS,
    "lease_s": 6,
    "database_wait_max_s": 2,
    # The worker gives up storing a finished call after 2 s (its lease then runs out and the call
    # is analysed again), so its thread goes on to meet the outage in new deliveries as well.
    "store_patience_s": 2,
    "dispatch_interval_s": 0.2,
    "dispatch_max_backoff_s": 2,
    "dead_letter_interval_s": 1,
}


@pytest.fixture
def scaleout(tmp_path: Path) -> Iterator[Deployment]:
    yield from open_deployment("scaleout", tmp_path)


@pytest.mark.scaleout
def test_database_outage_longer_than_the_retry_budget(scaleout: Deployment, tmp_path: Path) -> None:
    direct = scaleout.database_url
    upstream = urlsplit(direct)
    proxy = TcpProxy(upstream.hostname or "127.0.0.1", upstream.port or 5432)
    proxy.up()
    headers = {"Authorization": f"Bearer {scaleout.new_key(['admin'])}"}
    scaleout.database_url = through(proxy, direct)
    scaleout.extra_env |= {f"VOC_JOBS__{name.upper()}": str(value) for name, value in JOBS.items()}
    settings = scaleout.settings(jobs=scaleout.job_settings(**JOBS))
    worker = Process(voc_command("worker"), scaleout.env(), tmp_path / "worker.log")
    late_worker: Process | None = None
    try:
        with TestClient(create_app(Service(settings))) as client:
            ids = []
            for n in range(CALLS):
                response = client.post(
                    "/v1/conversations",
                    headers=headers,
                    json={"external_id": f"pg-{n}-{secrets.token_hex(3)}", "turns": TURNS},
                )
                assert response.status_code == 202, response.text
                ids.append(response.json()["id"])
            # Cut as soon as the first call is done (the worker's first job loads the models): the
            # worker is then on the next call, and the rest of the queue meets the outage.
            wait_for(
                lambda: any(o.status == "done" for o in outcomes(direct, ids).values()),
                120,
                interval=0.02,
                what="the worker to finish a call",
            )
            proxy.down()
            cut_at = time.monotonic()
            during = client.post(
                "/v1/conversations",
                headers=headers,
                json={"external_id": f"pg-late-{secrets.token_hex(3)}", "turns": TURNS},
            )
            assert during.status_code == 503, during.text
            assert during.json()["code"] == "database_unavailable"
            assert client.get("/livez").status_code == 200
            assert client.get("/healthz").status_code == 503
            ready = client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["database"]["reachable"] is False
            assert ready.json()["broker"]["reachable"] is True
            # A worker (re)started during the outage waits for the database instead of exiting.
            late_worker = Process(voc_command("worker"), scaleout.env(), tmp_path / "late-worker.log")
            time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - cut_at)))
            proxy.up()
            restored_at = time.monotonic()
            wait_for(lambda: finished(direct, ids), RECOVERY_BOUND_S, interval=0.5, what="every call to finish")
            recovery_s = time.monotonic() - restored_at
            assert client.get("/readyz").status_code == 200
            time.sleep(2)  # a duplicate delivery, had there been one, would have been handled by now
            found = outcomes(direct, ids)
            assert_analysed_once(found, max_attempts=MAX_ATTEMPTS)
            assert recovery_s < RECOVERY_BOUND_S
            assert late_worker.proc.poll() is None, late_worker.output()[-2000:]
            wait_for(
                lambda: "the database answers, starting" in late_worker.output(), 60, what="the late worker to start"
            )
            assert "waiting for the database" in late_worker.output()
            queue = JobQueue(settings.model_copy(update={"broker_url": scaleout.broker_url}))
            assert queue.dead_letters.count() == 0, "nothing was dead-lettered"
    finally:
        worker.stop()
        if late_worker is not None:
            late_worker.stop()
        proxy.down()
    log = worker.output()
    assert "unhandled exception" not in log, log[-3000:]
    assert " ERROR " not in log, [line for line in log.splitlines() if " ERROR " in line][:5]
    assert "database unreachable" in log and "no attempt counted" in log, "deliveries met the outage"
