"""Talk time, silence, overtalk and interruptions of a call."""

from __future__ import annotations

from collections.abc import Sequence

from voc.schemas import CallMetrics, Turn


def measure_call(turns: Sequence[Turn], duration_s: float) -> CallMetrics:
    raise NotImplementedError
