"""Rows written on a background thread, in batches, so a request never waits on the database for them.

The routing decision log and the audit trail are written this way: at an IVR's request rate, or a
CRM's polling rate, one transaction per row would cost more CPU than the request itself. A batch is
written when `max_batch` rows are waiting or `linger_s` after its first row. `flush()` waits until
everything submitted so far is stored (tests, shutdown); `close()` stores what is left and stops.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Row = dict[str, Any]


class BatchWriter:
    def __init__(
        self, write: Callable[[list[Row]], None], *, name: str, max_batch: int = 200, linger_s: float = 0.25
    ) -> None:
        self.write = write
        self.name = name
        self.max_batch = max_batch
        self.linger_s = linger_s
        self._queue: queue.Queue[Row | None] = queue.Queue(maxsize=10000)
        self._flushing = threading.Event()
        self._thread = threading.Thread(target=self._drain, name=f"{name.replace(' ', '-')}-writer", daemon=True)
        self._thread.start()

    def submit(self, row: Row) -> None:
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            log.error("%s is backed up; a row was not stored: %s", self.name, row.get("id", "(no id)"))

    def flush(self) -> None:
        self._flushing.set()
        try:
            self._queue.join()
        finally:
            self._flushing.clear()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _drain(self) -> None:
        while True:
            batch = self._next_batch()
            rows = [r for r in batch if r is not None]
            try:
                if rows:
                    self.write(rows)
            except Exception:
                log.exception("could not store %d %s", len(rows), self.name)
            finally:
                for _ in batch:
                    self._queue.task_done()
            if any(r is None for r in batch):
                return

    def _next_batch(self) -> list[Row | None]:
        first = self._queue.get()
        batch = [first]
        written_by = time.monotonic() + self.linger_s
        while first is not None and len(batch) < self.max_batch:
            left = written_by - time.monotonic()
            if left <= 0 or self._flushing.is_set():
                break
            try:
                item = self._queue.get(timeout=min(left, 0.05))
            except queue.Empty:
                continue
            batch.append(item)
            if item is None:
                break
        while len(batch) < self.max_batch and batch[-1] is not None:  # whatever else is already waiting
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch
