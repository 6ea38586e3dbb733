"""Diarization error rate (NIST-style): missed speech + false alarm + speaker confusion.

Scored on 10 ms frames. Frames within `collar` seconds of a reference turn boundary are
not scored. Hypothesis clusters are mapped to reference speakers one to one so that the
matched time is largest (Hungarian assignment), as md-eval does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

STEP = 0.01

Span = tuple[str, float, float]  # (speaker or cluster, start, end)


@dataclass(frozen=True)
class DerReport:
    scored_s: float
    missed_s: float
    false_alarm_s: float
    confusion_s: float
    mapping: dict[str, str]

    @property
    def der(self) -> float:
        return (self.missed_s + self.false_alarm_s + self.confusion_s) / self.scored_s if self.scored_s else 0.0


def _activity(spans: Sequence[Span], names: list[str], n: int) -> np.ndarray:
    grid = np.zeros((len(names), n), dtype=bool)
    for name, start, end in spans:
        grid[names.index(name), round(start / STEP) : round(end / STEP)] = True
    return grid


def diarization_error(reference: Sequence[Span], hypothesis: Sequence[Span], collar: float = 0.25) -> DerReport:
    end = max([e for _, _, e in [*reference, *hypothesis]], default=0.0)
    n = round(end / STEP) + 1
    ref_names = sorted({s for s, _, _ in reference})
    hyp_names = sorted({s for s, _, _ in hypothesis})
    ref = _activity(reference, ref_names, n)
    hyp = _activity(hypothesis, hyp_names, n)

    scored = np.ones(n, dtype=bool)
    pad = round(collar / STEP)
    for _, start, stop in reference:
        for edge in (round(start / STEP), round(stop / STEP)):
            scored[max(0, edge - pad) : edge + pad] = False
    ref, hyp = ref[:, scored], hyp[:, scored]

    overlap = (ref[:, None, :] & hyp[None, :, :]).sum(axis=2) if ref_names and hyp_names else np.zeros((0, 0))
    rows, cols = linear_sum_assignment(-overlap) if overlap.size else ([], [])
    mapping = {hyp_names[c]: ref_names[r] for r, c in zip(rows, cols, strict=True)}
    correct = np.zeros(ref.shape[1], dtype=int)
    for r, c in zip(rows, cols, strict=True):
        correct += ref[r] & hyp[c]
    n_ref, n_hyp = ref.sum(axis=0), hyp.sum(axis=0)
    return DerReport(
        scored_s=float(n_ref.sum() * STEP),
        missed_s=float(np.maximum(0, n_ref - n_hyp).sum() * STEP),
        false_alarm_s=float(np.maximum(0, n_hyp - n_ref).sum() * STEP),
        confusion_s=float((np.minimum(n_ref, n_hyp) - correct).sum() * STEP),
        mapping=mapping,
    )
