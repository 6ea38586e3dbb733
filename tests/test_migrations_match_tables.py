"""The shipped migrations build exactly the tables the code declares (voc/store/tables.py).

A change to a table without its migration works in tests that create tables from the code, and
breaks only on a deployment upgraded with `voc db upgrade`; this compares the two on both databases.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.insights.databases import KINDS, migrated_database
from voc.store.tables import Base

# Full-text search lives outside the declared tables: SQLite's FTS5 virtual table (and the shadow
# tables SQLite makes for it) and PostgreSQL's expression index on the lemmas, both made by the
# insights migration itself.
SEARCH_OBJECTS = ("turn_search_fts", "ix_turn_search_lemmas")


def _differences(kind: str, folder: Path) -> list[object]:
    # Alembic cannot compare expression indexes (the call list's coalesce) and warns that it skips them.
    with (
        migrated_database(kind, folder) as database,
        database.engine.connect() as connection,
        warnings.catch_warnings(),
    ):
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        found = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    return [
        difference
        for difference in found
        if not (isinstance(difference, tuple) and any(name in str(difference[1]) for name in SEARCH_OBJECTS))
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_the_migrations_build_the_declared_tables(kind: str, tmp_path: Path) -> None:
    assert _differences(kind, tmp_path) == []
