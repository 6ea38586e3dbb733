"""Submissions: the domain outcome of `voc.jobs.submit` and how the API answers each one."""

from __future__ import annotations

from typing import Any

from api.submissions import SUBMIT_STATUS
from tests.api.conftest import Api
from voc.jobs.submit import AcceptedCall, SubmitOutcome, recorded_result, replayed_result
from voc.store.tables import IdempotencyRecord


def test_every_outcome_has_a_status() -> None:
    assert set(SUBMIT_STATUS) == set(SubmitOutcome)


def test_a_recorded_result_is_given_again_as_it_was() -> None:
    call = AcceptedCall("conv_1", "conversation", "queued")
    for outcome in (SubmitOutcome.ACCEPTED, SubmitOutcome.DUPLICATE):
        again = replayed_result(recorded_result(outcome, call))
        assert again.outcome is outcome and again.call == call and again.replayed


def test_a_record_kept_before_the_domain_record_still_replays() -> None:
    """Rows completed by earlier versions hold the HTTP body of the first answer."""
    legacy = {"id": "conv_9", "status": "queued", "status_url": "/v1/conversations/conv_9", "duplicate": True}
    again = replayed_result(legacy)
    assert again.outcome is SubmitOutcome.DUPLICATE
    assert again.call == AcceptedCall("conv_9", "conversation", "queued")


def conversation(external_id: str) -> dict[str, Any]:
    return {"external_id": external_id, "turns": [{"speaker": "customer", "text": "my card is blocked"}]}


def test_a_conversation_replay_answers_exactly_as_the_first_time(api: Api) -> None:
    key = api.admin | {"Idempotency-Key": "chat-1"}
    first = api.client.post("/v1/conversations", json=conversation("chat-1"), headers=key)
    again = api.client.post("/v1/conversations", json=conversation("chat-1"), headers=key)
    assert first.status_code == again.status_code == 202
    assert first.json() == again.json() and first.json()["status_url"].startswith("/v1/conversations/conv_")
    assert first.headers["location"] == again.headers["location"] == first.json()["status_url"]

    duplicate_key = api.admin | {"Idempotency-Key": "chat-2"}
    duplicate = api.client.post("/v1/conversations", json=conversation("chat-1"), headers=duplicate_key)
    duplicate_again = api.client.post("/v1/conversations", json=conversation("chat-1"), headers=duplicate_key)
    assert duplicate.status_code == duplicate_again.status_code == 200
    assert duplicate.json() == duplicate_again.json() and duplicate.json()["duplicate"] is True


def test_a_key_completed_by_an_earlier_version_replays_its_answer(api: Api) -> None:
    body = conversation("chat-old")
    first = api.client.post("/v1/conversations", json=body, headers=api.admin | {"Idempotency-Key": "old"})
    answer = first.json()
    database = api.deploy.database()
    with database.write() as session:  # as earlier versions stored it: the HTTP status and body
        record = session.get(IdempotencyRecord, ("crm", "old"))
        assert record is not None
        record.response_status, record.response_body = 202, answer
    database.dispose()
    again = api.client.post("/v1/conversations", json=body, headers=api.admin | {"Idempotency-Key": "old"})
    assert again.status_code == 202 and again.json() == answer and again.headers["location"] == answer["status_url"]
