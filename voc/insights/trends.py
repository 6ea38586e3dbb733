"""Trends: calls per period and key (topic, category, agent, channel), with spikes flagged.

A spike is a period whose count is far above that key's usual level: at least
`SPIKE_MIN_CALLS` calls and more than the mean of the key's `SPIKE_HISTORY` earlier periods plus
`SPIKE_SIGMAS` times the larger of their standard deviation and the square root of the mean
(the spread of a Poisson count, so a key that is always at 2 or 3 calls a day does not flag a
day with 6 as a spike because its history happened to be flat). Periods with no calls count as
zeros in the history. Needs `SPIKE_MIN_HISTORY` earlier periods.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

Interval = Literal["day", "week"]
SPIKE_MIN_CALLS = 5
SPIKE_SIGMAS = 3.0
SPIKE_HISTORY = 8
SPIKE_MIN_HISTORY = 3


class DailyCount(Protocol):
    """One day and key of stored calls (voc.store.insights.DayCount has this shape)."""

    @property
    def day(self) -> dt.date: ...
    @property
    def key(self) -> str: ...
    @property
    def calls(self) -> int: ...
    @property
    def negative(self) -> int: ...
    @property
    def escalations(self) -> int: ...
    @property
    def score_sum(self) -> float: ...
    @property
    def scored(self) -> int: ...


@dataclass
class Bucket:
    period_start: dt.date
    key: str
    count: int = 0
    negative: int = 0
    escalations: int = 0
    score_sum: float = 0.0
    scored: int = 0
    spike: bool = False
    usual: float | None = None  # the mean of the earlier periods the spike test used

    @property
    def negative_share(self) -> float | None:
        return round(self.negative / self.count, 3) if self.count else None

    @property
    def qa_score(self) -> float | None:
        return round(self.score_sum / self.scored, 3) if self.scored else None


def period_start(day: dt.date, interval: Interval) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if interval == "week" else day


def periods(since: dt.date, until: dt.date, interval: Interval) -> list[dt.date]:
    step = dt.timedelta(days=7 if interval == "week" else 1)
    first, out = period_start(since, interval), []
    while first <= until:
        out.append(first)
        first += step
    return out


def is_spike(count: int, history: list[int]) -> tuple[bool, float | None]:
    if len(history) < SPIKE_MIN_HISTORY:
        return False, None
    mean = sum(history) / len(history)
    spread = math.sqrt(sum((h - mean) ** 2 for h in history) / len(history))
    threshold = mean + SPIKE_SIGMAS * max(spread, math.sqrt(mean), 1.0)
    return count >= SPIKE_MIN_CALLS and count > threshold, round(mean, 2)


def fold_trends(rows: Iterable[DailyCount], interval: Interval, since: dt.date, until: dt.date) -> list[Bucket]:
    """Buckets per period and key, oldest first; only periods where the key had calls are returned,
    but the spike test counts the empty ones."""
    by_key: dict[str, dict[dt.date, Bucket]] = defaultdict(dict)
    for row in rows:
        start = period_start(row.day, interval)
        bucket = by_key[row.key].setdefault(start, Bucket(start, row.key))
        bucket.count += row.calls
        bucket.negative += row.negative
        bucket.escalations += row.escalations
        bucket.score_sum += row.score_sum
        bucket.scored += row.scored
    every_period = periods(since, until, interval)
    out: list[Bucket] = []
    for buckets in by_key.values():
        counts = [buckets[p].count if p in buckets else 0 for p in every_period]
        for i, period in enumerate(every_period):
            found = buckets.get(period)
            if found is None:
                continue
            found.spike, found.usual = is_spike(found.count, counts[max(0, i - SPIKE_HISTORY) : i])
            out.append(found)
    return sorted(out, key=lambda b: (b.period_start, -b.count, b.key))
