"""What the service stores on disk (the SQLite database, recordings, conversation payloads) is
readable by the service's own user only: folders it creates are 700, files 600.

Set explicitly rather than through the process's umask, which belongs to whoever started it. A
folder that already exists is left as it is (an operator may have shared it on purpose); the
database file and its -wal and -shm companions are narrowed to 600 at every start, since older
versions created them 644.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def make_private_dir(path: Path) -> None:
    """Create `path` and any missing parents as 700."""
    missing: list[Path] = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # another process made it first
            continue
        os.chmod(created, PRIVATE_DIR)


def make_private_sqlite_file(path: Path) -> None:
    """Create the database file as 600 before SQLite opens it (SQLite gives its -wal and -shm files
    the database file's mode), and narrow an existing one and its companions to 600."""
    make_private_dir(path.parent)
    # Never open an existing database here: closing any descriptor of a file drops every POSIX
    # lock this process holds on it, including SQLite's own, which corrupts a database another
    # connection of this process has open ("disk I/O error").
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process created it first
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, PRIVATE_FILE))
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)):
        try:
            if stat.S_IMODE(file.stat().st_mode) & 0o077:
                os.chmod(file, PRIVATE_FILE)
        except FileNotFoundError:
            continue
