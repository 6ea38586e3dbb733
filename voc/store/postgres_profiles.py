"""The lean profile lookup on PostgreSQL, awaited on an event loop (the API's, for IVR routing).

The synchronous lookup (`DatabaseProfiles.find`) needs a thread of its own, and SQLAlchemy's
transaction wraps its two queries in BEGIN and ROLLBACK: four round trips and two thread
hand-offs per caller. Here the same statements, compiled once for PostgreSQL, run on psycopg's
own asyncio connections in autocommit, both queries in one pipelined round trip, no thread; a
lookup that outlives the request's budget is simply cancelled with its task.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from voc.store.profiles import (
    CUSTOMER_BY_ANI,
    CUSTOMER_TASKS,
    RECENT_CONTACTS_OF,
    LeanProfile,
    lean_profile_from_rows,
)


class _Compiled:
    """A statement as psycopg takes it: SQL text with named placeholders, and its fixed values."""

    def __init__(self, statement: Select[Any]) -> None:
        compiled = statement.compile(dialect=postgresql.psycopg.dialect())
        self.sql = str(compiled)
        self.fixed = {k: v for k, v in compiled.params.items() if v is not None}  # the LIMIT values

    def params(self, **values: Any) -> dict[str, Any]:
        return {**self.fixed, **values}


class AsyncPostgresProfiles:
    """`find_async`, the lean profile as `DatabaseProfiles.find` reads it; the connection pool opens at
    `open()` or on the first lookup. The server cancels a query after `give_up_ms`."""

    def __init__(self, database_url: str, give_up_ms: int, max_connections: int = 8, kept_open: int = 2) -> None:
        from psycopg.rows import namedtuple_row
        from psycopg_pool import AsyncConnectionPool

        conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._by_ani = _Compiled(CUSTOMER_BY_ANI)
        self._contacts = _Compiled(RECENT_CONTACTS_OF)
        self._tasks = _Compiled(CUSTOMER_TASKS)
        self._give_up_ms = int(give_up_ms)
        self._pool = AsyncConnectionPool(
            conninfo,
            min_size=kept_open,
            max_size=max_connections,
            open=False,
            kwargs={"autocommit": True, "row_factory": namedtuple_row},
            configure=self._configure,
            timeout=give_up_ms / 1000,
        )
        self._opened = False
        self._opening = asyncio.Lock()

    async def _configure(self, connection: Any) -> None:
        # The server cancels a query that outlives the longest budget: a sick database must not
        # collect the lookups of callers who were answered long ago.
        await connection.execute(f"SET statement_timeout = {self._give_up_ms}")

    async def _open(self) -> None:
        async with self._opening:
            if not self._opened:
                await self._pool.open()  # connects in the background
                self._opened = True

    async def open(self, timeout_s: float = 10.0) -> None:
        """Connect before the first caller (the service's start-up); a lookup would open it anyway."""
        await self._open()
        await self._pool.wait(timeout=timeout_s)

    async def find_async(self, customer_id: str | None, ani: str | None) -> LeanProfile | None:
        if not self._opened:
            await self._open()
        async with self._pool.connection() as connection:
            if not customer_id and ani:
                row = await (await connection.execute(self._by_ani.sql, self._by_ani.params(ani=ani))).fetchone()
                customer_id = row.customer_id if row else None
            if not customer_id:
                return None
            # Both queries in one round trip: on a busy machine every wait for the server's turn counts.
            async with connection.pipeline():
                contacts = await connection.execute(self._contacts.sql, self._contacts.params(customer_id=customer_id))
                tasks = await connection.execute(self._tasks.sql, self._tasks.params(customer_id=customer_id))
            newest_first = await contacts.fetchall()
            task_rows = await tasks.fetchall()
        if not newest_first:
            return None
        return lean_profile_from_rows(customer_id, newest_first, task_rows)

    async def close(self) -> None:
        if self._opened:
            await self._pool.close()
            self._opened = False
