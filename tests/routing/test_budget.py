from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from voc.errors import NotAudioError
from voc.routing.budget import MAX_BUDGET_MS, SignalRunner, clamp_budget_ms


@pytest.fixture
def runner() -> Iterator[SignalRunner]:
    r = SignalRunner(workers=4)
    yield r
    r.close()


def test_signals_ready_in_time_are_kept_and_late_ones_skipped(runner: SignalRunner) -> None:
    release = threading.Event()
    result = runner.run({"fast": lambda: 42, "slow": lambda: release.wait(5)}, budget_ms=100)
    release.set()
    assert result.values == {"fast": 42}
    assert result.skipped == {"slow": "not ready within the 100 ms budget"}
    assert 100 <= result.elapsed_ms < 1000


def test_failing_signal_is_skipped_with_its_message(runner: SignalRunner) -> None:
    def bad_audio() -> None:
        raise NotAudioError("the upload is not audio (no audio stream found)")

    result = runner.run({"voice": bad_audio, "text": lambda: "ok"}, budget_ms=500)
    assert result.values == {"text": "ok"}
    assert result.skipped == {"voice": "the upload is not audio (no audio stream found)"}


def test_answers_as_soon_as_everything_is_done(runner: SignalRunner) -> None:
    began = time.perf_counter()
    result = runner.run({"a": lambda: 1, "b": lambda: 2}, budget_ms=5000)
    assert result.values == {"a": 1, "b": 2}
    assert time.perf_counter() - began < 1.0


def test_budget_is_clamped_to_the_ivr_limit() -> None:
    assert clamp_budget_ms(None) == 800
    assert clamp_budget_ms(None, default_ms=300) == 300
    assert clamp_budget_ms(10**9) == MAX_BUDGET_MS
    assert clamp_budget_ms(-5) == 1
