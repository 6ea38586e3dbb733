"""CPU priority of a worker process: analysis is batch work that must not slow a waiting caller.

On a machine that also serves the API, a Whisper decode on every core would otherwise delay the
IVR's routing requests (and every other request) by whole scheduler slices. Linux's SCHED_IDLE
gives the worker only the CPU time nothing else wants; elsewhere, or when it is refused, a
positive niceness is the fallback.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def lower_cpu_priority(nice: int, idle: bool) -> str:
    """Apply to the calling process before it starts threads (they inherit it); says what was applied."""
    if idle and hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return "idle CPU scheduling (SCHED_IDLE)"
        except OSError as err:
            log.warning("could not switch the worker to idle CPU scheduling (%s); using nice %d", err, nice)
    if nice:
        os.nice(nice)
        return f"nice {nice}"
    return "normal CPU priority"


def in_lowered_thread(nice: int, work: Callable[[str], None]) -> Callable[[str], None]:
    """`work`, run at `nice` in whichever thread calls it (Linux sets niceness per thread).

    For the worker inside the API process: the threads its models start inherit it, while the
    API's own threads keep theirs. Idle scheduling is not used here: a thread holding Python's
    global lock at idle priority could keep the API's threads waiting on it.
    """
    lowered = threading.local()

    def run(call_id: str) -> None:
        if nice and not getattr(lowered, "done", False):
            lowered.done = True
            try:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
            except (AttributeError, OSError) as err:  # not Linux, or not allowed
                log.warning("could not lower the embedded worker's CPU priority: %s", err)
        work(call_id)

    return run
