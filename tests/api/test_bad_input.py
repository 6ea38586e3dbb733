"""Hostile input is a 4xx problem, never a 500, and a problem never hands the input back (issue 14's probes)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.test_uploads import assert_problem, post_call, stored_calls
from voc.store.events import encode_cursor

DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    ("metadata", "why"),
    [
        ('{"external_id": "n1", "tags": ' + DEEP + "}", "JSON"),  # RecursionError in json.loads
        ('{"external_id": "n2", "score": ' + "9" * 5000 + "}", "JSON"),  # ValueError: past 4,300 digits
        ('{"external_id": "n3", "tags": ' + "[" * 40 + "]" * 40 + "}", "nested deeper"),
        ('{"external_id": "n4", "score": 1e999}', "too large"),
        ('{"external_id": "n5", "score": ' + str(2**64) + "}", "64-bit"),
        (DEEP, "JSON"),
    ],
)
def test_metadata_that_cannot_be_stored_is_refused(api: Api, clip: bytes, metadata: str, why: str) -> None:
    body = assert_problem(post_call(api, clip, metadata), 422, "invalid_input")
    assert why in body["detail"]
    assert stored_calls(api) == 0


def test_metadata_within_the_limits_is_kept(api: Api, clip: bytes) -> None:
    extra = {"tags": [[["a"]]], "score": 2**63 - 1, "ratio": 0.25}
    accepted = post_call(api, clip, {"external_id": "ok"} | extra)
    assert accepted.status_code == 202, accepted.text
    assert stored_calls(api) == 1


def conversation_body(external_id: str, **extra: Any) -> str:
    turns = [{"speaker": "customer", "text": "хочу закрыть вклад"}]
    return json.dumps({"external_id": external_id, "turns": turns} | extra)


def test_a_conversation_that_cannot_be_stored_is_refused(api: Api) -> None:
    for body in (
        conversation_body("c1")[:-1] + ', "tags": ' + DEEP + "}",
        conversation_body("c2")[:-1] + ', "score": ' + "9" * 5000 + "}",
        conversation_body("c3", tags=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
        conversation_body("c4")[:-1] + ', "score": 1e999}',
        DEEP,
    ):
        posted = api.client.post(
            "/v1/conversations", headers=api.admin | {"Content-Type": "application/json"}, content=body
        )
        assert_problem(posted, 422, "invalid_input")
    assert stored_calls(api) == 0


def test_an_events_cursor_past_64_bits_is_refused(api: Api) -> None:
    for event_id in (2**63, 2**64, 10**30, -1):
        refused = api.client.get("/v1/events", params={"after": encode_cursor(event_id)}, headers=api.admin)
        assert_problem(refused, 422, "invalid_input")
    last = api.client.get("/v1/events", params={"after": encode_cursor(2**63 - 1)}, headers=api.admin)
    assert last.status_code == 200 and last.json()["events"] == []


def test_a_problem_quotes_only_a_short_prefix_of_the_input(api: Api, clip: bytes) -> None:
    huge = "A" * 60_000
    answers = [
        (api.client.get("/v1/events", params={"after": huge}, headers=api.admin), 422),
        (api.client.get(f"/v1/calls/{huge}", headers=api.admin), 404),
        (api.client.get(f"/v1/customers/{huge}", headers=api.admin), 404),
        (api.client.post(f"/v1/tasks/{huge}/ack", headers=api.admin), 404),
        (post_call(api, clip, {"external_id": "q", "channels": huge}), 422),
        (post_call(api, clip, {"external_id": "q", huge: 1e999}), 422),
        (api.client.post("/v1/route", json={"customer_id": "c", huge: 1}, headers=api.admin), 422),
        (api.client.post("/v1/route", json={"customer_id": "c", "language": huge}, headers=api.admin), 422),
    ]
    for answer, status in answers:
        assert answer.status_code == status, answer.text[:300]
        assert len(answer.content) < 2_000, answer.text[:300]
        assert "A" * 400 not in answer.text


def test_query_times_are_iso_text_not_numbers(api: Api) -> None:
    """pydantic alone reads a number as seconds since 1970; the document says ISO 8601 (found by schemathesis)."""
    for path, name in (
        ("/v1/calls", "since"),
        ("/v1/tasks", "due_before"),
        ("/v1/route/decisions", "before"),
        ("/v1/audit", "since"),
    ):
        for number in ("0", "0.5", "2.225073858507203e-309", "1700000000", "-1"):
            refused = api.client.get(path, params={name: number}, headers=api.admin)
            assert_problem(refused, 422, "invalid_input")
        iso = "2026-03-01" if name == "due_before" else "2026-03-01T09:30:00Z"
        assert api.client.get(path, params={name: iso}, headers=api.admin).status_code == 200
