"""The worker's side of leases: renew the leases on the calls this process is analysing.

One thread per worker process renews, every third of the lease, the leases on every call its
job threads hold (voc/store/leases.py says what a lease is). While the database cannot be
reached the renewal fails and is tried again at the next tick; the lease may run out meanwhile
and the call be taken back, which the worker learns when it stores its result (nothing is
stored twice: the store is guarded on the lease).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading

from voc.store.db import Database, describe_outage, is_database_outage
from voc.store.leases import renew_leases

log = logging.getLogger(__name__)


def worker_name() -> str:
    """A name no other process has, readable in `voc jobs status`: host, pid, a random tag."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"


class LeaseKeeper:
    def __init__(self, database: Database, lease: dt.timedelta, worker: str | None = None) -> None:
        self.database = database
        self.lease = lease
        self.worker = worker or worker_name()
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    def hold(self, call_id: str) -> None:
        with self._lock:
            self._held.add(call_id)
            if self._thread is None:
                self._stop.clear()
                self._thread = threading.Thread(target=self._loop, name="voc-lease-keeper", daemon=True)
                self._thread.start()

    def release(self, call_id: str) -> None:
        with self._lock:
            self._held.discard(call_id)

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)

    def renew(self) -> set[str]:
        """One renewal of every lease held now; the calls whose lease was lost (taken back)."""
        with self._lock:
            held = set(self._held)
        if not held:
            return set()
        with self.database.write() as session:
            kept = renew_leases(session, self.worker, held, self.lease)
        lost = held - kept
        for call_id in lost:
            log.warning("lease on %s was taken back (it ran out); this worker's result will not be stored", call_id)
            self.release(call_id)
        return lost

    def _loop(self) -> None:
        while not self._stop.wait(self.lease.total_seconds() / 3):
            with self._lock:
                if not self._held:
                    continue  # nothing to renew: nothing learnt about the database either
            try:
                self.renew()
            except Exception as error:
                if not is_database_outage(error):
                    log.exception("renewing leases failed")
                    continue
                if not self._failing:
                    log.warning(
                        "cannot renew leases, the database is unreachable (retrying): %s", describe_outage(error)
                    )
                self._failing = True
                continue
            if self._failing:
                log.info("leases renewed again, the database is reachable")
            self._failing = False
