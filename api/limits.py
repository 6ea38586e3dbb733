"""Request limits per API key, and one for the whole process on synchronous analyses (VOC_LIMITS__...).

Each key has a token bucket (`requests_per_second` sustained, `burst` at once) and a cap on its
requests in progress (`concurrent_requests`); `POST /v1/analyze` runs at most `analyze_concurrency`
analyses at a time, whoever asks. Past a limit the answer is 429 with `Retry-After` (seconds), so
one runaway client cannot take the API from the others. The counts live in the API process (each
process of a scaled-out API counts its own) and are only touched on the event loop's thread; with
`VOC_LIMITS__SHARED_URL=redis://...` the rate's bucket lives in Redis instead, one per key for all
processes (one short script per request, atomic in Redis). A Redis that cannot be reached is logged
and the process counts on its own until it can be reached again: the limit protects the API, it
must not take it down.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from api.problems import Problem
from voc.config import LimitSettings

log = logging.getLogger(__name__)
# A token bucket per key in Redis: refill by the time since the last request (Redis's own clock, so
# processes on machines with different clocks agree), take one token or say how long to wait.
_SHARED_BUCKET = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local wait = 0
if tokens < 1 then
  wait = (1 - tokens) / rate
else
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""
_SHARED_RETRY_S = 30.0  # after Redis failed, count locally this long before trying it again

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
    _shared: Any = None
    _shared_down_until: float = 0.0

    def __post_init__(self) -> None:
        if self.settings.shared_url:
            import redis

            client = redis.Redis.from_url(self.settings.shared_url, socket_timeout=0.05, socket_connect_timeout=0.05)
            self._shared = client.register_script(_SHARED_BUCKET)

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
        wait = self._shared_wait(key_id, rate)
        if wait is not None:
            if wait > 0:
                raise _too_many(f"this key sent more than {rate:g} requests per second", math.ceil(wait))
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

    def _shared_wait(self, key_id: str, rate: float) -> float | None:
        """Seconds to wait (0: admitted) by the bucket shared in Redis; None: count locally."""
        if self._shared is None or time.monotonic() < self._shared_down_until:
            return None
        try:
            return float(self._shared(keys=[f"voc:rate:{key_id}"], args=[rate, self.settings.burst]))
        except Exception as error:  # Redis away or slow: the process's own bucket meanwhile
            log.warning(
                "shared rate limit unavailable (%s); counting in this process for %.0f s", error, _SHARED_RETRY_S
            )
            self._shared_down_until = time.monotonic() + _SHARED_RETRY_S
            return None


def _too_many(detail: str, retry_after_s: int) -> Problem:
    return Problem(429, "too_many_requests", detail, headers={"Retry-After": str(max(1, retry_after_s))})
