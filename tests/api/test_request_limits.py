"""Bodies are read only for a valid key, and never past their cap (issue 14's probes, scaled down).

The probe that found it: 300 MB to /v1/conversations without a key cost the server +630 MB
and was answered 401 after 7.5 s. Here the client promises 300 MB, sends 64 KB and waits: the
answer must come without the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import Api
from tests.api.live_server import live_server, send_head
from tests.api.test_uploads import assert_problem
from tests.service.harness import deployment
from voc.config import LimitSettings
from voc.service import Service

PROMISED = 300 * 1024 * 1024
SENT = b"{" + b" " * 65535
BODY_ROUTES = ("/v1/conversations", "/v1/calls", "/v1/analyze", "/v1/route")
LIMITS = LimitSettings(conversation_bytes=64 * 1024, route_json_bytes=8 * 1024, route_form_bytes=16 * 1024)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings(
            max_upload_bytes=400_000, limits=LIMITS, jobs=deploy.job_settings(embedded_worker=False)
        )
        admin = {"Authorization": f"Bearer {deploy.new_key(['admin'], 'crm')}"}
        with live_server(create_app(Service(settings))) as port:
            yield port, admin


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[Api]:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings(limits=LIMITS, jobs=deploy.job_settings(embedded_worker=False))
        admin = {"Authorization": f"Bearer {deploy.new_key(['admin'], 'crm')}"}
        with TestClient(create_app(Service(settings))) as client:
            yield Api(deploy, client, admin)


def head(path: str, content_type: str, headers: dict[str, str] | None = None) -> str:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {content_type}", f"Content-Length: {PROMISED}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return "\r\n".join(lines) + "\r\n"


def content_type(path: str) -> str:
    return "application/json" if path in ("/v1/conversations", "/v1/route") else "multipart/form-data; boundary=b"


def test_no_key_is_refused_before_the_body_is_read(served: tuple[int, dict[str, str]]) -> None:
    port, _ = served
    for path in BODY_ROUTES:
        for headers in ({}, {"X-API-Key": "voc_garbage"}):
            status, body = send_head(port, head(path, content_type(path), headers), SENT)
            assert status == 401, (path, body)
            assert json.loads(body)["code"] == "unauthorized"


def test_an_oversize_body_with_a_key_is_refused_before_it_is_read(served: tuple[int, dict[str, str]]) -> None:
    port, admin = served
    for path in BODY_ROUTES:
        status, body = send_head(port, head(path, content_type(path), admin), SENT)
        assert status == 413, (path, body)
        assert json.loads(body)["code"] in ("request_too_large", "upload_too_large")


def conversation(external_id: str, text: str) -> dict[str, Any]:
    return {"external_id": external_id, "turns": [{"speaker": "customer", "text": text}]}


def test_a_conversation_streamed_past_its_cap_is_refused(limited: Api) -> None:
    def chunks(total: int) -> Iterator[bytes]:  # no Content-Length: the cap must hold on the stream
        body = json.dumps({"external_id": "big", "turns": [{"speaker": "customer", "text": "x" * 10}] * 2000})
        data = body.encode()
        assert len(data) > total
        for i in range(0, len(data), 4096):
            yield data[i : i + 4096]

    streamed = limited.client.post(
        "/v1/conversations", headers=limited.admin | {"Content-Type": "application/json"}, content=chunks(64 * 1024)
    )
    assert_problem(streamed, 413, "request_too_large")
    small = limited.client.post("/v1/conversations", headers=limited.admin, json=conversation("small", "добрый день"))
    assert small.status_code == 202, small.text


def test_route_bodies_have_their_caps(limited: Api) -> None:
    text = {"customer_id": "c-1", "ivr_text": "вклад " * 2000}  # 12 KB of JSON, over 8 KB
    assert_problem(limited.client.post("/v1/route", headers=limited.admin, json=text), 413, "request_too_large")
    form = limited.client.post(
        "/v1/route",
        headers=limited.admin,
        data={"customer_id": "c-1"},
        files={"audio": ("a.wav", b"\0" * 20_000, "audio/wav")},
    )
    assert_problem(form, 413, "upload_too_large")
