"""The calls list's query (voc/store/call_list.py) and the web session (api/ui/session.py) without a
browser, over the same calls as the browser tests (analysed ones and three not analysed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from api.ui import session as ui_session
from api.ui.session import Sessions
from tests.insights.databases import KINDS, migrated_database
from tests.ui.conftest import Stored
from voc import across_calls
from voc.intake import CallMetadata
from voc.schemas import CallAnalysis, ChannelInfo, Turn
from voc.store import calls
from voc.store.call_list import STATUSES, CallListFilters, list_calls_page
from voc.store.db import Database
from voc.store.keys import create_key, revoke_key


def test_paging_and_sorting_cover_every_call_once(stored: Stored) -> None:
    database = Database(stored.database_url)
    every = sorted([*stored.calls.values(), *stored.unfinished.values()])
    try:
        with database.read() as session:
            pages = [list_calls_page(session, CallListFilters(), "-duration", 4, offset) for offset in range(0, 20, 4)]
            by_date = list_calls_page(session, CallListFilters(), "date", 50)
            dated = list_calls_page(
                session, CallListFilters(since=dt.date(2026, 11, 19), until=dt.date(2026, 11, 21)), "-date"
            )
            late = list_calls_page(session, CallListFilters(since=dt.date(2026, 11, 27)), "-date")
            by_status = {s: list_calls_page(session, CallListFilters(status=s)) for s in STATUSES}
            voice_failed = list_calls_page(session, CallListFilters(channel="voice", status="failed"))
            upset_unfinished = list_calls_page(session, CallListFilters(end_sentiment="negative", status="queued"))
            with pytest.raises(ValueError):
                list_calls_page(session, CallListFilters(), "price")
    finally:
        database.dispose()
    ids = [row.call_id for page in pages for row in page.rows]
    assert sorted(ids) == every and all(p.total == len(every) for p in pages)
    durations = [row.duration_s for page in pages for row in page.rows]
    known = [d for d in durations if d is not None]
    # not analysed yet: no duration, listed after every analysed call
    assert known == sorted(known, reverse=True) and durations[len(known) :] == [None] * 3
    starts = [row.started_at for row in by_date.rows]
    assert starts == sorted(starts)
    assert {row.call_id for row in dated.rows} == {
        stored.calls["ui-chat-1"],
        stored.calls["ui-deposit"],
        stored.calls["ui-chat-2"],
    }
    assert {row.call_id for row in late.rows} == {stored.unfinished["queued"], stored.unfinished["processing"]}
    assert {s: [r.call_id for r in page.rows] for s, page in by_status.items() if s != "done"} == {
        s: [i] for s, i in stored.unfinished.items()
    }
    assert sorted(r.call_id for r in by_status["done"].rows) == sorted(stored.calls.values())
    (failed,) = voice_failed.rows
    assert failed.failure == ("decode", "empty_audio", "the recording holds no sound") and failed.channel == "voice"
    assert upset_unfinished.rows == []  # a filter on what only an analysis knows leaves them out


def test_a_revoked_key_ends_its_sessions_and_a_changed_cookie_is_refused(
    stored: Stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui_session, "CACHE_SECONDS", 0.0)
    database = Database(stored.database_url)
    try:
        with database.write() as session:
            row, secret = create_key(session, "leaver", ["ui:read"])
            _, writer = create_key(session, "telephony", ["calls:write"])
        sessions = Sessions(database, b"s" * 32)
        signed = sessions.sign_in(secret)
        assert signed is not None and sessions.sign_in(writer) is None
        cookie, _ = signed
        assert sessions.read(cookie) is not None
        assert sessions.read(cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")) is None
        assert Sessions(database, b"t" * 32).read(cookie) is None  # another deployment's secret
        with database.write() as session:
            revoke_key(session, row.id)
        assert sessions.read(cookie) is None
    finally:
        database.dispose()


@pytest.mark.parametrize("kind", KINDS)
def test_the_list_reads_unfinished_and_analysed_calls_alike_on_each_database(kind: str, tmp_path: Path) -> None:
    with migrated_database(kind, tmp_path) as database, database.write() as session:
        analysed = calls.create_call(
            session,
            client="test",
            kind="conversation",
            metadata=CallMetadata(agent_id="A-1", started_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)),
            extra={"channel": "email"},
        )
        calls.claim_call(session, analysed.id)
        analysis = CallAnalysis(
            duration_s=0.0,
            language="ru",
            channels=ChannelInfo(mode="text", layout=["agent", "customer"]),
            call_date=dt.date(2026, 11, 20),
            call_date_source="metadata",
            turns=[Turn(index=0, speaker="customer", start=0.0, end=0.0, text="Почему заблокировали карту?")],
        )
        calls.finish_call(session, analysed.id, analysis)
        across_calls.index_finished_call(session, analysed, analysis)
        waiting = calls.create_call(
            session,
            client="test",
            kind="conversation",
            metadata=CallMetadata(agent_id="A-1", started_at=dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)),
            extra={"channel": "email"},
        )
        recording = calls.create_call(
            session, client="test", metadata=CallMetadata(started_at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC))
        )
        calls.fail_call(session, recording.id, "decode", "not_audio", "not a recording")

        def ids(filters: CallListFilters, sort: str = "-date") -> list[str]:
            return [row.call_id for row in list_calls_page(session, filters, sort).rows]

        assert ids(CallListFilters()) == [waiting.id, recording.id, analysed.id]
        assert ids(CallListFilters(), "date") == [analysed.id, recording.id, waiting.id]
        assert ids(CallListFilters(channel="email")) == [waiting.id, analysed.id]
        assert ids(CallListFilters(channel="voice", status="failed")) == [recording.id]
        assert ids(CallListFilters(since=dt.date(2026, 11, 21), until=dt.date(2026, 11, 21))) == [recording.id]
        assert ids(CallListFilters(agent_id="A-1", status="queued")) == [waiting.id]
        rows = {row.call_id: row for row in list_calls_page(session, CallListFilters()).rows}
        assert rows[waiting.id].occurred_on == dt.date(2026, 11, 22) and rows[waiting.id].duration_s is None
        assert rows[analysed.id].status == "done"
        assert rows[recording.id].failure == ("decode", "not_audio", "not a recording")
