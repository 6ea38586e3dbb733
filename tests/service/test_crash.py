"""Crashes: a worker killed mid-job (scale-out) and the whole embedded server killed mid-job.
Either way the job finishes after a restart, with exactly one result and one event."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from tests.service.conftest import open_deployment
from tests.service.harness import Deployment, Process, call_status, free_port, read_feed, voc_command, wait_for
from voc.service import Service
from voc.store.tables import Result

CLIP = Path(__file__).parents[1] / "data" / "service" / "short_call_8k.wav"


def results_for(deploy: Deployment, call_id: str) -> int:
    database = deploy.database()
    with database.read() as session:
        count = session.scalar(select(func.count()).select_from(Result).where(Result.call_id == call_id))
    database.dispose()
    return int(count or 0)


def upload(client: httpx.Client | TestClient, headers: dict[str, str]) -> str:
    response = client.post(
        "/v1/calls",
        headers=headers,
        files={"audio": ("call.wav", CLIP.read_bytes(), "audio/wav")},
        data={"metadata": json.dumps({"external_id": f"crash-{secrets.token_hex(4)}"})},
    )
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def wait_until_processing(client: httpx.Client | TestClient, call_id: str, headers: dict[str, str]) -> None:
    """Poll closely: the kill must land while the worker holds the job."""
    wait_for(
        lambda: call_status(client, call_id, headers)["status"] == "processing",
        60,
        interval=0.02,
        what="the job to start",
    )


@pytest.fixture
def scaleout(tmp_path: Path) -> Iterator[Deployment]:
    yield from open_deployment("scaleout", tmp_path)


@pytest.mark.slow
@pytest.mark.scaleout
def test_worker_killed_mid_job_is_redelivered(scaleout: Deployment, tmp_path: Path) -> None:
    # The broker hands the killed worker's message to the next worker at once, which drops it
    # while the dead worker's lease lasts; once the lease runs out the API's dispatcher sends it.
    lease = {"lease_s": 10, "dispatch_interval_s": 0.2}
    scaleout.extra_env |= {f"VOC_JOBS__{name.upper()}": str(value) for name, value in lease.items()}
    app = create_app(Service(scaleout.settings(jobs=scaleout.job_settings(**lease))))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {scaleout.new_key(['admin'])}"}
        first = Process(voc_command("worker"), scaleout.env(), tmp_path / "worker1.log")
        call_id = upload(client, headers)
        try:
            wait_until_processing(client, call_id, headers)
        finally:
            first.kill()
        assert call_status(client, call_id, headers)["status"] == "processing"

        second = Process(voc_command("worker"), scaleout.env(), tmp_path / "worker2.log")
        try:
            view = wait_for(
                lambda: (v := call_status(client, call_id, headers))["status"] in ("done", "failed") and v,
                120,
                interval=0.1,
                what="the redelivered job",
            )
        finally:
            second.stop()
        assert view["status"] == "done", (view.get("error"), second.output()[-2000:])
        assert view["attempts"] == 2
        analyzed = [e for e in read_feed(client, headers) if e["call_id"] == call_id and e["type"] == "call.analyzed"]
        assert len(analyzed) == 1
        assert results_for(scaleout, call_id) == 1


@pytest.mark.slow
def test_embedded_server_killed_mid_job_finishes_after_restart(tmp_path: Path) -> None:
    deploy = Deployment(
        "embedded",
        tmp_path / "data",
        f"sqlite:///{tmp_path / 'data' / 'voc.sqlite3'}",
        None,
        f"voc-test-{secrets.token_hex(4)}",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    server = Process(voc_command("serve", "--port", str(port)), deploy.env(), tmp_path / "serve1.log")
    try:
        wait_for(healthy, 120, interval=0.1, what="the server to start")
        keys = re.findall(r"^\s*(voc_\S+)$", server.output(), flags=re.M)
        assert len(keys) == 1, "the first start shows one admin key"
        assert (deploy.data_dir / "admin-key.txt").read_text(encoding="utf-8").strip() == keys[0], "and saves it"
        headers = {"Authorization": f"Bearer {keys[0]}"}
        with httpx.Client(base_url=base, timeout=10) as client:
            call_id = upload(client, headers)
            wait_until_processing(client, call_id, headers)
    finally:
        server.kill()

    server = Process(voc_command("serve", "--port", str(port)), deploy.env(), tmp_path / "serve2.log")
    try:
        wait_for(healthy, 120, interval=0.1, what="the server to restart")
        assert not re.findall(r"^\s*voc_\S+$", server.output(), flags=re.M), "no new admin key on restart"
        with httpx.Client(base_url=base, timeout=10) as client:
            view = wait_for(
                lambda: (v := call_status(client, call_id, headers))["status"] in ("done", "failed") and v,
                120,
                interval=0.1,
                what="the re-sent job",
            )
            assert view["status"] == "done", (view.get("error"), server.output()[-2000:])
            assert view["attempts"] == 2
            analyzed = [
                e for e in read_feed(client, headers) if e["call_id"] == call_id and e["type"] == "call.analyzed"
            ]
            assert len(analyzed) == 1
    finally:
        server.stop()
    assert results_for(deploy, call_id) == 1
