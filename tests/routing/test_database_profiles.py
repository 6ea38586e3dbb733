"""The router reading customer facts from the service's real store (SQLite here, PostgreSQL below),
through the store's lookups (voc.store.profiles, voc.store.postgres_profiles) and routing's adapters."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.routing.helpers import ManualClock
from tests.routing.history import seed_customer_with_history
from tests.routing.test_live import keyword_text_engine
from voc.routing.budget import MAX_BUDGET_MS
from voc.routing.live import LiveRouter, RouteEngines, RouteRequest
from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyStore
from voc.routing.profiles import StoredProfiles, awaited_profiles
from voc.routing.signals import CustomerFacts
from voc.store.db import BUSY_TIMEOUT_MS, Database
from voc.store.migrate import upgrade_database
from voc.store.postgres_profiles import AsyncPostgresProfiles
from voc.store.profiles import DatabaseProfiles

TODAY = dt.date.today()
POSTGRES_URL = os.environ.get("VOC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    path = tmp_path / "voc.sqlite3"
    url = f"sqlite:///{path}"
    upgrade_database(url)
    database = Database(url)
    seed_customer_with_history(database, "C-9", TODAY, "+70000000009")
    yield database, path
    database.dispose()


class ThreadNoting(StoredProfiles):
    """The real lookup, noting which thread ran it."""

    threads: list[threading.Thread]

    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        self.threads.append(threading.current_thread())
        return super().find(customer_id, ani, today)


def test_sqlite_profiles_are_read_in_the_requests_own_thread(store: tuple[Database, Path]) -> None:
    database, _ = store
    stored = DatabaseProfiles(database, server_timeout_ms=MAX_BUDGET_MS)
    assert stored.answers_inline
    profiles = ThreadNoting(stored)
    profiles.threads = []
    router = LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH),
        profiles,
        RouteEngines(text=keyword_text_engine, text_is_fast=True),
        profiles_inline=stored.answers_inline,
    )

    async def route() -> tuple[object, threading.Thread]:
        answer = await router.route_async(RouteRequest(ani="+70000000009", ivr_text="хочу узнать про вклад"))
        return answer, threading.current_thread()

    try:
        answer, loop_thread = asyncio.run(route())
    finally:
        router.close()
    assert profiles.threads == [loop_thread]
    assert not answer.degraded, answer.skipped  # type: ignore[attr-defined]
    assert answer.decision.queue == "deposits"  # type: ignore[attr-defined]  # a deposit ends in 5 days
    assert answer.context["known_customer"] is True  # type: ignore[attr-defined]


def test_a_locked_sqlite_store_costs_the_caller_the_profile_not_the_call(store: tuple[Database, Path]) -> None:
    database, path = store
    router = LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH),
        StoredProfiles(DatabaseProfiles(database, server_timeout_ms=MAX_BUDGET_MS)),
        RouteEngines(text=keyword_text_engine, text_is_fast=True),
        profiles_inline=True,
    )
    database.dispose()  # nobody else holds the file open, so the lock below can be taken
    locker = sqlite3.connect(path, isolation_level=None)
    try:
        locker.execute("PRAGMA locking_mode=EXCLUSIVE")
        locker.execute("BEGIN EXCLUSIVE")
        began = time.perf_counter()
        answer = router.route(RouteRequest(customer_id="C-9", ivr_text="я уйду к конкурентам"))
        took = time.perf_counter() - began
    finally:
        locker.close()
        router.close()
    # Gives up after DatabaseProfiles.LOCKED_READ_GIVE_UP_MS (50 ms), not after the 30 s writers wait:
    # the bound is far from both, so a busy machine cannot blur the difference.
    assert took < BUSY_TIMEOUT_MS / 1000 / 2
    assert answer.degraded
    assert answer.skipped["profile"] == "(sqlite3.OperationalError) database is locked"
    assert answer.context["known_customer"] is False
    assert answer.decision.queue == "general"  # a caller who cannot be looked up gets the default queue


@pytest.fixture
def postgres_store() -> Iterator[tuple[Database, str]]:
    schema = f"route_profiles_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        upgrade_database(url)
        database = Database(url)
        seed_customer_with_history(database, "C-9", TODAY, "+70000000009")
        yield database, url
        database.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.scaleout
def test_postgres_profiles_run_on_the_signal_threads_and_the_server_bounds_them(
    postgres_store: tuple[Database, str],
) -> None:
    database, _ = postgres_store
    profiles = DatabaseProfiles(database, server_timeout_ms=MAX_BUDGET_MS)
    assert not profiles.answers_inline
    router = LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH),
        StoredProfiles(profiles),
        RouteEngines(text=keyword_text_engine, text_is_fast=True),
        profiles_inline=profiles.answers_inline,
        clock=ManualClock(),  # stands still: the budget cannot run out before the lookup answers
    )
    try:
        answer = router.route(RouteRequest(ani="+70000000009", ivr_text="хочу узнать про вклад"))
    finally:
        router.close()
    assert not answer.degraded, answer.skipped
    assert answer.decision.queue == "deposits"
    with profiles._engine.connect() as connection:
        assert connection.execute(sa.text("SHOW statement_timeout")).scalar() == f"{MAX_BUDGET_MS // 1000}s"


class NoThreadedLookups:
    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        raise AssertionError("route_async must await the PostgreSQL lookup, not run it on a thread")


@pytest.mark.scaleout
def test_postgres_lookup_is_awaited_on_the_event_loop(postgres_store: tuple[Database, str]) -> None:
    database, url = postgres_store
    lookups = AsyncPostgresProfiles(url, MAX_BUDGET_MS)
    clock = ManualClock()  # stands still unless the test moves it: the budget runs out when the test says
    router = LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH),
        NoThreadedLookups(),
        RouteEngines(text=keyword_text_engine, text_is_fast=True),
        profiles_async=awaited_profiles(lookups),
        clock=clock,
    )

    async def scenario() -> None:
        try:
            by_ani = await router.route_async(RouteRequest(ani="+70000000009", ivr_text="хочу узнать про вклад"))
            assert not by_ani.degraded, by_ani.skipped
            assert by_ani.decision.queue == "deposits"
            # The same profile as the synchronous lookup: one aggregation, two drivers.
            synchronous = DatabaseProfiles(database, server_timeout_ms=MAX_BUDGET_MS)
            assert await lookups.find_async("C-9", None) == synchronous.find("C-9", None)

            stranger = await router.route_async(RouteRequest(customer_id="C-nobody", ivr_text="алло"))
            assert stranger.skipped == {"profile": "no customer matches this caller"}
            assert stranger.decision.queue == "general"

            # A migration holding the table until the caller is answered: the lookup waits, the caller
            # does not. The budget runs out as soon as the router awaits (the test moves its clock);
            # had it waited for the lookup instead, the server would have cancelled the query after
            # MAX_BUDGET_MS and the answer would name that error.
            locker = sa.create_engine(url)
            with locker.connect() as connection:
                connection.execute(sa.text("LOCK TABLE calls IN ACCESS EXCLUSIVE MODE"))
                asyncio.get_running_loop().call_soon(clock.advance, 0.2)
                held = await router.route_async(RouteRequest(customer_id="C-9", ivr_text="алло", budget_ms=150))
                connection.rollback()
            locker.dispose()
            assert held.skipped == {"profile": "not ready within the 150 ms budget"}
            assert held.elapsed_ms >= 150
            after = await router.route_async(RouteRequest(customer_id="C-9", ivr_text="хочу узнать про вклад"))
            assert not after.degraded and after.decision.queue == "deposits"  # the pool survived the cancel

            async with lookups._pool.connection() as connection:
                timeout = await (await connection.execute("SHOW statement_timeout")).fetchone()
            assert timeout is not None and timeout[0] == f"{MAX_BUDGET_MS // 1000}s"
        finally:
            await lookups.close()
            router.close()

    asyncio.run(scenario())
