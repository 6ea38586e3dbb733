"""The topic rebuild timer: every `VOC_INSIGHTS__REBUILD_INTERVAL_HOURS` one process rediscovers
the contact drivers over every stored call (`voc insights build`'s topics part).

Every `voc serve` with an embedded worker and every `voc worker` runs the timer; a row in
`scheduled_runs` (voc/store/scheduled_runs.py) lets exactly one of them build when the rebuild is
due, so adding workers does not add rebuilds. A process that dies mid-build holds the lease for
at most `LEASE`; then another one takes the rebuild over.
"""

from __future__ import annotations

import datetime as dt
import logging

from voc.across_calls import TopicsReport, build_topics
from voc.jobs.background import BackgroundLoop
from voc.jobs.leases import worker_name
from voc.store.db import Database
from voc.store.scheduled_runs import TOPIC_REBUILD, claim_run, finish_run

log = logging.getLogger(__name__)

LEASE = dt.timedelta(hours=2)  # far longer than a build (minutes for 10,000 calls)
CHECK_EVERY_S = 300.0  # how often a process asks whether the rebuild is due


class TopicRebuildTimer(BackgroundLoop):
    """Asks every few minutes whether the rebuild is due and free; builds when this process got it."""

    thread_name = "voc-topic-rebuild"

    def __init__(self, database: Database, interval_hours: float) -> None:
        super().__init__()
        self.database = database
        self.every = dt.timedelta(hours=interval_hours)
        self.holder = worker_name()

    def run_once(self, now: dt.datetime | None = None) -> TopicsReport | None:
        """Build if the rebuild is due and no other process holds it; None when this one did not build."""
        with self.database.write() as session:
            if not claim_run(session, TOPIC_REBUILD, self.holder, self.every, LEASE, now):
                return None
        succeeded = False
        try:
            report = build_topics(self.database)
            succeeded = True
            log.info(
                "topics rebuilt: %d contacts (%d embedded), %d topics, %d kept",
                report.contacts,
                report.embedded,
                report.topics,
                report.kept,
            )
            return report
        finally:
            with self.database.write() as session:
                finish_run(session, TOPIC_REBUILD, self.holder, succeeded, now)

    def _loop(self) -> None:
        # The first check comes a few minutes after start, not at once: a process that is started
        # and stopped again (a deploy, a test) leaves the rebuild to one that stays.
        wait = min(CHECK_EVERY_S, self.every.total_seconds())
        while not self._stop.wait(wait):
            try:
                self.run_once()
            except Exception:  # the database is away or the build failed: the next check tries again
                log.exception("topic rebuild failed; next try in %.0f s", wait)
