"""Search and trends over stored calls, on SQLite and on PostgreSQL, with real analysed conversations."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.insights.databases import KINDS, POSTGRES_URL, migrated_database
from voc import across_calls
from voc.insights.trends import fold_trends
from voc.intake import CallMetadata
from voc.schemas import CallAnalysis, ConversationIn
from voc.stage_types import AnalyzeOptions
from voc.store import calls
from voc.store.db import Database, is_database_outage
from voc.store.erasure import erase_call_rows
from voc.store.insights import DayCount, SearchFilters

DAY = dt.date(2026, 11, 2)  # a Monday

CHATS = {
    "blocked": [
        ("agent", "Добрый день, банк слушает."),
        ("customer", "Мне вчера заблокировали карту, я не могу ничего оплатить, это ужасно."),
        ("agent", "Понимаю, сейчас разблокирую."),
    ],
    "blocked_again": [
        ("agent", "Здравствуйте."),
        ("customer", "Карта опять заблокирована, уже второй раз за неделю!"),
    ],
    "deposit": [
        ("agent", "Добрый день."),
        ("customer", "Хочу открыть вклад на полгода, какие сейчас ставки?"),
        ("agent", "Ставка по вкладу восемнадцать процентов."),
    ],
    "english": [
        ("agent", "Good morning, how can I help?"),
        ("customer", "You charged my card twice for the same purchase and I want a refund."),
    ],
}


@pytest.fixture(scope="module")
def analyses(analyzer) -> dict[str, CallAnalysis]:  # type: ignore[no-untyped-def]
    out = {}
    for name, chat in CHATS.items():
        language = "en" if name == "english" else "ru"
        conversation = ConversationIn.model_validate(
            {"language": language, "turns": [{"speaker": s, "text": t} for s, t in chat]}
        )
        out[name] = analyzer.analyze_conversation(conversation, AnalyzeOptions())
    return out


def _store(database: Database, name: str, analysis: CallAnalysis, day: dt.date, agent: str) -> str:
    started = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
    with database.write() as session:
        call = calls.create_call(
            session,
            client="test",
            kind="conversation",
            metadata=CallMetadata(external_id=f"{name}-{uuid.uuid4().hex[:6]}", agent_id=agent, started_at=started),
        )
        assert calls.claim_call(session, call.id) is not None
        assert calls.finish_call(session, call.id, analysis)
        across_calls.index_finished_call(session, call, analysis)
        return call.id


@pytest.fixture(params=KINDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with migrated_database(request.param, tmp_path) as db:
        yield db


def test_search_finds_other_word_forms_and_applies_filters(
    database: Database, analyses: dict[str, CallAnalysis]
) -> None:
    ids = {
        "blocked": _store(database, "blocked", analyses["blocked"], DAY, "A-1"),
        "blocked_again": _store(
            database, "blocked_again", analyses["blocked_again"], DAY + dt.timedelta(days=3), "A-2"
        ),
        "deposit": _store(database, "deposit", analyses["deposit"], DAY, "A-1"),
        "english": _store(database, "english", analyses["english"], DAY, "A-3"),
    }
    found = across_calls.search(database, "заблокированная карта", SearchFilters(), limit=10, offset=0)
    assert found.terms == ["заблокировать", "карта"]
    assert {hit.call_id for hit in found.items} == {ids["blocked"], ids["blocked_again"]}
    assert found.total == 2
    assert all(hit.speaker == "customer" for hit in found.items)
    assert found.items[0].call_id == ids["blocked_again"]  # newest first

    by_agent = across_calls.search(database, "карта", SearchFilters(agent_id="A-1"), limit=10, offset=0)
    assert [hit.call_id for hit in by_agent.items] == [ids["blocked"]]
    later = across_calls.search(database, "карта", SearchFilters(since=DAY + dt.timedelta(days=1)), 10, 0)
    assert [hit.call_id for hit in later.items] == [ids["blocked_again"]]
    agent_only = across_calls.search(database, "карта", SearchFilters(speaker="agent"), 10, 0)
    assert agent_only.items == []

    deposit = across_calls.search(database, "вклады", SearchFilters(), 10, 0)
    assert {hit.call_id for hit in deposit.items} == {ids["deposit"]}
    assert {hit.turn for hit in deposit.items} == {1, 2}  # "вклад" and "по вкладу"

    english = across_calls.search(database, "charges refunds", SearchFilters(), 10, 0)
    assert [hit.call_id for hit in english.items] == [ids["english"]]

    category = across_calls.search(database, "карта", SearchFilters(category="card_blocked"), 10, 0)
    assert {hit.call_id for hit in category.items} == {ids["blocked"], ids["blocked_again"]}
    assert across_calls.search(database, "карта", SearchFilters(category="deposits"), 10, 0).items == []
    assert across_calls.search(database, "слово-которого-нет", SearchFilters(), 10, 0).total == 0
    assert across_calls.search(database, "!!!", SearchFilters(), 10, 0).terms == []

    # a deleted call leaves the index with it (ON DELETE CASCADE, and on SQLite the FTS triggers)
    with database.write() as session:
        erase_call_rows(session, [calls.get_call(session, ids["blocked"])])  # type: ignore[list-item]
    after = across_calls.search(database, "карта", SearchFilters(), 10, 0)
    assert {hit.call_id for hit in after.items} == {ids["blocked_again"]}


def test_trends_count_per_category_and_agent(database: Database, analyses: dict[str, CallAnalysis]) -> None:
    for offset in range(3):
        _store(database, "blocked", analyses["blocked"], DAY + dt.timedelta(days=offset), "A-1")
    _store(database, "deposit", analyses["deposit"], DAY + dt.timedelta(days=8), "A-2")
    view = across_calls.trends(database, "category", "day", DAY, DAY + dt.timedelta(days=13))
    blocked = [b for b in view.buckets if b.key == "card_blocked"]
    assert [(b.period_start, b.count) for b in blocked] == [(DAY + dt.timedelta(days=i), 1) for i in range(3)]
    weekly = across_calls.trends(database, "agent", "week", DAY, DAY + dt.timedelta(days=13))
    assert [(b.period_start, b.key, b.count) for b in weekly.buckets] == [
        (DAY, "A-1", 3),
        (DAY + dt.timedelta(days=7), "A-2", 1),
    ]
    with pytest.raises(ValueError):
        across_calls.trends(database, "agent", "day", DAY, DAY - dt.timedelta(days=1))


def test_rebuild_indexes_calls_stored_before_insights(database: Database, analyses: dict[str, CallAnalysis]) -> None:
    with database.write() as session:
        call = calls.create_call(session, client="test", kind="conversation", metadata=CallMetadata())
        calls.claim_call(session, call.id)
        calls.finish_call(session, call.id, analyses["deposit"])
    assert across_calls.search(database, "вклад", SearchFilters(), 10, 0).items == []
    report = across_calls.rebuild_index(database)
    assert (report.calls, report.skipped) == (1, 0)
    assert len(across_calls.search(database, "вклад", SearchFilters(), 10, 0).items) == 2
    across_calls.rebuild_index(database)  # twice: replaces, does not duplicate
    assert len(across_calls.search(database, "вклад", SearchFilters(), 10, 0).items) == 2


def _day(day: int, key: str, calls_: int) -> DayCount:
    return DayCount(DAY + dt.timedelta(days=day), key, calls_, 0, 0, 0.0, 0)


def test_a_day_far_above_the_usual_level_is_a_spike_and_a_steady_key_is_not() -> None:
    rows = [_day(d, "app", 2 + d % 2) for d in range(10)] + [_day(10, "app", 19)]
    rows += [_day(d, "deposits", 20 + (d % 3)) for d in range(11)]
    buckets = fold_trends(rows, "day", DAY, DAY + dt.timedelta(days=10))
    spikes = [(b.key, (b.period_start - DAY).days) for b in buckets if b.spike]
    assert spikes == [("app", 10)]
    # a key that was absent for days counts those days as zeros: 6 calls after zeros is a spike
    sparse = fold_trends([_day(0, "fraud", 1), _day(9, "fraud", 6)], "day", DAY, DAY + dt.timedelta(days=9))
    assert [b.spike for b in sparse] == [False, True]
    # too little history: no verdict
    short = fold_trends([_day(0, "x", 1), _day(1, "x", 50)], "day", DAY, DAY + dt.timedelta(days=1))
    assert [b.spike for b in short] == [False, False] and short[1].usual is None


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_connection_lost_while_indexing_fails_the_store_as_an_outage(
    database: Database, analyses: dict[str, CallAnalysis]
) -> None:
    """Indexing runs under a savepoint so that its own failures never cost a call its result; a
    lost connection is not such a failure: the transaction around the savepoint is gone too, and
    the worker must see an outage (and wait it out) rather than a broken commit."""
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    external_id = f"lost-{uuid.uuid4().hex[:6]}"
    try:
        with pytest.raises(sa.exc.SQLAlchemyError) as raised, database.write() as session:
            call = calls.create_call(
                session, client="test", kind="conversation", metadata=CallMetadata(external_id=external_id)
            )
            assert calls.claim_call(session, call.id) is not None
            assert calls.finish_call(session, call.id, analyses["deposit"])
            backend = session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
            with admin.connect() as connection:
                connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            across_calls.index_finished_call(session, call, analyses["deposit"])
    finally:
        admin.dispose()
    assert is_database_outage(raised.value), repr(raised.value)
    with database.read() as session:
        assert calls.find_by_external_id(session, "test", external_id) is None
