"""The databases insights tests run on: a SQLite file, and a fresh schema on the local PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from voc.store.db import Database
from voc.store.migrate import upgrade_database

POSTGRES_URL = os.environ.get("VOC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
KINDS = ["sqlite", "postgresql"]


@contextmanager
def migrated_database(kind: str, folder: Path) -> Iterator[Database]:
    """An empty database at the newest migration; PostgreSQL tests skip when it is not reachable."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'voc.sqlite3'}"
        upgrade_database(url)
        db = Database(url)
        try:
            yield db
        finally:
            db.dispose()
        return
    schema = f"insights_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        upgrade_database(url)
        db = Database(url)
        try:
            yield db
        finally:
            db.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
