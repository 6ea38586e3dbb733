"""Compute routing signals under a time budget: whatever is not ready in time is skipped, not awaited.

The IVR holds a caller on the line while we think, so a late signal is worth nothing. Each signal
runs on a shared thread pool; at the deadline we take what finished and name what did not.
A signal that raises is skipped with its error's message: the caller still gets an answer.

Deadlines are read on a `Clock` (seconds, monotonic; `time.perf_counter` unless the caller gives
another): tests pass one they control, so what they check does not depend on the machine's speed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

DEFAULT_BUDGET_MS = 800
MAX_BUDGET_MS = 8000  # IVR platforms give a webhook 3-8 s at most

Clock = Callable[[], float]

log = logging.getLogger(__name__)


@dataclass
class BudgetResult:
    values: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # signal name -> why
    elapsed_ms: float = 0.0


class SignalRunner:
    """Runs named signal functions concurrently, each either done within the budget or skipped."""

    def __init__(self, workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="route-signal")

    def start(self, tasks: Mapping[str, Callable[[], Any]]) -> dict[Future[Any], str]:
        return {self._pool.submit(fn): name for name, fn in tasks.items()}

    def run(
        self, tasks: Mapping[str, Callable[[], Any]], budget_ms: float, clock: Clock = time.perf_counter
    ) -> BudgetResult:
        began = clock()
        result = self.collect(self.start(tasks), began + budget_ms / 1000.0, budget_ms, clock=clock)
        result.elapsed_ms = round((clock() - began) * 1000.0, 2)
        return result

    def collect(
        self,
        futures: dict[Future[Any], str],
        deadline: float,
        budget_ms: float,
        into: BudgetResult | None = None,
        clock: Clock = time.perf_counter,
    ) -> BudgetResult:
        """Wait for started signals until `deadline` (a time on `clock`); skip the rest.

        Whatever finished by the time the deadline is noticed still counts, even if this thread
        was slow to notice it.
        """
        result = into if into is not None else BudgetResult()
        pending = set(futures)
        while pending:
            left = deadline - clock()
            done, pending = wait(pending, timeout=max(left, 0.0), return_when=FIRST_COMPLETED)
            for future in done:
                _take(futures[future], future, result)
            if left <= 0:
                break
        for future in pending:
            future.cancel()  # a signal already running finishes in the background; its answer is dropped
            result.skipped[futures[future]] = f"not ready within the {budget_ms:g} ms budget"
        return result

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


async def collect_async(
    futures: Mapping[asyncio.Future[Any] | Future[Any], str],
    deadline: float,
    budget_ms: float,
    into: BudgetResult,
    clock: Clock = time.perf_counter,
) -> BudgetResult:
    """`SignalRunner.collect` for an event loop: awaits the started signals (thread futures or
    the loop's own tasks) until `deadline`, a time on `clock`."""
    waiting = {asyncio.wrap_future(future): name for future, name in futures.items()}
    pending = set(waiting)
    while pending and (left := deadline - clock()) > 0:
        _, pending = await asyncio.wait(pending, timeout=left)
    for future, name in waiting.items():
        if future.done():
            _take(name, future, into)
        else:
            future.cancel()  # a thread's signal that already runs finishes unheard; a task stops here
            into.skipped[name] = f"not ready within the {budget_ms:g} ms budget"
    return into


def run_inline(tasks: Mapping[str, Callable[[], Any]]) -> BudgetResult:
    """Signals cheap and bounded enough to compute in the caller's thread; failures are skipped."""
    result = BudgetResult()
    for name, fn in tasks.items():
        try:
            result.values[name] = fn()
        except Exception as err:
            _skip(name, err, result)
    return result


def _take(name: str, future: Future[Any] | asyncio.Future[Any], result: BudgetResult) -> None:
    if future.cancelled():  # the service is shutting down under it
        result.skipped[name] = "cancelled"
        return
    err = future.exception()
    if err is None:
        result.values[name] = future.result()
    else:
        _skip(name, err, result)


def _skip(name: str, err: BaseException, result: BudgetResult) -> None:
    message = getattr(err, "message", None) or str(err) or type(err).__name__
    message = message.strip().splitlines()[0]  # database errors append a paragraph of background
    log.warning("routing signal %s skipped: %s", name, message)
    log.debug("routing signal %s failed", name, exc_info=err)
    result.skipped[name] = message


def clamp_budget_ms(requested: float | None, default_ms: float = DEFAULT_BUDGET_MS) -> float:
    if requested is None:
        return float(default_ms)
    return float(min(max(requested, 1.0), MAX_BUDGET_MS))
