"""A Python client generated from the OpenAPI document by openapi-python-client imports, and
drives a real `voc serve`: the telephony upload, the CRM's wait for the analysis and its feed,
a task taken, and the IVR's routing question."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.clients.conftest import CLIP, ROOT, Served

GENERATOR_BIN = ROOT / ".venv" / "clients-python" / "bin"


@pytest.fixture(scope="module")
def voc_client(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    generator = GENERATOR_BIN / "openapi-python-client"
    assert generator.exists(), "openapi-python-client is installed by the test set-up: run ./scripts/setup (dev)"
    out = tmp_path_factory.mktemp("python-client")
    document = out / "openapi.json"
    document.write_text(json.dumps(_document(served)), encoding="utf-8")
    generated = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--config",
            str(ROOT / "clients" / "python-client.yaml"),
            "--output-path",
            str(out / "voc_client"),
        ],
        capture_output=True,
        text=True,
        cwd=out,
        env={**os.environ, "PATH": f"{GENERATOR_BIN}{os.pathsep}{os.environ['PATH']}"},
        timeout=300,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout + generated.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("voc_client")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "voc_client" or n.startswith("voc_client.")]:
            del sys.modules[name]


def _document(served: Served) -> Any:
    import httpx

    return httpx.get(f"{served.url}/openapi.json").json()


def test_every_module_of_the_generated_client_imports(voc_client: Any) -> None:
    names = [m.name for m in pkgutil.walk_packages(voc_client.__path__, "voc_client.")]
    for name in names:
        importlib.import_module(name)
    assert "voc_client.api.route.route" in names and "voc_client.api.calls.upload_call" in names


@pytest.mark.slow
def test_generated_client_uploads_a_call_and_reads_the_feed(voc_client: Any, served: Served) -> None:
    from voc_client import AuthenticatedClient
    from voc_client.api.calls import get_call, upload_call
    from voc_client.api.events import list_events
    from voc_client.api.route import route
    from voc_client.api.tasks import ack_task, list_tasks
    from voc_client.models import CallMetadata, RouteJsonRouteIn, UploadCallBody
    from voc_client.types import File

    client = AuthenticatedClient(base_url=served.url, token=served.admin_key)
    body = UploadCallBody(
        audio=File(payload=CLIP.open("rb"), file_name=CLIP.name, mime_type="audio/wav"),
        metadata=CallMetadata(external_id="pbx-py-1", customer_id="cust-py", started_at=_when()),
    )
    uploaded = upload_call.sync_detailed(client=client, body=body)
    assert uploaded.status_code == 202, uploaded.content
    accepted = uploaded.parsed
    assert accepted.status_url == f"/v1/calls/{accepted.id}" and accepted.duplicate is False

    call = get_call.sync(accepted.id, client=client)
    for _ in range(240):
        if call.status in ("done", "failed"):  # the generated enums are str enums
            break
        time.sleep(0.5)
        call = get_call.sync(accepted.id, client=client)
    assert call.status == "done", call
    assert call.analysis.turns and call.analysis.turns[0].text

    page = list_events.sync(client=client, after="")
    ours = [e for e in page.events if e.call_id == accepted.id]
    assert [e.type_ for e in ours][:1] == ["call.analyzed"]
    assert page.next_cursor
    again = list_events.sync(client=client, after=page.next_cursor)
    assert again.events == [] and again.next_cursor == page.next_cursor

    tasks = list_tasks.sync(client=client, customer_id="cust-py")
    if tasks.items:  # the short clip may hold no task; when it does, the CRM takes it
        taken = ack_task.sync(tasks.items[0].id, client=client)
        assert taken.status == "acked"

    decision = route.sync(client=client, body=RouteJsonRouteIn(customer_id="cust-py", ivr_text="позовите оператора"))
    assert decision.queue and decision.context.known_customer is True


def _when() -> Any:
    import datetime as dt

    return dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
