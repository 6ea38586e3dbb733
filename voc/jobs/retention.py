"""The retention timer: every `VOC_RETENTION__INTERVAL_S` it purges what is older than the
configured days (voc/store/retention.py says what and how several processes share the work).

Every `voc serve` and `voc worker` runs one when `VOC_RETENTION__AUDIO_DAYS` or
`VOC_RETENTION__RESULTS_DAYS` is set; `voc retention run` does one pass now.
"""

from __future__ import annotations

import logging
import threading

from voc.config import RetentionSettings
from voc.store.blobs import Blobs
from voc.store.db import Database
from voc.store.retention import purge_expired
from voc.views import ErasureReport

log = logging.getLogger(__name__)


class RetentionTimer:
    """Runs `purge_expired` now and then every `interval_s`, on a daemon thread, until `stop`."""

    def __init__(self, database: Database, blobs: Blobs, settings: RetentionSettings) -> None:
        self.database = database
        self.blobs = blobs
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> list[ErasureReport]:
        return purge_expired(self.database, self.blobs, self.settings)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="voc-retention", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        wait = 0.0  # the first pass at start: a server that was down a week catches up at once
        while not self._stop.wait(wait):
            wait = self.settings.interval_s
            try:
                self.run_once()
            except Exception:  # the database or blob store is away: the next pass tries again
                log.exception("retention pass failed; next try in %.0f s", wait)
