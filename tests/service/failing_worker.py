"""Jobs that fail on purpose, to test retries and `failed` without a hook in production code.

In-process (embedded), a test hands `FailingJobRunner` to the composition root:
`Service(settings, runner_class=FailingJobRunner)`. For scale-out, `python -m
tests.service.failing_worker` is a worker process built the way `voc worker` builds one (same
settings from the environment, same composition root, same run loop) around that runner.
"""

from __future__ import annotations

from collections.abc import Callable

from voc.config import get_settings
from voc.jobs.runner import ClaimedCall, JobRunner
from voc.schemas import CallAnalysis

# A call whose external id contains this fails every attempt, in the stage "test_hook".
FAIL_MARKER = "FAILME"


class FailingJobRunner(JobRunner):
    def analyze(self, claimed: ClaimedCall, progress: Callable[[str], None]) -> CallAnalysis:
        if FAIL_MARKER in (claimed.external_id or ""):
            progress("test_hook")
            raise RuntimeError(f"failure injected for external ids containing {FAIL_MARKER}")
        return super().analyze(claimed, progress)


def main() -> None:
    from voc.cli.service import run_worker
    from voc.service import Service

    run_worker(Service(get_settings(), runs_jobs=True, runner_class=FailingJobRunner))


if __name__ == "__main__":
    main()
