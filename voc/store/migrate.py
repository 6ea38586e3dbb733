"""Run the Alembic migrations that ship inside the package (`voc db upgrade`, and at serve start)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from voc.store.file_modes import make_private_sqlite_file

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats % as interpolation; URLs may carry %-escapes.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str, revision: str = "head") -> None:
    if database_url.startswith("sqlite") and "///" in database_url:
        path = database_url.split("///", 1)[1]
        if path and path != ":memory:":
            make_private_sqlite_file(Path(path))
    command.upgrade(alembic_config(database_url), revision)
