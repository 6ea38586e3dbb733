"""CPU priority of a worker process: analysis is batch work that must not slow a waiting caller.

On a machine that also serves the API, a Whisper decode on every core would otherwise delay the
IVR's routing requests (and every other request) by whole scheduler slices. Linux's SCHED_IDLE
gives the worker only the CPU time nothing else wants; elsewhere, or when it is refused, a
positive niceness is the fallback.
"""

from __future__ import annotations

import logging
import os

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
