"""`voc keys create|list|revoke` and `voc db upgrade` against a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voc.cli import app
from voc.config import get_settings
from voc.store.db import Database
from voc.store.keys import authenticate


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("VOC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("VOC_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_keys_lifecycle(data_dir: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(app, ["keys", "create", "--name", "crm", "--scopes", "results:read,route:invoke"])
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    database = Database(f"sqlite:///{data_dir / 'voc.sqlite3'}")
    with database.read() as session:
        principal = authenticate(session, secret)
    assert principal is not None and principal.name == "crm"
    assert principal.allows("route:invoke") and not principal.allows("calls:write")

    listing = runner.invoke(app, ["keys", "list"]).output
    assert principal.key_id in listing and "active" in listing and secret not in listing
    assert runner.invoke(app, ["keys", "revoke", principal.key_id]).exit_code == 0
    with database.read() as session:
        assert authenticate(session, secret) is None
    database.dispose()
    assert "revoked" in runner.invoke(app, ["keys", "list"]).output

    bad = runner.invoke(app, ["keys", "create", "--name", "x", "--scopes", "calls:write,everything"])
    assert bad.exit_code == 2 and "everything" in bad.output
    assert runner.invoke(app, ["keys", "revoke", "nope"]).exit_code == 1
