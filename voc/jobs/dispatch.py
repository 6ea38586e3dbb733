"""The dispatcher: the database decides what must be sent, this thread sends it.

An upload stores its call `queued` and tries to send the job at once; when that fails (the
broker is down) or never happens (the process died), the call stays `queued` and the
dispatcher sends it. Every `voc serve` and `voc worker` runs one; several can run at once,
because each call is claimed with a conditional UPDATE before it is sent
(voc/store/dispatch.py), so only one of them sends it.

Each pass first takes back the calls whose worker's lease ran out (voc/store/leases.py), so
they are sent again in the same pass, or failed after their last attempt. Every
`dead_letter_interval_s` it also reconciles the broker's dead-letter queue with the database
(voc/jobs/dead_letters.py).

While the broker or the database cannot be reached, the dispatcher waits between tries,
doubling the wait up to `dispatch_max_backoff_s`, and logs one warning per outage (no
traceback), plus one line when it answers again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from voc.config import JobSettings
from voc.jobs.background import BackgroundLoop
from voc.jobs.queue import SEND_ERRORS, BrokerUnavailable, JobQueue
from voc.store import dispatch
from voc.store.db import Database, describe_outage, is_database_outage
from voc.store.leases import Expired, expire_leases

log = logging.getLogger(__name__)


def redelivery_window(settings: JobSettings) -> dt.timedelta:
    """How long a sent message may wait before it is taken as lost: never shorter than the
    longest retry backoff plus a minute, or a retry still waiting in the broker would be doubled."""
    return dt.timedelta(seconds=max(settings.redelivery_s, settings.max_backoff_ms / 1000 + 60))


class Dispatcher(BackgroundLoop):
    """Sends the jobs of due `queued` calls; `run_once` for one pass, `start` for the thread."""

    thread_name = "voc-dispatcher"

    def __init__(self, database: Database, jobs: JobQueue, settings: JobSettings) -> None:
        super().__init__()
        self.database = database
        self.jobs = jobs
        self.settings = settings
        self.broker_down = False
        self.database_down = False
        self._next_dead_letter_check = 0.0

    def take_back_expired_leases(self) -> Expired:
        """Calls whose worker stopped renewing its lease: back to `queued` (due at once) or `failed`."""
        with self.database.write() as session:
            expired = expire_leases(
                session, max_attempts=self.settings.max_attempts, limit=self.settings.dispatch_batch
            )
        if expired.requeued:
            log.warning(
                "lease ran out on %d call(s), sending again: %s", len(expired.requeued), ", ".join(expired.requeued)
            )
        if expired.failed:
            log.warning(
                "lease ran out on the last attempt of %d call(s), failed: %s",
                len(expired.failed),
                ", ".join(expired.failed),
            )
        return expired

    def reconcile_dead_letters(self) -> int:
        """Take the dead letters off the broker; each call still `queued` is due again at once.
        The number of dead letters taken. `BrokerUnavailable` when the broker cannot be asked."""

        def requeue(call_ids: list[str]) -> None:
            with self.database.write() as session:
                for call_id in call_ids:
                    dispatch.release_dispatch(session, call_id)

        try:
            taken = self.jobs.dead_letters.take(requeue)
        except SEND_ERRORS as error:
            raise BrokerUnavailable(f"{type(error).__name__}: {error}") from error
        if taken:
            log.warning("reconciled %d dead-lettered message(s) with the database", taken)
        return taken

    def run_once(self, *, redelivery: dt.timedelta | None = None, batch: int | None = None) -> int:
        """Send the due calls, oldest first, up to `batch` (default: the configured batch); the
        number sent. `redelivery`: take messages sent longer ago than this as lost (default: the
        configured window).

        Raises `BrokerUnavailable` at the first send that fails; that call is due again at once.
        """
        self.take_back_expired_leases()
        window = redelivery_window(self.settings) if redelivery is None else redelivery
        claim = dt.timedelta(seconds=self.settings.dispatch_claim_s)
        limit = batch or self.settings.dispatch_batch
        with self.database.read() as session:
            due = dispatch.due_call_ids(session, redelivery=window, claim=claim, limit=limit)
        sent: list[str] = []
        try:
            for call_id in due:
                with self.database.write() as session:
                    if not dispatch.claim_dispatch(session, call_id, redelivery=window, claim=claim):
                        continue  # another dispatcher (or the upload itself) took it
                try:
                    self.jobs.enqueue(call_id)
                except BrokerUnavailable:
                    with self.database.write() as session:
                        dispatch.release_dispatch(session, call_id)
                    raise
                sent.append(call_id)
        finally:
            if sent:
                with self.database.write() as session:
                    dispatch.confirm_dispatch(session, sent)
                log.info("dispatcher sent %d queued call(s)", len(sent))
        return len(sent)

    def _loop(self) -> None:
        interval = self.settings.dispatch_interval_s
        wait = interval
        while not self._stop.wait(wait):
            try:
                self.run_once()
                if time.monotonic() >= self._next_dead_letter_check:
                    self.reconcile_dead_letters()
                    self._next_dead_letter_check = time.monotonic() + self.settings.dead_letter_interval_s
            except BrokerUnavailable as error:
                wait = min(max(wait * 2, 1.0), self.settings.dispatch_max_backoff_s)
                if not self.broker_down:
                    log.warning("broker unreachable, queued calls wait (retrying with backoff): %s", error)
                self.broker_down = True
                continue
            except Exception as error:
                wait = min(max(wait * 2, 1.0), self.settings.dispatch_max_backoff_s)
                if not is_database_outage(error):
                    log.exception("dispatcher pass failed")
                    continue
                if not self.database_down:
                    log.warning(
                        "dispatcher cannot reach the database (retrying with backoff): %s", describe_outage(error)
                    )
                self.database_down = True
                continue
            if self.broker_down:
                log.info("broker reachable again, dispatcher sending queued calls")
                self.broker_down = False
            if self.database_down:
                log.info("database reachable again, dispatcher running")
                self.database_down = False
            wait = interval
