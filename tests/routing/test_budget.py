from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.routing.helpers import ManualClock
from voc.errors import NotAudioError
from voc.routing.budget import MAX_BUDGET_MS, BudgetResult, SignalRunner, clamp_budget_ms


@pytest.fixture
def runner() -> Iterator[SignalRunner]:
    r = SignalRunner(workers=4)
    yield r
    r.close()


def test_signals_ready_in_time_are_kept_and_late_ones_skipped(runner: SignalRunner) -> None:
    clock = ManualClock()
    fast_done, release = threading.Event(), threading.Event()

    def fast() -> int:
        fast_done.set()
        return 42

    answers: list[BudgetResult] = []
    collector = threading.Thread(
        target=lambda: answers.append(
            runner.run({"fast": fast, "slow": lambda: release.wait(60)}, budget_ms=100, clock=clock)
        )
    )
    collector.start()
    try:
        assert fast_done.wait(60)
        collector.join(timeout=0.3)
        assert collector.is_alive()  # the runner waits while its clock says the budget is not spent
        clock.advance(0.1)  # the budget runs out with "slow" still running
        collector.join(timeout=60)
    finally:
        release.set()
    [result] = answers
    assert result.values == {"fast": 42}
    assert result.skipped == {"slow": "not ready within the 100 ms budget"}
    assert result.elapsed_ms == 100


def test_failing_signal_is_skipped_with_its_message(runner: SignalRunner) -> None:
    def bad_audio() -> None:
        raise NotAudioError("the upload is not audio (no audio stream found)")

    result = runner.run({"voice": bad_audio, "text": lambda: "ok"}, budget_ms=500, clock=ManualClock())
    assert result.values == {"text": "ok"}
    assert result.skipped == {"voice": "the upload is not audio (no audio stream found)"}


def test_answers_as_soon_as_everything_is_done(runner: SignalRunner) -> None:
    clock = ManualClock()  # stands still: the budget never runs out, so only the signals can end the wait
    result = runner.run({"a": lambda: 1, "b": lambda: 2}, budget_ms=5000, clock=clock)
    assert result.values == {"a": 1, "b": 2}
    assert result.elapsed_ms == 0


def test_budget_is_clamped_to_the_ivr_limit() -> None:
    assert clamp_budget_ms(None) == 800
    assert clamp_budget_ms(None, default_ms=300) == 300
    assert clamp_budget_ms(10**9) == MAX_BUDGET_MS
    assert clamp_budget_ms(-5) == 1
