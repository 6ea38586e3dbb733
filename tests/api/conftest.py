"""The HTTP layer on the embedded database, with the worker off unless a test starts one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.harness import Deployment, deployment
from voc.service import Service

CLIP = Path(__file__).parents[1] / "data" / "service" / "short_call_8k.wav"


@dataclass
class Api:
    deploy: Deployment
    client: TestClient
    admin: dict[str, str]

    def key(self, *scopes: str, name: str = "tester") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.deploy.new_key(list(scopes), name)}"}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings(max_upload_bytes=400_000, jobs=deploy.job_settings(embedded_worker=False))
        app = create_app(Service(settings))
        with TestClient(app) as client:
            yield Api(deploy, client, {"Authorization": f"Bearer {deploy.new_key(['admin'], 'crm')}"})


@pytest.fixture(scope="session")
def clip() -> bytes:
    return CLIP.read_bytes()
