"""`POST /v1/analyze` returns what the pipeline returns for the same file and options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import CLIP
from tests.service.harness import deployment
from voc.pipeline import AnalyzeOptions
from voc.service import Service


@pytest.fixture
def client(tmp_path: Path, analyzer: object) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings(jobs=deploy.job_settings(embedded_worker=False))
        app = create_app(Service(settings, analyzer=analyzer))  # type: ignore[arg-type]
        with TestClient(app) as test_client:
            yield test_client, {"Authorization": f"Bearer {deploy.new_key(['calls:write'])}"}


@pytest.mark.slow
def test_analyze_matches_the_pipeline(client: tuple[TestClient, dict[str, str]], analyzer: object) -> None:
    test_client, headers = client
    form = {"channels": "agent,customer", "language": "ru", "call_date": "2026-03-01", "terms": "Вклад Надёжный"}
    response = test_client.post(
        "/v1/analyze", headers=headers, files={"audio": ("c.wav", CLIP.read_bytes())}, data=form
    )
    assert response.status_code == 200, response.text
    served = response.json()
    options = AnalyzeOptions(
        layout=("agent", "customer"),
        language="ru",
        call_date=dt.date(2026, 3, 1),
        call_date_source="argument",
        terms=("вклад Надёжный",),
    )
    direct = analyzer.analyze_recording(CLIP.read_bytes(), options).model_dump(mode="json")  # type: ignore[attr-defined]
    served.pop("timings"), direct.pop("timings")
    assert served == direct
    assert served["call_date"] == "2026-03-01" and [t["speaker"] for t in served["turns"]] == ["agent", "customer"]


def test_analyze_rejects_bad_fields(client: tuple[TestClient, dict[str, str]]) -> None:
    test_client, headers = client
    audio = {"audio": ("c.wav", CLIP.read_bytes())}
    bad_channels = test_client.post("/v1/analyze", headers=headers, files=audio, data={"channels": "left,right"})
    assert bad_channels.status_code == 422 and "channels" in bad_channels.json()["detail"]
    bad_date = test_client.post("/v1/analyze", headers=headers, files=audio, data={"call_date": "tomorrow"})
    assert bad_date.status_code == 422
    bad_terms = test_client.post("/v1/analyze", headers=headers, files=audio, data={"terms": "42"})
    assert bad_terms.status_code == 422 and "terms" in bad_terms.json()["detail"]
    not_audio = test_client.post("/v1/analyze", headers=headers, files={"audio": ("c.txt", b"plain text here")})
    assert not_audio.status_code == 415
    assert test_client.post("/v1/analyze", files=audio).status_code == 401
