"""Request limits per API key, and one for the whole process on synchronous analyses (VOC_LIMITS__...).

Each key has a token bucket (`requests_per_second` sustained, `burst` at once) and a cap on its
requests in progress (`concurrent_requests`); `POST /v1/analyze` runs at most `analyze_concurrency`
analyses at a time, whoever asks. Past a limit the answer is 429 with `Retry-After` (seconds), so
one runaway client cannot take the API from the others. The counts live in the API process (each
process of a scaled-out API counts its own) and are only touched on the event loop's thread.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from api.problems import Problem
from voc.config import LimitSettings

# What a client is told to wait when it has too many requests in progress, or all analysis slots
# are taken: a request in progress ends in well under a second; an analysis takes several.
CONCURRENCY_RETRY_S = 1
ANALYZE_RETRY_S = 5


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RequestLimits:
    settings: LimitSettings
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _in_flight: dict[str, int] = field(default_factory=dict)
    _analyses: int = 0

    def admit(self, key_id: str) -> None:
        """Count one request of `key_id` as started, or refuse it with 429."""
        limit = self.settings.concurrent_requests
        if limit and self._in_flight.get(key_id, 0) >= limit:
            raise _too_many(f"this key already has {limit} requests in progress", CONCURRENCY_RETRY_S)
        self._take_token(key_id)
        self._in_flight[key_id] = self._in_flight.get(key_id, 0) + 1

    def release(self, key_id: str) -> None:
        left = self._in_flight.get(key_id, 1) - 1
        if left > 0:
            self._in_flight[key_id] = left
        else:
            self._in_flight.pop(key_id, None)

    @contextmanager
    def analysis_slot(self) -> Iterator[None]:
        """Hold one of the `analyze_concurrency` slots for a synchronous analysis, or refuse with 429."""
        if self._analyses >= self.settings.analyze_concurrency:
            raise _too_many(
                f"{self._analyses} synchronous analyses are running (the most at once); "
                "upload with POST /v1/calls to queue the recording instead",
                ANALYZE_RETRY_S,
            )
        self._analyses += 1
        try:
            yield
        finally:
            self._analyses -= 1

    def _take_token(self, key_id: str) -> None:
        rate = self.settings.requests_per_second
        if not rate:
            return
        now = time.monotonic()
        burst = float(self.settings.burst)
        bucket = self._buckets.get(key_id)
        if bucket is None:
            bucket = self._buckets[key_id] = _Bucket(tokens=burst, updated=now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            wait = math.ceil((1.0 - bucket.tokens) / rate)
            raise _too_many(f"this key sent more than {rate:g} requests per second", wait)
        bucket.tokens -= 1.0


def _too_many(detail: str, retry_after_s: int) -> Problem:
    return Problem(429, "too_many_requests", detail, headers={"Retry-After": str(max(1, retry_after_s))})
