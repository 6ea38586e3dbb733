"""The retention timer: every `VOC_RETENTION__INTERVAL_S` it purges what is older than the
configured days (voc/store/retention.py says what and how several processes share the work).

Every `voc serve` and `voc worker` runs one when `VOC_RETENTION__AUDIO_DAYS` or
`VOC_RETENTION__RESULTS_DAYS` is set; `voc retention run` does one pass now.
"""

from __future__ import annotations

import logging

from voc.config import RetentionSettings
from voc.jobs.background import BackgroundLoop
from voc.store.blobs import Blobs
from voc.store.db import Database
from voc.store.retention import purge_expired
from voc.views import ErasureReport

log = logging.getLogger(__name__)


class RetentionTimer(BackgroundLoop):
    """Runs `purge_expired` now and then every `interval_s`, on a daemon thread, until `stop`."""

    thread_name = "voc-retention"

    def __init__(self, database: Database, blobs: Blobs, settings: RetentionSettings) -> None:
        super().__init__()
        self.database = database
        self.blobs = blobs
        self.settings = settings

    def run_once(self) -> list[ErasureReport]:
        return purge_expired(self.database, self.blobs, self.settings)

    def _loop(self) -> None:
        wait = 0.0  # the first pass at start: a server that was down a week catches up at once
        while not self._stop.wait(wait):
            wait = self.settings.interval_s
            try:
                self.run_once()
            except Exception:  # the database or blob store is away: the next pass tries again
                log.exception("retention pass failed; next try in %.0f s", wait)
