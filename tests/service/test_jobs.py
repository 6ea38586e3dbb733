"""The service end to end on real speech, run embedded and scale-out (see conftest.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import secrets
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.service.conftest import Service
from tests.service.failing_worker import FAIL_MARKER
from tests.service.harness import call_status, read_feed, wait_for

CLIP = Path(__file__).parents[1] / "data" / "service" / "short_call_8k.wav"
CARD_CLIP = Path(__file__).parents[1] / "data" / "redaction" / "card_call_8k.wav"
TRUTH = json.loads(CLIP.with_suffix(".json").read_text())


def upload(service: Service, audio: bytes, **metadata: object) -> dict[str, object]:
    metadata.setdefault("external_id", f"ext-{secrets.token_hex(4)}")
    response = service.client.post(
        "/v1/calls",
        headers=service.headers,
        files={"audio": ("call.wav", audio, "audio/wav")},
        data={"metadata": json.dumps(metadata)},
    )
    assert response.status_code == 202, response.text
    body: dict[str, object] = response.json()
    return body


def finished(service: Service, call_id: str, timeout: float = 120) -> dict[str, object]:
    def check() -> dict[str, object] | None:
        view = call_status(service.client, call_id, service.headers)
        return view if view["status"] in ("done", "failed") else None

    return dict(wait_for(check, timeout, interval=0.1, what=f"{call_id} to finish"))


def events_for(service: Service, call_id: str) -> list[dict[str, object]]:
    return [e for e in read_feed(service.client, service.headers) if e["call_id"] == call_id]


@pytest.mark.slow
def test_upload_is_analysed_once_with_profile(service: Service) -> None:
    customer = f"cust-{secrets.token_hex(4)}"
    accepted = upload(service, CLIP.read_bytes(), customer_id=customer, channels="agent,customer", language="ru")
    assert accepted["status_url"] == f"/v1/calls/{accepted['id']}"

    view = finished(service, str(accepted["id"]))
    assert view["status"] == "done", view.get("error")
    analysis = view["analysis"]
    assert isinstance(analysis, dict)
    by_speaker = {
        s: " ".join(t["text"].lower() for t in analysis["turns"] if t["speaker"] == s) for s in ("agent", "customer")
    }
    assert "мир" in by_speaker["agent"], by_speaker
    assert "было" in by_speaker["customer"], by_speaker
    assert analysis["channels"]["layout"] == TRUTH["channels"]

    types = [e["type"] for e in events_for(service, str(accepted["id"]))]
    assert types.count("call.analyzed") == 1

    listed = service.client.get("/v1/calls", params={"customer_id": customer}, headers=service.headers).json()
    assert [c["id"] for c in listed["items"]] == [accepted["id"]]
    profile = service.client.get(f"/v1/customers/{customer}", headers=service.headers).json()
    assert profile["contacts"]["total"] == 1 and profile["contacts"]["analyzed"] == 1
    pitch = profile["prosody_baseline"]["pitch_hz"]
    assert pitch is not None and 60 < pitch["median"] < 400, profile["prosody_baseline"]


def test_failing_job_is_retried_then_failed_while_others_flow(service: Service) -> None:
    failing = upload(service, CLIP.read_bytes(), external_id=f"{FAIL_MARKER}-{secrets.token_hex(4)}")
    # The job behind it is a text conversation: it needs no ASR, so the test stays quick.
    other = service.client.post(
        "/v1/conversations",
        headers=service.headers,
        json={"external_id": f"chat-{secrets.token_hex(4)}", "turns": [{"speaker": "customer", "text": "Спасибо"}]},
    )
    assert other.status_code == 202, other.text

    other_view = finished(service, str(other.json()["id"]))
    assert other_view["status"] == "done", other_view.get("error")
    failed = finished(service, str(failing["id"]))
    assert failed["status"] == "failed"
    assert failed["attempts"] == 3
    error = failed["error"]
    assert isinstance(error, dict) and error["stage"] == "test_hook" and "gave up after 3" in error["message"]
    finished_at = dt.datetime.fromisoformat(str(failed["finished_at"]))
    created_at = dt.datetime.fromisoformat(str(failed["created_at"]))
    assert (finished_at - created_at).total_seconds() >= 0.2, "retries wait for a backoff"

    failed_events = [e for e in events_for(service, str(failing["id"])) if e["type"] == "call.failed"]
    assert len(failed_events) == 1
    assert failed_events[0]["data"]["error"]["stage"] == "test_hook"  # type: ignore[index]


def test_corrupt_file_fails_with_decode_error_and_its_upload_is_removed(service: Service) -> None:
    corrupt = b"RIFF" + (10_000).to_bytes(4, "little") + b"WAVE" + secrets.token_bytes(9_000)
    accepted = upload(service, corrupt)
    view = finished(service, str(accepted["id"]), timeout=60)
    assert view["status"] == "failed"
    assert view["attempts"] == 1, "bad input is not retried"
    error = view["error"]
    assert isinstance(error, dict) and error["stage"] == "decode", error
    # With redaction on, an upload never outlives its job: no redacted copy can replace this one. The
    # runner deletes it right after committing the failure, so a reader may see "failed" a moment first.
    sha = hashlib.sha256(corrupt).hexdigest()
    deadline = time.monotonic() + 5
    while blob_path(service, sha).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not blob_path(service, sha).exists()


def blob_path(service: Service, sha: str) -> Path:
    return service.deploy.data_dir / "blobs" / sha[:2] / sha[2:4] / sha


@pytest.mark.slow
def test_recording_is_replaced_by_its_redacted_copy_which_is_served(service: Service) -> None:
    original = CARD_CLIP.read_bytes()
    accepted = upload(service, original, channels="agent,customer", language="ru")
    view = finished(service, str(accepted["id"]), timeout=300)  # a 14 s call on a loaded machine
    assert view["status"] == "done", view.get("error")
    analysis = view["analysis"]
    assert isinstance(analysis, dict)
    [card] = [r for r in analysis["redactions"] if r["type"] == "CARD_NUMBER"]
    assert "audio_redaction" in analysis["timings"]
    assert not blob_path(service, hashlib.sha256(original).hexdigest()).exists(), "the original is gone"

    audio_url = f"/v1/calls/{accepted['id']}/audio"
    response = service.client.get(audio_url, headers=service.headers)
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    assert response.headers["accept-ranges"] == "bytes"
    assert blob_path(service, hashlib.sha256(response.content).hexdigest()).exists()
    copy, rate = sf.read(io.BytesIO(response.content), dtype="int16", always_2d=True)
    before, _ = sf.read(io.BytesIO(original), dtype="int16", always_2d=True)
    assert copy.shape == before.shape
    inside = slice(int(card["start"] * rate), int(card["end"] * rate))
    assert np.abs(before[inside]).max() > 1000 and not copy[inside].any()

    part = service.client.get(audio_url, headers={**service.headers, "Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == response.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(response.content)}"
    past = service.client.get(audio_url, headers={**service.headers, "Range": f"bytes={len(response.content)}-"})
    assert past.status_code == 416 and past.headers["content-range"] == f"bytes */{len(response.content)}"


def test_conversation_payload_is_replaced_by_its_masked_copy(service: Service) -> None:
    card = "2200 7000 0012 3454"
    turns = [{"speaker": "agent", "text": "Назовите номер карты"}, {"speaker": "customer", "text": f"Карта {card}"}]
    body = {"external_id": f"chat-{secrets.token_hex(4)}", "turns": turns}
    accepted = service.client.post("/v1/conversations", headers=service.headers, json=body)
    assert accepted.status_code == 202, accepted.text
    view = finished(service, str(accepted.json()["id"]))
    assert view["status"] == "done", view.get("error")
    stored = list((service.deploy.data_dir / "blobs").glob("*/*/*"))
    assert not [p for p in stored if card.encode() in p.read_bytes()], "no blob holds the card number"
    assert [p for p in stored if "Карта [CARD_NUMBER]".encode() in p.read_bytes()]
    audio = service.client.get(f"/v1/calls/{accepted.json()['id']}/audio", headers=service.headers)
    assert audio.status_code == 404 and audio.json()["code"] == "not_found"


def lost_call(service: Service, *, sent_ago: dt.timedelta | None) -> str:
    """A stored conversation whose message never reached a worker: never sent (`sent_ago` None,
    as when the API process dies between commit and send) or sent `sent_ago` ago and lost."""
    from voc.intake import ConversationSubmission
    from voc.store import calls
    from voc.store.blobs import BlobStore
    from voc.store.tables import Call, utcnow

    submission = ConversationSubmission.model_validate(
        {"external_id": f"lost-{secrets.token_hex(4)}", "turns": [{"speaker": "customer", "text": "Спасибо"}]}
    )
    sha, size = BlobStore(service.deploy.data_dir / "blobs").put_bytes(submission.model_dump_json().encode())
    database = service.deploy.database()
    with database.write() as session:
        call = calls.create_call(
            session,
            client="crm",
            metadata=submission,
            kind="conversation",
            blob_sha256=sha,
            blob_size=size,
            dispatched_at=None if sent_ago is None else utcnow() - sent_ago,
        )
        row = session.get(Call, call.id)
        assert row is not None
        row.dispatch_confirmed = sent_ago is not None
        row.updated_at -= dt.timedelta(hours=1)
    database.dispose()
    return call.id


def test_dispatcher_sends_calls_never_sent(service: Service) -> None:
    call_id = lost_call(service, sent_ago=None)
    view = finished(service, call_id, timeout=60)
    assert view["status"] == "done" and view["attempts"] == 1, view


def test_jobs_resend_sends_calls_left_queued(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    if service.deploy.broker_url is None:
        pytest.skip("the embedded server re-sends at start (test_crash.py)")
    from typer.testing import CliRunner

    from voc.cli import app
    from voc.config import get_settings

    # Sent 10 minutes ago and lost: inside the dispatcher's redelivery window (15 minutes), so
    # only the command sends it now (its default takes messages older than 5 minutes as lost).
    call_id = lost_call(service, sent_ago=dt.timedelta(minutes=10))
    for name, value in service.deploy.env().items():
        if name.startswith("VOC_"):
            monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["jobs", "resend"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "re-sent 1 call" in result.output
    assert finished(service, call_id, timeout=60)["status"] == "done"
