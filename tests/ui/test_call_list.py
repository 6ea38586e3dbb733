"""The calls list's query (voc/store/call_list.py) and the web session (api/ui/session.py) without a
browser, over the same analysed calls as the browser tests."""

from __future__ import annotations

import datetime as dt

import pytest

from api.ui import session as ui_session
from api.ui.session import Sessions
from tests.ui.conftest import Stored
from voc.store.call_list import CallListFilters, list_analysed_calls
from voc.store.db import Database
from voc.store.keys import create_key, revoke_key


def test_paging_and_sorting_cover_every_call_once(stored: Stored) -> None:
    database = Database(stored.database_url)
    try:
        with database.read() as session:
            pages = [list_analysed_calls(session, CallListFilters(), "-duration", 2, offset) for offset in (0, 2, 4)]
            by_date = list_analysed_calls(session, CallListFilters(), "date", 50)
            dated = list_analysed_calls(
                session, CallListFilters(since=dt.date(2026, 11, 19), until=dt.date(2026, 11, 21)), "-date"
            )
            with pytest.raises(ValueError):
                list_analysed_calls(session, CallListFilters(), "price")
    finally:
        database.dispose()
    ids = [row.call_id for page in pages for row in page.rows]
    assert sorted(ids) == sorted(stored.calls.values()) and all(p.total == len(ids) for p in pages)
    durations = [row.duration_s for page in pages for row in page.rows]
    assert durations == sorted(durations, reverse=True)
    starts = [row.started_at for row in by_date.rows]
    assert starts == sorted(starts)
    assert {row.call_id for row in dated.rows} == {
        stored.calls["ui-chat-1"],
        stored.calls["ui-deposit"],
        stored.calls["ui-chat-2"],
    }
    with pytest.raises(ValueError), Database(stored.database_url).read() as session:
        list_analysed_calls(session, CallListFilters(), "price")


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
