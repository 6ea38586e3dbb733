"""Erasure leaves nothing behind, on SQLite and on PostgreSQL (a fresh schema).

Real analysed calls: a recorded call whose task quote comes from Whisper, a chat with a card number
(masked in the result, kept unredacted with VOC_REDACTION__KEEP_ORIGINAL=true), and an IVR routing
decision linked to the recording. After `DELETE /v1/calls/{id}` and `DELETE /v1/customers/{id}`,
every column of every table, the SQLite file and its write-ahead log, and every file of the blob
store are searched for the quote, the card number, the IVR words, the customer id and the stored
audio bytes. Each search is first shown to find its needle before the erasure, so a search that
cannot find anything does not pass for a clean store.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from api.app import create_app
from tests.service.conftest import open_deployment
from tests.service.harness import Deployment, wait_for
from voc.config import RedactionSettings, RetentionSettings, Settings
from voc.pipeline import Analyzer
from voc.service import Service
from voc.store.blobs import BlobStore
from voc.store.db import Database
from voc.store.retention import purge_expired
from voc.store.tables import Call
from voc.views import EventPage

DEPOSIT_CALL = Path(__file__).parents[1] / "data" / "calls" / "deposit_ru_8k.wav"
CARD = "4276 3800 9988 7767"  # a made-up test number
IVR_WORDS = "хочу продлить вклад который открывала весной"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.scaleout)]


def other_recording(wav: bytes) -> bytes:
    """The same call with the lowest bit of every sample flipped: other bytes (and blob), the same speech."""
    data = wav.index(b"data") + 8
    body = bytearray(wav[data:])
    body[0::2] = bytes(b ^ 1 for b in body[0::2])
    return wav[:data] + bytes(body)


def keeping_analyzer(data_dir: Path) -> Analyzer:
    """The pipeline with VOC_REDACTION__KEEP_ORIGINAL=true (its models load on first use).

    One per backend: a second embedded service analysing with models that an earlier service's
    (since stopped) worker thread had loaded ran Whisper 5-7 times slower on this machine.
    """
    settings = Settings(
        data_dir=data_dir, cache_dir=Path.home() / ".cache" / "voc", redaction=RedactionSettings(keep_original=True)
    )
    return Analyzer(settings)


@dataclass
class Running:
    deploy: Deployment
    client: TestClient
    admin: dict[str, str]
    database: Database

    def wait_done(self, call_id: str) -> dict[str, Any]:
        def done() -> dict[str, Any] | None:
            view: dict[str, Any] = self.client.get(f"/v1/calls/{call_id}", headers=self.admin).json()
            assert view["status"] != "failed", view
            return view if view["status"] == "done" else None

        result: dict[str, Any] = wait_for(done, timeout=300, interval=0.5, what=f"{call_id} analysed")
        return result

    def upload(self, audio: bytes, **metadata: Any) -> str:
        files = {"audio": ("call.wav", audio, "audio/wav"), "metadata": (None, json.dumps(metadata))}
        response = self.client.post("/v1/calls", files=files, headers=self.admin)
        assert response.status_code == 202, response.text
        call_id: str = response.json()["id"]
        return call_id

    def chat(self, **body: Any) -> str:
        response = self.client.post("/v1/conversations", json=body, headers=self.admin)
        assert response.status_code == 202, response.text
        call_id: str = response.json()["id"]
        return call_id

    def feed(self) -> list[dict[str, Any]]:
        page = self.client.get("/v1/events", params={"limit": 1000}, headers=self.admin).json()
        EventPage.model_validate(page)  # the documented shape, erased events included
        events: list[dict[str, Any]] = page["events"]
        return events


@pytest.fixture(scope="module", params=BACKENDS)
def running(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    tmp = tmp_path_factory.mktemp(f"erasure-{request.param}")
    backend = "embedded" if request.param == "sqlite" else "scaleout"
    for deploy in open_deployment(backend, tmp):
        # The PostgreSQL schema with the in-process worker: what is tested is what erasure leaves
        # in the database, not how jobs travel.
        settings = deploy.settings(broker_url=None, redaction=RedactionSettings(keep_original=True))
        analyzer = keeping_analyzer(tmp / "analyzer")
        with TestClient(create_app(Service(settings, analyzer=analyzer))) as client:
            database = deploy.database()
            try:
                yield Running(deploy, client, {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}, database)
            finally:
                database.dispose()


# --- where content could hide -------------------------------------------------------------------


def spellings(text: str) -> list[str]:
    """How a text can sit in a column: as itself, and inside JSON written with \\u escapes."""
    return list(dict.fromkeys([text, json.dumps(text)[1:-1]]))


def database_hits(database: Database, needle: str) -> list[str]:
    """Every table.column whose text holds the needle (all columns, cast to text)."""
    hits: list[str] = []
    engine = database.engine
    contains = (
        "instr(CAST({col} AS TEXT), :needle) > 0" if database.is_sqlite else "strpos(CAST({col} AS TEXT), :needle) > 0"
    )
    with engine.connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            for column in sa.inspect(connection).get_columns(table):
                condition = contains.format(col=f'"{column["name"]}"')
                for spelling in spellings(needle):
                    query = sa.text(f'SELECT count(*) FROM "{table}" WHERE {condition}')
                    if connection.execute(query, {"needle": spelling}).scalar():
                        hits.append(f"{table}.{column['name']}")
    return hits


def file_hits(folder: Path, needle: bytes | str) -> list[str]:
    """Every file under the folder (database file, its log, blobs) whose bytes hold the needle."""
    patterns = [needle] if isinstance(needle, bytes) else [s.encode() for s in spellings(needle)]
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and any(p in path.read_bytes() for p in patterns)
    )


def audio_pieces(blob: bytes) -> list[bytes]:
    """Three 64-byte pieces from inside a stored recording: what finding its bytes means here."""
    return [blob[len(blob) * k // 4 : len(blob) * k // 4 + 64] for k in (1, 2, 3)]


def hits_everywhere(running: Running, needles: list[str], audio: list[bytes]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for needle in needles:
        found[needle] = database_hits(running.database, needle) + file_hits(running.deploy.data_dir, needle)
    for n, piece in enumerate(audio):
        found[f"audio piece {n}"] = file_hits(running.deploy.data_dir, piece)
    return {what: where for what, where in found.items() if where}


def stored_blob(running: Running, call_id: str) -> bytes:
    with running.database.read() as session:
        call = session.get(Call, call_id)
        assert call is not None and call.blob_sha256 is not None
        sha = call.blob_sha256
    return BlobStore(running.deploy.data_dir / "blobs").read(sha)


# --- the tests ----------------------------------------------------------------------------------


def test_deleting_a_call_leaves_nothing_of_it(running: Running) -> None:
    customer = f"cust-keep-{running.deploy.backend}-5521"
    call_id = running.upload(DEPOSIT_CALL.read_bytes(), external_id="erase-call-1", customer_id=customer)
    chat_id = running.chat(
        external_id="erase-call-2",
        customer_id=customer,
        turns=[{"speaker": "customer", "text": "Спасибо, всё понятно."}],
    )
    running.wait_done(call_id)
    running.wait_done(chat_id)
    tasks = running.client.get("/v1/tasks", params={"customer_id": customer}, headers=running.admin).json()["items"]
    quotes = [t["evidence"]["quote"] for t in tasks if t["call_id"] == call_id]
    assert quotes, "the recorded call asks for a callback: Whisper's words make a task with a quote"
    quote = quotes[0]
    audio = audio_pieces(stored_blob(running, call_id))
    before = running.feed()
    of_call = [e for e in before if e["call_id"] == call_id]
    assert any(e["type"] == "task.created" and e["data"]["evidence"]["quote"] == quote for e in of_call)

    found = hits_everywhere(running, [quote], audio)
    assert set(found) == {quote, *(f"audio piece {n}" for n in range(3))}, "each search finds its needle first"
    assert any(where.startswith("events.") for where in found[quote]), "the feed held the quote"

    assert running.client.delete(f"/v1/calls/{call_id}", headers=running.admin).status_code == 204

    assert hits_everywhere(running, [quote], audio) == {}
    after = running.feed()
    assert [e["id"] for e in after[: len(before)]] == [e["id"] for e in before], "the feed keeps every event id"
    erased = [e for e in after if e["call_id"] == call_id]
    assert [e["type"] for e in erased] == [e["type"] for e in of_call] + ["call.deleted"]
    for event in erased[:-1]:
        assert event["data"]["erased"] is True and event["customer_id"] is None
    assert erased[-1]["data"]["customer_id"] is None
    still = running.client.get(f"/v1/calls/{chat_id}", headers=running.admin).json()
    assert still["status"] == "done", "the customer's other conversation is not touched"


def test_erasing_a_customer_leaves_nothing_about_them(running: Running) -> None:
    customer = f"cust-erase-{running.deploy.backend}-8830"
    session = f"ivr-{running.deploy.backend}-8830"
    routed = running.client.post(
        "/v1/route", json={"customer_id": customer, "session_id": session, "ivr_text": IVR_WORDS}, headers=running.admin
    )
    assert routed.status_code == 200, routed.text

    def decision_stored() -> list[dict[str, Any]]:
        params = {"session_id": session}
        items: list[dict[str, Any]] = running.client.get(
            "/v1/route/decisions", params=params, headers=running.admin
        ).json()["items"]
        return items

    wait_for(decision_stored, timeout=30, what="the routing decision logged")
    recording = other_recording(DEPOSIT_CALL.read_bytes())
    call_id = running.upload(recording, external_id="erase-cust-1", customer_id=customer, session_id=session)
    chat_id = running.chat(
        external_id="erase-cust-2",
        customer_id=customer,
        turns=[
            {"speaker": "agent", "text": "Назовите, пожалуйста, номер карты."},
            {"speaker": "customer", "text": f"Номер карты {CARD}. Перезвоните мне завтра, пожалуйста."},
        ],
    )
    running.wait_done(call_id)
    chat = running.wait_done(chat_id)
    assert "7767" not in json.dumps(chat["analysis"]), "the result is redacted"
    original = running.client.get(f"/v1/calls/{chat_id}/original", headers=running.admin)
    assert original.status_code == 200 and CARD in json.dumps(original.json()["analysis"], ensure_ascii=False)
    reader = {"Authorization": f"Bearer {running.deploy.new_key(['results:read'], 'crm')}"}
    assert running.client.get(f"/v1/calls/{chat_id}/original", headers=reader).status_code == 403
    linked = wait_for(lambda: [d for d in decision_stored() if d["outcome"]], timeout=30, what="decision linked")
    assert linked[0]["outcome_call_id"] == call_id
    quote = next(
        t["evidence"]["quote"]
        for t in running.client.get("/v1/tasks", params={"customer_id": customer}, headers=running.admin).json()[
            "items"
        ]
        if t["call_id"] == call_id
    )
    needles = [quote, CARD, IVR_WORDS, customer]
    audio = audio_pieces(stored_blob(running, call_id))
    found = hits_everywhere(running, needles, audio)
    assert set(found) == {*needles, *(f"audio piece {n}" for n in range(3))}, "each search finds its needle first"
    assert any(w.startswith("route_decisions.") for w in found[IVR_WORDS])
    assert any(w.startswith("result_originals.") for w in found[CARD])

    eraser = {"Authorization": f"Bearer {running.deploy.new_key(['data:erase'], 'privacy-officer')}"}
    assert running.client.delete(f"/v1/customers/{customer}", headers=reader).status_code == 403
    response = running.client.delete(f"/v1/customers/{customer}", headers=eraser)
    assert response.status_code == 200, response.text
    counts = response.json()
    assert counts["calls"] == 1 and counts["conversations"] == 1 and counts["results"] == 2
    assert counts["originals"] == 2 and counts["route_decisions"] == 1 and counts["blobs"] == 2
    assert counts["profiles"] == 1 and counts["tasks"] >= 2 and counts["events"] >= 4

    assert hits_everywhere(running, needles, audio) == {}
    assert running.client.get(f"/v1/customers/{customer}", headers=running.admin).status_code == 404
    assert running.client.get(f"/v1/calls/{chat_id}/original", headers=running.admin).status_code == 404
    again = running.client.delete(f"/v1/customers/{customer}", headers=eraser).json()
    assert set(again.values()) == {0}, "repeating the erasure finds nothing left"


def age(running: Running, call_ids: list[str], days: float) -> None:
    """Make calls look received `days` ago (retention counts from when a call was received)."""
    with running.database.write() as session:
        for call_id in call_ids:
            call = session.get(Call, call_id)
            assert call is not None
            call.created_at = call.created_at - dt.timedelta(days=days)


def test_retention_purges_inputs_and_results_in_batches_from_two_processes(running: Running) -> None:
    customer = f"cust-retention-{running.deploy.backend}"

    def chat(n: int) -> str:
        text = f"Обращение номер {n}: перезвоните мне завтра, пожалуйста."
        return running.chat(external_id=f"ret-{n}", customer_id=customer, turns=[{"speaker": "customer", "text": text}])

    old = [chat(n) for n in range(5)]
    middle = chat(10)
    fresh = chat(11)
    for call_id in [*old, middle, fresh]:
        running.wait_done(call_id)
    age(running, old, 100)
    age(running, [middle], 40)
    settings = RetentionSettings(audio_days=30, results_days=90, batch=2)
    blobs = BlobStore(running.deploy.data_dir / "blobs")
    cursor_before = len(running.feed())

    reports: list[Any] = []
    errors: list[BaseException] = []

    def purge() -> None:
        try:
            reports.extend(purge_expired(running.database, blobs, settings))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    purgers = [threading.Thread(target=purge) for _ in range(2)]  # two servers' timers at the same moment
    for thread in purgers:
        thread.start()
    for thread in purgers:
        thread.join(120)
    assert not errors, errors
    assert sum(r.conversations for r in reports) == 5, "each old conversation erased once"
    assert sum(r.inputs for r in reports) == 1 and sum(r.blobs for r in reports) == 6
    for call_id in old:
        assert running.client.get(f"/v1/calls/{call_id}", headers=running.admin).status_code == 404
    kept = running.client.get(f"/v1/calls/{middle}", headers=running.admin).json()
    assert kept["status"] == "done" and kept["analysis"] is not None, "past audio_days only the input goes"
    with running.database.read() as session:
        middle_row, fresh_row = session.get(Call, middle), session.get(Call, fresh)
        assert middle_row is not None and middle_row.blob_sha256 is None
        assert fresh_row is not None and fresh_row.blob_sha256 is not None and blobs.exists(fresh_row.blob_sha256)

    purged = [e for e in running.feed()[cursor_before:] if e["type"] == "retention.purged"]
    assert len(purged) == len(reports), "one event per purge batch"
    assert sum(e["data"]["counts"]["conversations"] for e in purged) == 5
    assert all(e["call_id"] is None and e["customer_id"] is None for e in purged)
    assert purge_expired(running.database, blobs, settings) == [], "a second pass finds nothing expired"
