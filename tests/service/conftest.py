"""Fixtures that run the service twice: embedded, and scale-out on PostgreSQL + RabbitMQ."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.failing_worker import FailingJobRunner
from tests.service.harness import FAILING_WORKER, Deployment, Process, deployment, scaleout_available
from voc import service as composition

BACKENDS = ["embedded", pytest.param("scaleout", marks=pytest.mark.scaleout)]


def open_deployment(backend: str, tmp: Path) -> Iterator[Deployment]:
    if backend == "scaleout" and not scaleout_available():
        pytest.skip("scale-out tests need PostgreSQL on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672")
    with deployment(backend, tmp) as deploy:
        yield deploy


@dataclass
class Service:
    deploy: Deployment
    client: TestClient
    headers: dict[str, str]
    logs: Path
    worker: Process | None = None

    def start_worker(self) -> Process:
        """A worker process whose jobs for FAIL_MARKER calls fail (the embedded one does the same)."""
        self.worker = Process(FAILING_WORKER, self.deploy.env(), self.logs / "worker.log")
        return self.worker


def run_service(deploy: Deployment, logs: Path, analyzer: object) -> Iterator[Service]:
    embedded = deploy.broker_url is None
    root = composition.Service(
        deploy.settings(),
        analyzer=analyzer if embedded else None,  # type: ignore[arg-type]
        runner_class=FailingJobRunner,
    )
    with TestClient(create_app(root)) as client:
        headers = {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}
        service = Service(deploy, client, headers, logs)
        if not embedded:
            service.start_worker()
        try:
            yield service
        finally:
            if service.worker is not None:
                service.worker.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, analyzer: object
) -> Iterator[Service]:
    tmp = tmp_path_factory.mktemp(f"service-{request.param}")
    for deploy in open_deployment(request.param, tmp):
        yield from run_service(deploy, tmp, analyzer)
