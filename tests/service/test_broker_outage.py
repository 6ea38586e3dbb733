"""RabbitMQ unreachable while the telephony system uploads (scale-out, real PostgreSQL and
RabbitMQ, a TCP proxy between the service and RabbitMQ that the test cuts).

Uploads still answer 202 and the calls stay `queued`, never sent; once the broker is back the
API's dispatcher sends them with no human action, and a separate `voc worker` analyses each
exactly once: one result, one `call.analyzed` event, one attempt.
"""

from __future__ import annotations

import functools
import json
import logging
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from tests.service.conftest import open_deployment
from tests.service.harness import Deployment, Process, call_status, read_feed, voc_command, wait_for
from tests.service.tcp_proxy import TcpProxy
from voc.service import Service
from voc.store.tables import Call, Result

CLIP = Path(__file__).parents[1] / "data" / "service" / "short_call_8k.wav"
UPLOADS = 3
# Generous on a shared 2-core machine: the dispatcher's backoff is capped at 2 s here; the
# worker loads its models (tens of seconds) and analyses three 8 s calls.
SEND_BOUND_S = 60
ANALYSIS_BOUND_S = 600


@pytest.fixture
def scaleout(tmp_path: Path) -> Iterator[Deployment]:
    yield from open_deployment("scaleout", tmp_path)


def through(proxy: TcpProxy, url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))


def rows(deploy: Deployment, ids: list[str]) -> dict[str, Call]:
    database = deploy.database()
    try:
        with database.read() as session:
            return {c.id: c for c in session.scalars(select(Call).where(Call.id.in_(ids)))}
    finally:
        database.dispose()


def results(deploy: Deployment, call_id: str) -> int:
    database = deploy.database()
    try:
        with database.read() as session:
            return int(session.scalar(select(func.count()).select_from(Result).where(Result.call_id == call_id)) or 0)
    finally:
        database.dispose()


@pytest.mark.slow
@pytest.mark.scaleout
def test_uploads_during_broker_outage_are_sent_and_analysed_once(
    scaleout: Deployment, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    upstream = urlsplit(scaleout.broker_url or "")
    proxy = TcpProxy(upstream.hostname or "127.0.0.1", upstream.port or 5672)
    proxy.up()
    scaleout.broker_url = through(proxy, scaleout.broker_url or "")
    scaleout.extra_env |= {"VOC_JOBS__DISPATCH_INTERVAL_S": "0.2", "VOC_JOBS__DISPATCH_MAX_BACKOFF_S": "2"}
    settings = scaleout.settings(jobs=scaleout.job_settings(dispatch_interval_s=0.2, dispatch_max_backoff_s=2))
    worker: Process | None = None
    caplog.set_level(logging.INFO)
    try:
        with TestClient(create_app(Service(settings))) as client:
            headers = {"Authorization": f"Bearer {scaleout.new_key(['admin'])}"}
            proxy.down()
            ids = []
            for n in range(UPLOADS):
                response = client.post(
                    "/v1/calls",
                    headers=headers,
                    files={"audio": ("call.wav", CLIP.read_bytes(), "audio/wav")},
                    data={"metadata": json.dumps({"external_id": f"outage-{n}-{secrets.token_hex(3)}"})},
                )
                assert response.status_code == 202, response.text
                assert response.json()["status"] == "queued"
                ids.append(response.json()["id"])

            ready = client.get("/readyz")
            assert ready.status_code == 503, ready.text
            assert (ready.json()["broker"]["reachable"], ready.json()["database"]["reachable"]) == (False, True)
            assert client.get("/healthz").status_code == 200, "uploads still work: the old check stays green"
            time.sleep(3)  # the dispatcher tries (and fails) meanwhile
            stored = rows(scaleout, ids)
            assert {c.status for c in stored.values()} == {"queued"}
            # A dispatcher may hold a claim mid-try; the broker confirmed no send.
            assert not any(c.dispatch_confirmed for c in stored.values()), "nothing was sent while the broker was down"
            warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "broker unreachable" in r.message]
            assert len(warnings) >= UPLOADS, [r.message for r in caplog.records]
            assert all(r.exc_info is None for r in warnings), "a broker outage is logged without a traceback"
            errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
            assert not errors, [f"{r.name}: {r.message}" for r in errors]

            proxy.up()
            assert client.get("/readyz").status_code == 200
            wait_for(
                lambda: all(c.dispatch_confirmed for c in rows(scaleout, ids).values()),
                SEND_BOUND_S,
                interval=0.2,
                what="the API's dispatcher to send the queued calls",
            )
            worker = Process(voc_command("worker"), scaleout.env(), tmp_path / "worker.log")

            def finished(call_id: str) -> dict[str, Any] | None:
                view = call_status(client, call_id, headers)
                return view if view["status"] in ("done", "failed") else None

            views = {
                call_id: wait_for(
                    functools.partial(finished, call_id), ANALYSIS_BOUND_S, interval=0.2, what=f"{call_id} analysed"
                )
                for call_id in ids
            }
            time.sleep(2)  # a duplicate message, had one been sent, would be handled by now
            feed = read_feed(client, headers)
    finally:
        if worker is not None:
            worker.stop()
        proxy.down()
    for call_id, view in views.items():
        assert view["status"] == "done", (view.get("error"), worker.output()[-2000:] if worker else "")
        assert view["attempts"] == 1, "analysed once"
        assert results(scaleout, call_id) == 1
        analyzed = [e for e in feed if e["call_id"] == call_id and e["type"] == "call.analyzed"]
        assert len(analyzed) == 1
