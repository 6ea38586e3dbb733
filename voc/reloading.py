"""A configuration file that is validated at load and reloaded when it changes.

The routing policy and the category rules are both files an operator edits while voc runs. A
file that fails validation at reload is not used: the last good version stays in force and
`status().last_error` (and the log) say why. Without a watcher, `current()` stats the file at
most every `check_interval_s` and reloads it in the caller's thread; a service starts a watcher
thread instead (`watch()`), so a request never parses the file.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadStatus:
    policy_version: str  # the version of what is in use (named for the routing policy, its first user)
    source: str
    last_error: str | None  # why the file on disk is not what is in use, if it is not


class ReloadingFile(Generic[T]):
    """Holds what `load(path)` returned and loads it again when the file's size or time changes.

    `load` raises one of `errors` for a file that does not validate; an invalid file at start is
    fatal (the exception propagates), later ones are logged and kept out.
    """

    def __init__(
        self,
        path: Path,
        load: Callable[[Path], T],
        version_of: Callable[[T], str],
        errors: tuple[type[Exception], ...],
        what: str,
        check_interval_s: float = 1.0,
        thread_name: str | None = None,
    ) -> None:
        self.path = path
        self.check_interval_s = check_interval_s
        self._load = load
        self._version_of = version_of
        self._errors = errors
        self._what = what
        self._thread_name = thread_name or f"{what.replace(' ', '-')}-watcher"
        self._value = load(path)
        self._stamp = self._file_stamp()
        self._checked_at = time.monotonic()
        self._last_error: str | None = None
        self._lock = threading.Lock()
        self._watching = threading.Event()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def watch(self) -> None:
        """Check the file every `check_interval_s` on a thread of its own, until `stop_watching()`."""
        if self._watcher is not None:
            return
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, name=self._thread_name, daemon=True)
        self._watching.set()
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None
        self._watching.clear()

    def _watch(self) -> None:
        while not self._stop.wait(self.check_interval_s):
            try:
                self.reload_if_changed()
            except Exception:  # a watcher that dies would freeze the file silently
                log.exception("%s watcher: check failed", self._what)

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def current(self) -> T:
        if not self._watching.is_set() and time.monotonic() - self._checked_at >= self.check_interval_s:
            self.reload_if_changed()
        return self._value

    def reload_if_changed(self) -> ReloadStatus:
        with self._lock:
            self._checked_at = time.monotonic()
            stamp = self._file_stamp()
            if stamp != self._stamp:
                self._stamp = stamp
                self._try_reload()
            return self.status()

    def _try_reload(self) -> None:
        old = self._version_of(self._value)
        try:
            value = self._load(self.path)
        except self._errors as err:
            self._last_error = f"kept {self._what} {old}: {err}"
            log.warning("%s reload rejected: %s", self._what, self._last_error)
            return
        new = self._version_of(value)
        if new != old:
            log.info("%s reloaded: %s -> %s", self._what, old, new)
        self._value = value
        self._last_error = None

    def status(self) -> ReloadStatus:
        return ReloadStatus(self._version_of(self._value), str(self.path), self._last_error)
