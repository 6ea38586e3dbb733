"""POST /v1/route, GET /v1/route/decisions and /v1/route/policy on the real app and a real SQLite store."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import DATA
from tests.routing.helpers import UnhurriedClock
from tests.routing.history import analysis, seed_customer_with_history, store_analysed_call
from voc.config import RouteSettings, Settings
from voc.pipeline import Analyzer
from voc.routing.policy import DEFAULT_POLICY_PATH
from voc.routing.service import RoutingService
from voc.service import Service
from voc.store.keys import create_key

ANI = "+70000000077"


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("policy") / "policy.yaml"
    path.write_text(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, policy_file: Path) -> Iterator[TestClient]:
    base = tmp_path_factory.mktemp("route-api")
    settings = Settings(
        data_dir=base,
        database_url=f"sqlite:///{base / 'voc.sqlite3'}",
        route=RouteSettings(policy=policy_file, transcription=False),
    )
    app = create_app(Service(settings, analyzer=Analyzer(settings)))
    with TestClient(app) as test_client:
        # Budgets on a clock 100 times slower than the wall's: every signal these tests expect is in
        # on time on a busy machine too (what happens to late signals is tested in tests/routing).
        app.state.routing.router.clock = UnhurriedClock()
        database = app.state.context.database
        with database.write() as session:
            _, invoke = create_key(session, "ivr", ["route:invoke"])
            _, read = create_key(session, "crm", ["results:read"])
        seed_customer_with_history(database, "C-77", dt.date.today(), ANI)
        test_client.headers["X-API-Key"] = invoke
        test_client.app.state.read_key = read  # type: ignore[attr-defined]
        yield test_client


def _reader(client: TestClient) -> dict[str, str]:
    return {"X-API-Key": client.app.state.read_key}  # type: ignore[attr-defined]


def _routing(client: TestClient) -> RoutingService:
    service: RoutingService = client.app.state.routing  # type: ignore[attr-defined]
    return service


def test_needs_a_key_with_the_route_scope(client: TestClient) -> None:
    body = {"customer_id": "C-77", "ivr_text": "вклад"}
    assert client.post("/v1/route", json=body, headers={"X-API-Key": ""}).status_code == 401
    forbidden = client.post("/v1/route", json=body, headers=_reader(client))
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "forbidden"


def test_known_customer_text_path(client: TestClient) -> None:
    r = client.post("/v1/route", json={"customer_id": "C-77", "ivr_text": "хочу узнать про вклад"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["queue"], body["priority"], body["skills"]) == ("deposits", 3, ["deposits"])
    context = body["context"]
    assert context["customer_id"] == "C-77"
    assert sorted(context["open_tasks"]) == ["callback", "deposit_maturity"]
    assert context["products_ending_soon"][0]["product"] == "Вклад Надёжный"
    assert context["products_ending_soon"][0]["days_left"] == 5
    assert context["last_contact_sentiment"] == "negative"
    assert context["contacts_last_7_days"] == 2
    assert 0 <= context["churn_risk"] <= 1
    assert set(body["emotion"]) == {"label", "arousal", "valence"}
    assert body["policy_version"].startswith("default-1+")
    assert len(body["decision_id"]) == 32
    assert (body["degraded"], body["skipped"]) == (False, {})


def test_caller_found_by_number(client: TestClient) -> None:
    r = client.post("/v1/route", json={"ani": ANI, "ivr_text": "я хочу закрыть счёт, уйду к конкурентам"})
    assert r.status_code == 200
    assert r.json()["context"]["customer_id"] == "C-77"


def test_fraud_words_go_to_security(client: TestClient) -> None:
    r = client.post("/v1/route", json={"customer_id": "C-77", "ivr_text": "у меня украли карту"})
    assert (r.json()["queue"], r.json()["priority"]) == ("fraud_security", 1)


def test_missing_caller_is_a_422_problem(client: TestClient) -> None:
    r = client.post("/v1/route", json={"ivr_text": "алло"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["code"] == "invalid_input"
    assert "give customer_id or ani" in problem["detail"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"customer_id": "C-77", "budget_ms": 0}, "budget_ms"),
        ({"customer_id": "C-77", "budget_ms": 60_000}, "budget_ms"),
        ({"customer_id": "C-77", "language": "de"}, "language"),
        ({"customer_id": "C-77", "color": "red"}, "color"),
    ],
)
def test_invalid_fields_are_422_naming_the_field(
    client: TestClient, body: dict[str, object], where: str
) -> None:
    r = client.post("/v1/route", json=body)
    assert r.status_code == 422
    assert where in r.json()["detail"]


def test_not_json_is_a_problem(client: TestClient) -> None:
    r = client.post("/v1/route", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_input"
    r = client.post("/v1/route", content=b"customer_id=1", headers={"content-type": "text/plain"})
    assert r.status_code == 415


def test_unknown_customer_gets_the_default_queue_degraded(client: TestClient) -> None:
    r = client.post("/v1/route", json={"customer_id": "C-nobody", "ivr_text": "алло"})
    assert r.status_code == 200
    body = r.json()
    assert (body["queue"], body["degraded"]) == ("general", True)
    assert body["skipped"]["profile"] == "no customer matches this caller"
    assert "skipped profile: no customer matches this caller" in body["reasons"]
    assert body["context"]["known_customer"] is False


def test_100_kb_of_text_is_cut_and_routed(client: TestClient) -> None:
    text = "у меня украли карту " + "а" * 100_000
    r = client.post("/v1/route", json={"customer_id": "C-77", "ivr_text": text})
    assert r.status_code == 200
    body = r.json()
    assert body["degraded"] is True
    assert body["skipped"]["ivr_text"] == f"cut from {len(text)} to the first 2000 characters"
    assert body["queue"] == "fraud_security"


def test_text_over_a_megabyte_is_refused(client: TestClient) -> None:
    r = client.post("/v1/route", json={"customer_id": "C-77", "ivr_text": "а" * 1_500_000})
    assert r.status_code == 413  # 3 MB of UTF-8: over the 2 MB body cap
    assert r.json()["code"] == "request_too_large"
    r = client.post("/v1/route", json={"customer_id": "C-77", "ivr_text": "a" * 1_000_001})
    assert r.status_code == 422
    assert "ivr_text" in r.json()["detail"]


def test_multipart_with_bytes_that_are_not_audio_is_answered_degraded(client: TestClient) -> None:
    r = client.post(
        "/v1/route",
        data={"customer_id": "C-77", "ivr_text": "вклад", "ivr_path": "main,deposits"},
        files={"audio": ("clip.wav", b"<html>this is not audio</html>", "audio/wav")},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["queue"] == "deposits"
    assert body["degraded"] is True
    assert body["skipped"] == {"voice": "the upload is text, not an audio recording"}
    assert "skipped voice: the upload is text, not an audio recording" in body["reasons"]


def _wav(seconds: float, rate: int = 8000) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 180 * t) * (1 + np.sin(2 * np.pi * 3 * t)) / 2).astype(np.float32)
    out = io.BytesIO()
    sf.write(out, tone, rate, format="WAV", subtype="PCM_16")
    return out.getvalue()


def test_audio_longer_than_15_s_is_skipped_with_the_reason(client: TestClient) -> None:
    r = client.post(
        "/v1/route",
        data={"customer_id": "C-77", "ivr_text": "вклад"},
        files={"audio": ("long.wav", _wav(20.0), "audio/wav")},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["degraded"] is True
    assert body["queue"] == "deposits"
    assert body["skipped"] == {"voice": "the audio is longer than the 15 s an IVR clip may last"}


def _speech_8k(seconds: float) -> bytes:
    """Real recorded speech (tests/data/prosody), band-limited to 8 kHz as an IVR records it."""
    import soxr

    clips = [sf.read(p, dtype="float32")[0] for p in sorted((DATA / "prosody").glob("ru_*.flac"))]
    joined = np.concatenate(clips)[: int(seconds * 16000)]
    out = io.BytesIO()
    sf.write(out, soxr.resample(joined, 16000, 8000), 8000, format="WAV", subtype="PCM_16")
    return out.getvalue()


def test_audio_with_text_measures_the_voice_against_the_customers_baseline(client: TestClient) -> None:
    r = client.post(
        "/v1/route",
        data={"customer_id": "C-77", "ivr_text": "хочу узнать про вклад"},
        files={"audio": ("ivr.wav", _speech_8k(8.0), "audio/wav")},
    )
    body = r.json()
    assert (r.status_code, body["degraded"], body["skipped"]) == (200, False, {})
    assert "transcript" not in body  # ivr_text given: never transcribed
    _routing(client).writer.flush()
    [logged] = client.get("/v1/route/decisions", params={"limit": 1}, headers=_reader(client)).json()["items"]
    assert logged["decision_id"] == body["decision_id"]
    assert logged["inputs"]["prosody_baseline"] == "customer"
    assert set(logged["inputs"]["prosody_z"]) >= {"pitch", "loudness"}


@pytest.mark.slow
def test_audio_without_text_is_transcribed_and_routed(client: TestClient, analyzer: Analyzer) -> None:
    from voc.routing.engines import ClipTranscriber

    whisper = analyzer.transcriber  # the session's Whisper, loaded before the request
    # The 8 s budget is on the module's unhurried clock (800 s of wall time): a busy machine makes
    # the transcript slow, not missing.
    engines = _routing(client).router.engines
    engines.transcribe = ClipTranscriber(lambda: whisper)
    try:
        r = client.post(
            "/v1/route",
            data={"customer_id": "C-77", "language": "ru", "budget_ms": "8000"},
            files={"audio": ("ivr.wav", _speech_8k(6.0), "audio/wav")},
        )
    finally:
        engines.transcribe = None
    body = r.json()
    assert (r.status_code, body["skipped"]) == (200, {}), body
    assert "город" in body["transcript"].lower()


def test_multipart_too_large_is_413(client: TestClient) -> None:
    r = client.post(
        "/v1/route",
        data={"customer_id": "C-77"},
        files={"audio": ("big.wav", b"\0" * (9 * 1024 * 1024), "audio/wav")},
    )
    assert r.status_code == 413


def test_missing_caller_in_multipart_is_422(client: TestClient) -> None:
    r = client.post(
        "/v1/route", data={"ivr_text": "алло"}, files={"audio": ("a.wav", _wav(1.0), "audio/wav")}
    )
    assert r.status_code == 422
    assert "give customer_id or ani" in r.json()["detail"]


def test_decision_is_logged_and_linked_to_the_analysed_call(client: TestClient) -> None:
    r = client.post("/v1/route", json={"customer_id": "C-77", "session_id": "S-link-1", "ivr_text": "вклад"})
    decision_id = r.json()["decision_id"]
    _routing(client).writer.flush()
    listed = client.get("/v1/route/decisions", params={"session_id": "S-link-1"}, headers=_reader(client))
    assert listed.status_code == 200
    [item] = listed.json()["items"]
    assert (item["decision_id"], item["queue"], item["outcome"]) == (decision_id, "deposits", None)
    assert item["inputs"]["customer"]["customer_id"] == "C-77"

    database = client.app.state.context.database  # type: ignore[attr-defined]
    call_id = store_analysed_call(
        database,
        "C-77",
        analysis(dt.date.today(), 0.5, [], sentiment_end="positive"),
        started_at=dt.datetime.now(dt.UTC),
        session_id="S-link-1",
    )
    linked = client.get("/v1/route/decisions", params={"session_id": "S-link-1"}, headers=_reader(client))
    [item] = linked.json()["items"]
    assert item["outcome_call_id"] == call_id
    assert item["outcome"]["final_customer_sentiment"] == "positive"
    assert item["outcome"]["tasks"] == []


def test_a_decision_logged_after_its_call_was_analysed_is_linked_at_once(client: TestClient) -> None:
    database = client.app.state.context.database  # type: ignore[attr-defined]
    call_id = store_analysed_call(
        database,
        "C-77",
        analysis(dt.date.today(), -0.5, [], sentiment_end="negative"),
        started_at=dt.datetime.now(dt.UTC),
        session_id="S-late-1",
    )
    client.post("/v1/route", json={"customer_id": "C-77", "session_id": "S-late-1", "ivr_text": "алло"})
    _routing(client).writer.flush()
    [item] = client.get(
        "/v1/route/decisions", params={"session_id": "S-late-1"}, headers=_reader(client)
    ).json()["items"]
    assert item["outcome_call_id"] == call_id
    assert item["outcome"]["final_customer_sentiment"] == "negative"


def test_decisions_list_filters_and_pages(client: TestClient) -> None:
    for _ in range(3):
        client.post("/v1/route", json={"customer_id": "C-page", "ivr_text": "алло"})
    _routing(client).writer.flush()
    first = client.get(
        "/v1/route/decisions", params={"customer_id": "C-page", "limit": 2}, headers=_reader(client)
    )
    page = first.json()
    assert len(page["items"]) == 2 and page["next_before"]
    rest = client.get(
        "/v1/route/decisions",
        params={"customer_id": "C-page", "limit": 2, "before": page["next_before"]},
        headers=_reader(client),
    )
    assert len(rest.json()["items"]) == 1
    assert client.get("/v1/route/decisions", params={"limit": 0}, headers=_reader(client)).status_code == 422
    assert client.get("/v1/route/decisions").status_code == 403  # the IVR key may not read the log


def test_invalid_policy_at_reload_keeps_the_previous_one_and_says_why(
    client: TestClient, policy_file: Path
) -> None:
    good = client.get("/v1/route/policy", headers=_reader(client)).json()
    assert good["last_error"] is None
    assert good["source"] == "policy.yaml", "the file's name, never where the server keeps it"
    original = policy_file.read_text(encoding="utf-8")
    try:
        policy_file.write_text(original.replace("priority: 3", "priority: 30"), encoding="utf-8")
        stamp = time.time_ns() + 2_000_000_000
        os.utime(policy_file, ns=(stamp, stamp))
        status = client.get("/v1/route/policy", headers=_reader(client)).json()
        assert status["policy_version"] == good["policy_version"]
        assert "priority: an integer 1 (highest) .. 5 is required, got 30" in status["last_error"]
        assert str(policy_file.parent) not in status["last_error"] and "policy.yaml" in status["last_error"]
        r = client.post("/v1/route", json={"customer_id": "C-77", "ivr_text": "вклад"})
        assert (r.json()["queue"], r.json()["policy_version"]) == ("deposits", good["policy_version"])

        policy_file.write_text(
            original.replace('version: "default-1"', 'version: "edited-2"'), encoding="utf-8"
        )
        os.utime(policy_file, ns=(stamp + 10**9, stamp + 10**9))
        status = client.get("/v1/route/policy", headers=_reader(client)).json()
        assert status["policy_version"].startswith("edited-2+") and status["last_error"] is None
    finally:
        policy_file.write_text(original, encoding="utf-8")
        os.utime(policy_file, ns=(stamp + 2 * 10**9, stamp + 2 * 10**9))
        client.get("/v1/route/policy", headers=_reader(client))


def test_lean_routing_facts_match_the_full_customer_profile(client: TestClient) -> None:
    from voc.routing.profiles import facts_from_stored
    from voc.store.profiles import load_customer_profile, load_lean_profile

    database = client.app.state.context.database  # type: ignore[attr-defined]
    today = dt.date.today()
    with database.read() as session:
        lean = load_lean_profile(session.connection(), "C-77")
        profile = load_customer_profile(session, "C-77")
        assert load_lean_profile(session.connection(), "C-nobody") is None
    assert lean is not None and profile is not None
    # The lean lookup and GET /v1/customers/{id} agree on every figure routing reads.
    assert lean.open_task_types == tuple(t.type for t in profile.open_tasks)
    assert [(p.product, p.task_type, p.end_date) for p in lean.products_ending] == [
        (p.product, p.task_type, p.end_date) for p in profile.products if p.end_date is not None
    ]
    assert lean.churn_risk == profile.churn_risk.score
    scored = [p.score for p in profile.sentiment_trend if p.score is not None]
    assert lean.last_sentiment_score == scored[-1]
    assert len(lean.contact_times) == profile.contacts.total
    assert (min(lean.contact_times), max(lean.contact_times)) == (profile.first_contact, profile.last_contact)
    assert lean.prosody_baseline == profile.prosody_baseline
    facts = facts_from_stored(lean, today)
    assert facts.prosody_baseline.source == "customer"  # 12 measured turns in the seeded calls
    assert facts.contacts_last_7_days >= 2
    assert facts.last_contact_sentiment == "negative"


def _logged_inputs(client: TestClient, session_id: str) -> dict[str, object]:
    _routing(client).writer.flush()
    listed = client.get("/v1/route/decisions", params={"session_id": session_id}, headers=_reader(client))
    [item] = listed.json()["items"]
    inputs: dict[str, object] = item["inputs"]
    return inputs


def test_personal_data_said_to_the_ivr_is_masked_before_the_decision_is_logged(client: TestClient) -> None:
    said = "карта 2200 7000 0012 3454, телефон 8 916 555 12 34, хочу закрыть вклад на 300 000 рублей"
    r = client.post("/v1/route", json={"customer_id": "C-77", "session_id": "S-pii-1", "ivr_text": said})
    assert r.status_code == 200, r.text
    assert _logged_inputs(client, "S-pii-1")["text"] == (
        "карта [CARD_NUMBER], телефон [PHONE], хочу закрыть вклад на 300 000 рублей"
    )


def test_a_card_number_in_a_transcribed_clip_is_masked_before_the_decision_is_logged(
    client: TestClient, analyzer: Analyzer
) -> None:
    from voc.routing.engines import ClipTranscriber

    card_call = DATA / "redaction" / "card_call_8k.wav"
    samples, rate = sf.read(card_call, dtype="float32")
    customer = samples[int(4.0 * rate) : int(11.2 * rate), 1]  # "четыре два семь шесть, ..." alone
    clip = io.BytesIO()
    sf.write(clip, customer, rate, format="WAV", subtype="PCM_16")
    whisper = analyzer.transcriber
    engines = _routing(client).router.engines
    engines.transcribe = ClipTranscriber(lambda: whisper)
    try:
        r = client.post(
            "/v1/route",
            data={"customer_id": "C-77", "session_id": "S-pii-2", "language": "ru", "budget_ms": "8000"},
            files={"audio": ("ivr.wav", clip.getvalue(), "audio/wav")},
        )
    finally:
        engines.transcribe = None
    assert r.status_code == 200 and r.json()["skipped"] == {}, r.json()
    logged = str(_logged_inputs(client, "S-pii-2")["text"])
    assert "[CARD_NUMBER]" in logged, logged
    assert not re.search(r"\d{4}", re.sub(r"\D", "", logged)), logged
