"""Who may do what to a call: only its client or admin deletes it, two different keys in one request
are refused, and every read and delete of a call is in the audit trail (issue 14's probes)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from tests.api.conftest import Api
from tests.api.test_uploads import assert_problem, post_call, stored_calls
from tests.service.harness import deployment, scaleout_available
from voc.cli import app as cli
from voc.config import get_settings
from voc.service import Service


@pytest.fixture(params=["embedded", pytest.param("scaleout", marks=pytest.mark.scaleout)])
def both(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """The API on SQLite, and on PostgreSQL (uploads' messages go to a RabbitMQ queue of the run's own)."""
    if request.param == "scaleout" and not scaleout_available():
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672")
    with deployment(request.param, tmp_path) as deploy:
        settings = deploy.settings(max_upload_bytes=400_000, jobs=deploy.job_settings(embedded_worker=False))
        admin = {"Authorization": f"Bearer {deploy.new_key(['admin'], 'crm')}"}
        with TestClient(create_app(Service(settings))) as client:
            yield Api(deploy, client, admin)


def test_only_the_uploading_client_or_admin_may_delete_a_call(both: Api, clip: bytes) -> None:
    api = both
    pbx = api.key("calls:write", name="pbx")
    other_pbx = api.key("calls:write", name="other-pbx")
    crm = api.key("calls:write", "results:read", name="crm-sync")
    first = post_call(api, clip, {"external_id": "own-1"}, headers=pbx).json()["id"]
    second = post_call(api, clip, {"external_id": "own-2"}, headers=pbx).json()["id"]
    conversation = api.client.post(
        "/v1/conversations",
        headers=pbx,
        json={"external_id": "chat-1", "turns": [{"speaker": "customer", "text": "закройте вклад"}]},
    ).json()["id"]

    for stranger in (other_pbx, crm):
        for call_id in (first, conversation):
            assert_problem(api.client.delete(f"/v1/calls/{call_id}", headers=stranger), 403, "not_owner")
    assert stored_calls(api) == 3, "a refused delete erases nothing"
    assert api.client.get(f"/v1/calls/{first}", headers=api.admin).json()["status"] == "queued"

    rotated = api.key("calls:write", name="pbx")  # a new key for the same client keeps its calls
    assert api.client.delete(f"/v1/calls/{first}", headers=rotated).status_code == 204
    assert api.client.delete(f"/v1/calls/{conversation}", headers=pbx).status_code == 204
    assert api.client.delete(f"/v1/calls/{second}", headers=api.admin).status_code == 204
    assert stored_calls(api) == 0
    assert_problem(api.client.delete(f"/v1/calls/{second}", headers=pbx), 404, "not_found")


def test_two_different_keys_in_one_request_are_refused(api: Api) -> None:
    reader = api.key("results:read")
    secret = reader["Authorization"].removeprefix("Bearer ")
    assert api.client.get("/v1/tasks", headers=reader).status_code == 200
    for garbage in ("voc_garbage", "x"):
        with_garbage = api.client.get("/v1/tasks", headers=reader | {"X-API-Key": garbage})
        assert_problem(with_garbage, 401, "conflicting_keys")
        garbage_bearer = api.client.get(
            "/v1/tasks", headers={"Authorization": f"Bearer {garbage}", "X-API-Key": secret}
        )
        assert_problem(garbage_bearer, 401, "conflicting_keys")
    assert api.client.get("/v1/tasks", headers=reader | {"X-API-Key": secret}).status_code == 200


def test_reads_and_deletes_are_in_the_audit_trail(both: Api, clip: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    api = both
    pbx = api.key("calls:write", name="pbx")
    crm = api.key("results:read", name="crm")
    stranger = api.key("calls:write", name="stranger")
    call_id = post_call(api, clip, {"external_id": "a1"}, headers=pbx).json()["id"]
    other_id = post_call(api, clip, {"external_id": "a2"}, headers=pbx).json()["id"]
    assert api.client.get(f"/v1/calls/{call_id}", headers=crm).status_code == 200
    assert api.client.get(f"/v1/calls/{other_id}", headers=crm).status_code == 200
    assert api.client.get(f"/v1/calls/{call_id}", headers=crm).status_code == 200
    assert api.client.get("/v1/calls/call_missing", headers=crm).status_code == 404  # nothing was read
    assert api.client.delete(f"/v1/calls/{call_id}", headers=stranger).status_code == 403
    assert api.client.delete(f"/v1/calls/{call_id}", headers=pbx).status_code == 204
    api.client.app.state.context.audit.flush()  # reads are written in batches

    trail = api.client.get("/v1/audit", params={"call_id": call_id}, headers=api.admin)
    assert trail.status_code == 200, trail.text
    items = trail.json()["items"]
    assert [(e["action"], e["key_name"]) for e in items] == [
        ("read", "crm"),
        ("read", "crm"),
        ("delete_refused", "stranger"),
        ("delete", "pbx"),
    ]
    assert all(e["call_id"] == call_id and e["at"].endswith(("Z", "+00:00")) for e in items)
    assert [e["id"] for e in items] == sorted(e["id"] for e in items)

    everything = api.client.get("/v1/audit", params={"limit": 2}, headers=api.admin).json()
    assert len(everything["items"]) == 2 and everything["next_after"] == everything["items"][-1]["id"]
    rest = api.client.get("/v1/audit", params={"after": everything["next_after"]}, headers=api.admin).json()
    assert len(everything["items"]) + len(rest["items"]) == 5 and rest["next_after"] is None
    by_key = api.client.get("/v1/audit", params={"key_name": "pbx"}, headers=api.admin).json()["items"]
    assert [e["action"] for e in by_key] == ["delete"]
    assert_problem(api.client.get("/v1/audit", headers=crm), 403, "forbidden")
    assert_problem(api.client.get("/v1/audit", params={"after": 2**63}, headers=api.admin), 422, "invalid_input")

    monkeypatch.setenv("VOC_DATA_DIR", str(api.deploy.data_dir))
    monkeypatch.setenv("VOC_DATABASE_URL", api.deploy.database_url)
    get_settings.cache_clear()
    try:
        printed = CliRunner().invoke(cli, ["audit", "--call-id", call_id])
        as_json = CliRunner().invoke(cli, ["audit", "--call-id", call_id, "--json"])
    finally:
        get_settings.cache_clear()
    assert printed.exit_code == 0, printed.output
    lines = printed.output.strip().splitlines()
    assert len(lines) == 4 and "delete_refused" in lines[2] and "stranger" in lines[2] and call_id in lines[3]
    assert [json.loads(line)["action"] for line in as_json.output.strip().splitlines()] == [
        "read",
        "read",
        "delete_refused",
        "delete",
    ]


def test_lists_profiles_and_customer_erasure_are_in_the_audit_trail(both: Api, clip: bytes) -> None:
    api = both
    pbx = api.key("calls:write", name="pbx")
    crm = api.key("results:read", name="crm")
    office = api.key("data:erase", name="privacy-office")
    mine = post_call(api, clip, {"external_id": "l1", "customer_id": "cust-audit"}, headers=pbx).json()["id"]
    other = post_call(api, clip, {"external_id": "l2"}, headers=pbx).json()["id"]
    assert api.client.get("/v1/calls", params={"customer_id": "cust-audit"}, headers=crm).status_code == 200
    assert api.client.get("/v1/calls", headers=crm).status_code == 200
    assert api.client.get(f"/v1/calls/{mine}/audio", headers=crm).status_code == 409  # not served: not read
    assert api.client.delete("/v1/customers/cust-audit", headers=office).status_code == 200
    api.client.app.state.context.audit.flush()

    listed = api.client.get("/v1/audit", params={"key_name": "crm"}, headers=api.admin).json()["items"]
    # newest first: the second list shows the other call before this one
    assert [(e["action"], e["call_id"]) for e in listed] == [("list", mine), ("list", other), ("list", mine)]
    erased = api.client.get("/v1/audit", params={"customer_id": "cust-audit"}, headers=api.admin).json()["items"]
    assert [(e["action"], e["key_name"], e["call_id"]) for e in erased] == [("erase_customer", "privacy-office", None)]
    # the trail names the customer by a digest: the erased id itself is stored nowhere
    assert erased[0]["customer_id"] == "sha256:" + hashlib.sha256(b"cust-audit").hexdigest()
