"""The worker yields the CPU to the API: idle scheduling for `voc worker`, a nicer thread when embedded."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from voc.jobs.priority import in_lowered_thread

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")


@linux_only
@pytest.mark.parametrize(
    ("nice", "idle", "check", "expected"),
    [
        # idle scheduling for a `voc worker` process
        (10, True, "os.sched_getscheduler(0) == os.SCHED_IDLE", ["idle CPU scheduling (SCHED_IDLE)", "True"]),
        # without it, the process is niced
        (7, False, "os.nice(0) - before", ["nice 7", "7"]),
    ],
)
def test_a_worker_process_lowers_its_cpu_priority(nice: int, idle: bool, check: str, expected: list[str]) -> None:
    code = (
        "import os; from voc.jobs.priority import lower_cpu_priority; before = os.nice(0); "
        f"print(lower_cpu_priority({nice}, idle={idle})); print({check})"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == expected


@linux_only
def test_the_embedded_worker_lowers_only_its_own_thread() -> None:
    seen: list[int] = []

    def job(call_id: str) -> None:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    main_before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    worker = threading.Thread(target=lambda: [in_lowered_thread(5, job)(c) for c in ("a", "b")])
    worker.start()
    worker.join()
    assert seen == [main_before + 5, main_before + 5]  # lowered once, not once per call
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main_before
