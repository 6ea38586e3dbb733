"""Uploads: auth, format and size checks, bad metadata, idempotency, de-duplication, delete."""

from __future__ import annotations

import json
from typing import Any

from tests.api.conftest import Api
from voc.store.idempotency import claim_key
from voc.store.tables import Call


def post_call(api: Api, audio: bytes, metadata: Any, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
    data = {"metadata": metadata if isinstance(metadata, str) else json.dumps(metadata)}
    return api.client.post(
        "/v1/calls",
        headers=headers if headers is not None else api.admin,
        files={"audio": ("call.wav", audio, "audio/wav")},
        data=data,
        **kwargs,
    )


def stored_blobs(api: Api) -> list[str]:
    root = api.deploy.data_dir / "blobs"
    return [p.name for p in root.glob("??/??/*")]


def stored_calls(api: Api) -> int:
    database = api.deploy.database()
    with database.read() as session:
        count = session.query(Call).count()
    database.dispose()
    return count


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code and body["detail"]
    return body


def test_keys_and_scopes(api: Api, clip: bytes) -> None:
    assert_problem(api.client.get("/v1/calls/x"), 401, "unauthorized")
    assert_problem(api.client.get("/v1/calls/x", headers={"X-API-Key": "voc_nope"}), 401, "unauthorized")
    reader = api.key("results:read")
    assert_problem(post_call(api, clip, {"external_id": "a"}, headers=reader), 403, "forbidden")
    assert_problem(api.client.get("/v1/calls/x", headers=reader), 404, "not_found")
    writer = api.key("calls:write")
    assert post_call(api, clip, {"external_id": "a"}, headers=writer).status_code == 202
    assert_problem(api.client.get("/v1/events", headers=writer), 403, "forbidden")


def test_format_checked_before_storing(api: Api, clip: bytes) -> None:
    assert_problem(
        post_call(api, b"this is a text file, not audio" * 10, {"external_id": "t"}),
        415,
        "unsupported_audio_format",
    )
    assert_problem(post_call(api, b"", {"external_id": "e"}), 422, "empty_audio")
    wrong_type = api.client.post("/v1/calls", headers=api.admin, json={"external_id": "j"})
    assert_problem(wrong_type, 415, "unsupported_media_type")
    assert stored_blobs(api) == [] and stored_calls(api) == 0


def test_size_cap_answers_413_and_stores_nothing(api: Api, clip: bytes) -> None:
    big = clip + b"\0" * 400_000
    assert_problem(post_call(api, big, {"external_id": "big"}), 413, "upload_too_large")

    def chunks() -> Any:  # no Content-Length: the cap must hold on the stream itself
        body = b'--b\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\n\r\n' + big + b"\r\n--b--\r\n"
        for i in range(0, len(body), 65536):
            yield body[i : i + 65536]

    streamed = api.client.post(
        "/v1/calls", headers=api.admin | {"Content-Type": "multipart/form-data; boundary=b"}, content=chunks()
    )
    assert_problem(streamed, 413, "upload_too_large")
    assert stored_blobs(api) == [] and stored_calls(api) == 0


def test_bad_metadata_gets_clear_answers(api: Api, clip: bytes) -> None:
    missing = api.client.post("/v1/calls", headers=api.admin, files={"audio": ("c.wav", clip, "audio/wav")})
    assert "metadata" in assert_problem(missing, 422, "invalid_input")["detail"]
    assert "JSON" in assert_problem(post_call(api, clip, "{not json"), 422, "invalid_input")["detail"]
    no_id = assert_problem(post_call(api, clip, {"customer_id": "c"}), 422, "invalid_input")
    assert "external_id" in no_id["detail"]
    channels = assert_problem(
        post_call(api, clip, {"external_id": "x", "channels": "agent,robot"}), 422, "invalid_input"
    )
    assert "channels" in channels["detail"] and "robot" in channels["detail"]
    language = assert_problem(post_call(api, clip, {"external_id": "x", "language": "de"}), 422, "invalid_input")
    assert "language" in language["detail"]
    first = assert_problem(post_call(api, clip, {"external_id": "x", "first_speaker": "robot"}), 422, "invalid_input")
    assert "first_speaker" in first["detail"]
    terms = assert_problem(post_call(api, clip, {"external_id": "x", "terms": "вклад, 42"}), 422, "invalid_input")
    assert "terms" in terms["detail"] and "needs a letter" in terms["detail"]
    assert stored_calls(api) == 0


def test_metadata_becomes_analysis_options() -> None:
    from voc.intake import CallMetadata

    options = CallMetadata(
        external_id="m1",
        channels="customer,agent",
        language="en",
        first_speaker="customer",
        started_at="2026-03-02T09:30:00+03:00",  # type: ignore[arg-type]
        terms=["Platinum card"],
    ).analyze_options()
    assert options.terms == ("platinum card",)  # a title capital goes, as for profile products
    assert options.layout == ("customer", "agent")
    assert options.language == "en"
    assert options.first_speaker == "customer"
    assert str(options.call_date) == "2026-03-02" and options.call_date_source == "metadata"


def test_idempotency_key(api: Api, clip: bytes) -> None:
    key = {"Idempotency-Key": "upload-1"}
    first = post_call(api, clip, {"external_id": "i1"}, headers=api.admin | key)
    again = post_call(api, clip, {"external_id": "i1"}, headers=api.admin | key)
    assert first.status_code == again.status_code == 202
    assert first.json() == again.json()
    other = post_call(api, clip, {"external_id": "i2"}, headers=api.admin | key)
    assert_problem(other, 422, "idempotency_key_reused")
    assert stored_calls(api) == 1

    database = api.deploy.database()
    import hashlib

    from voc.intake import CallMetadata
    from voc.jobs.submit import request_hash

    digest = request_hash(hashlib.sha256(clip).hexdigest(), CallMetadata(external_id="i3"))
    assert claim_key(database, "crm", "upload-2", digest).outcome == "new"  # a request still running
    database.dispose()
    in_flight = post_call(api, clip, {"external_id": "i3"}, headers=api.admin | {"Idempotency-Key": "upload-2"})
    assert_problem(in_flight, 409, "idempotency_key_in_flight")


def test_duplicate_external_id_is_answered_with_the_first_call(api: Api, clip: bytes) -> None:
    first = post_call(api, clip, {"external_id": "dup"})
    second = post_call(api, clip, {"external_id": "dup", "customer_id": "changed"})
    assert first.status_code == 202 and second.status_code == 200
    assert second.json()["id"] == first.json()["id"] and second.json()["duplicate"] is True
    other_client = post_call(api, clip, {"external_id": "dup"}, headers=api.key("calls:write", name="other-pbx"))
    assert other_client.status_code == 202 and other_client.json()["id"] != first.json()["id"]
    assert stored_calls(api) == 2 and len(stored_blobs(api)) == 1


def test_delete_erases_audio_and_results_and_emits_event(api: Api, clip: bytes) -> None:
    one = post_call(api, clip, {"external_id": "d1"}).json()
    two = post_call(api, clip, {"external_id": "d2"}).json()
    other = post_call(api, clip[:-2], {"external_id": "d3"}).json()
    assert len(stored_blobs(api)) == 2

    assert api.client.delete(f"/v1/calls/{one['id']}", headers=api.admin).status_code == 204
    assert len(stored_blobs(api)) == 2, "the blob is still used by d2"
    assert api.client.delete(f"/v1/calls/{two['id']}", headers=api.admin).status_code == 204
    assert len(stored_blobs(api)) == 1
    assert_problem(api.client.get(f"/v1/calls/{one['id']}", headers=api.admin), 404, "not_found")
    assert_problem(api.client.delete(f"/v1/calls/{one['id']}", headers=api.admin), 404, "not_found")
    assert api.client.get(f"/v1/calls/{other['id']}", headers=api.admin).json()["status"] == "queued"

    events = api.client.get("/v1/events", headers=api.admin).json()["events"]
    assert [(e["type"], e["call_id"]) for e in events] == [
        ("call.deleted", one["id"]),
        ("call.deleted", two["id"]),
    ]


def test_list_calls_filters(api: Api, clip: bytes) -> None:
    a = post_call(api, clip, {"external_id": "l1", "customer_id": "c-1"}).json()
    post_call(api, clip, {"external_id": "l2", "customer_id": "c-2"})
    by_customer = api.client.get("/v1/calls", params={"customer_id": "c-1"}, headers=api.admin).json()
    assert [c["id"] for c in by_customer["items"]] == [a["id"]]
    queued = api.client.get("/v1/calls", params={"status": "queued"}, headers=api.admin).json()
    assert len(queued["items"]) == 2
    assert api.client.get("/v1/calls", params={"status": "done"}, headers=api.admin).json()["items"] == []
    future = api.client.get("/v1/calls", params={"since": "2100-01-01T00:00:00Z"}, headers=api.admin).json()
    assert future["items"] == []
    assert_problem(api.client.get("/v1/calls", params={"status": "weird"}, headers=api.admin), 422, "invalid_input")


def test_bad_cursor_is_a_clear_error(api: Api) -> None:
    assert_problem(api.client.get("/v1/events", params={"after": "garbage!"}, headers=api.admin), 422, "invalid_input")


def test_openapi_documents_the_endpoints(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/calls",
        "/v1/calls/{call_id}",
        "/v1/events",
        "/v1/tasks",
        "/v1/tasks/{task_id}/ack",
        "/v1/customers/{customer_id}",
        "/v1/conversations",
        "/v1/analyze",
        "/healthz",
    ):
        assert path in paths, path
    assert "multipart/form-data" in paths["/v1/calls"]["post"]["requestBody"]["content"]
