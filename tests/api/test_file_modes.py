"""What the service writes to disk is readable by its own user only: folders 700, files 600
(issue 14: the SQLite files were created 644 and the folders 755)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.api.conftest import Api
from tests.api.test_uploads import post_call
from voc.store.db import Database


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_the_data_folder_and_everything_in_it_are_private(api: Api, clip: bytes) -> None:
    assert post_call(api, clip, {"external_id": "m1"}).status_code == 202
    conversation = {"external_id": "m2", "turns": [{"speaker": "customer", "text": "добрый день"}]}
    assert api.client.post("/v1/conversations", headers=api.admin, json=conversation).status_code == 202

    found = modes(api.deploy.data_dir)
    names = set(found)
    assert {"voc.sqlite3", "voc.sqlite3-wal", "voc.sqlite3-shm"} <= names
    assert sum(name.startswith("blobs/") and len(Path(name).parts) == 4 for name in names) == 2
    for name, mode in found.items():
        is_dir = (api.deploy.data_dir / name).is_dir()
        assert mode == (0o700 if is_dir else 0o600), f"{name}: {oct(mode)}"


def test_an_older_world_readable_database_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "old" / "voc.sqlite3"
    path.parent.mkdir()
    os.chmod(path.parent, 0o755)
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    database = Database(f"sqlite:///{path}")
    try:
        with database.write() as session:
            session.connection().exec_driver_sql("CREATE TABLE t (x INTEGER)")
    finally:
        database.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o755, "a folder the operator made is left as it was"
