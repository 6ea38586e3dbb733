"""A service part that works on a thread of its own until it is stopped (the dispatcher, retention)."""

from __future__ import annotations

import threading


class BackgroundLoop:
    """`start()` runs `_loop` on a daemon thread named `thread_name`; `stop()` sets `_stop` and
    joins. `_loop` waits on `self._stop` between passes, so a stop ends the wait at once."""

    thread_name = "voc-background"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        raise NotImplementedError
