"""GET /v1/calls/{id}/audio serves only a recording the analysis has redacted (the worker is off here:
the end-to-end case, a served and range-read redacted copy, is in tests/service/test_jobs.py)."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import Api
from tests.api.test_uploads import post_call
from voc.intake import CallMetadata
from voc.schemas import CallAnalysis, ChannelInfo
from voc.store import calls
from voc.store.blobs import BlobStore
from voc.store.tables import utcnow


def test_a_recording_waiting_for_its_analysis_is_not_served(api: Api, clip: bytes) -> None:
    accepted = post_call(api, clip, {"external_id": "rec-1"})
    assert accepted.status_code == 202, accepted.text
    answer = api.client.get(f"/v1/calls/{accepted.json()['id']}/audio", headers=api.admin)
    assert answer.status_code == 409 and answer.json()["code"] == "not_ready"
    assert clip not in answer.content


def test_unknown_calls_and_keys_without_results_read_get_problems(api: Api, clip: bytes) -> None:
    assert api.client.get("/v1/calls/call_nothing/audio", headers=api.admin).status_code == 404
    accepted = post_call(api, clip, {"external_id": "rec-2"})
    writer = api.key("calls:write")
    answer = api.client.get(f"/v1/calls/{accepted.json()['id']}/audio", headers=writer)
    assert answer.status_code == 403


def test_a_recording_analysed_before_audio_redaction_is_not_served(api: Api, clip: bytes) -> None:
    sha, size = BlobStore(api.deploy.data_dir / "blobs").put_bytes(clip)
    database = api.deploy.database()
    with database.write() as session:
        call = calls.create_call(
            session,
            client="crm",
            metadata=CallMetadata(external_id="rec-old"),
            blob_sha256=sha,
            blob_size=size,
            dispatched_at=utcnow(),
        )
    with database.write() as session:
        calls.claim_call(session, call.id)
    analysis = CallAnalysis(
        duration_s=8.4,
        language="ru",
        channels=ChannelInfo(mode="stereo", layout=["agent", "customer"]),
        call_date=dt.date(2026, 3, 1),
        call_date_source="metadata",
        turns=[],
    )
    with database.write() as session:
        assert calls.finish_call(session, call.id, analysis)  # as finished before blob_redacted existed
    database.dispose()
    answer = api.client.get(f"/v1/calls/{call.id}/audio", headers=api.admin)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
