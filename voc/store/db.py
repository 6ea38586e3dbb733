"""Engines and transactions for SQLite (embedded default) and PostgreSQL (scale-out).

`Database.write()` is a transaction that will change rows; `Database.read()` only reads.
On SQLite a write transaction starts with BEGIN IMMEDIATE so two writers queue on the
busy timeout instead of failing when a read lock cannot be upgraded; reads stay deferred
and, with WAL, never block the writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from voc.store.file_modes import make_private_sqlite_file

BUSY_TIMEOUT_MS = 30_000
# What SQLAlchemy raises when the database cannot be reached or the connection broke: worth
# waiting out, unlike a constraint or a programming error.
OUTAGE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


def is_database_outage(error: BaseException) -> bool:
    if isinstance(error, OUTAGE_ERRORS):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def connection_lost(error: BaseException) -> bool:
    """Whether `error` broke the connection itself, so the whole transaction around it is gone
    (unlike a failed statement, which a savepoint can roll back and the transaction outlive)."""
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def describe_outage(error: BaseException) -> str:
    """One line for a log: SQLAlchemy's own messages run on with the SQL and a help link."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


def _json_text(value: Any) -> str:
    """JSON columns as readers see them: Cyrillic as itself, not \\u escapes (the feed hands the
    stored text on unparsed, so this is what a CRM receives inside an event's `data`)."""
    return json.dumps(value, ensure_ascii=False)


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_engine(url: str, *, immediate: bool, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        make_private_sqlite_file(Path(path))
    engine = create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        json_serializer=_json_text,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free space for anyone with the
        # file to read back: erasure and retention depend on it (voc/store/erasure.py).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = _is_sqlite(url)
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, immediate=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
        else:
            self.engine = create_engine(
                url, pool_size=10, max_overflow=20, pool_pre_ping=True, json_serializer=_json_text
            )
            self.read_engine = self.engine
        self._extra_engines: list[Engine] = []
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def impatient_read_engine(self, give_up_ms: int) -> Engine:
        """An engine for reads on a caller's clock, that give up after `give_up_ms` instead of waiting.

        SQLite: a locked file is waited on for `give_up_ms`, not the shared engines' 30 s.
        PostgreSQL: a statement is cancelled by the server after `give_up_ms`, and connections
        are not pinged on every checkout (a dead one fails that one read, and is replaced).
        """
        if self.is_sqlite:
            engine = _sqlite_engine(self.url, immediate=False, busy_timeout_ms=give_up_ms)
        else:
            engine = create_engine(self.url, pool_size=8, max_overflow=8, pool_recycle=1800, json_serializer=_json_text)

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_connection: Any, _record: Any) -> None:
                with dbapi_connection.cursor() as cursor:
                    cursor.execute(f"SET statement_timeout = {int(give_up_ms)}")
                dbapi_connection.commit()

        self._extra_engines.append(engine)
        return engine

    def dispose(self) -> None:
        for engine in self._extra_engines:
            engine.dispose()
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
