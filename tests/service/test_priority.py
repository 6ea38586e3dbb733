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
def test_a_worker_process_runs_under_idle_scheduling() -> None:
    code = (
        "import os; from voc.jobs.priority import lower_cpu_priority; "
        "print(lower_cpu_priority(10, idle=True)); print(os.sched_getscheduler(0) == os.SCHED_IDLE)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["idle CPU scheduling (SCHED_IDLE)", "True"]


@linux_only
def test_without_idle_scheduling_the_worker_process_is_niced() -> None:
    code = (
        "import os; from voc.jobs.priority import lower_cpu_priority; before = os.nice(0); "
        "print(lower_cpu_priority(7, idle=False)); print(os.nice(0) - before)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["nice 7", "7"]


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
