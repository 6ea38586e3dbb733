"""Job settings (environment prefix VOC_JOBS_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class JobSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOC_JOBS_", extra="ignore")

    queue: str = Field("voc-analyze", description="broker queue name; give each deployment (or test run) its own")
    max_attempts: int = Field(5, ge=1, description="attempts before a job is marked failed")
    min_backoff_ms: int = Field(10_000, ge=0)
    max_backoff_ms: int = Field(600_000, ge=0)
    time_limit_ms: int = Field(6 * 3600 * 1000, description="longest one analysis may run")
    threads: int = Field(1, ge=1, description="worker threads per process (GPU workers: 1)")
    prefetch: int = Field(1, ge=1, description="messages a worker holds ahead (GPU workers: 1)")
    nice: int = Field(
        10,
        ge=0,
        le=19,
        description="CPU niceness of a `voc worker` process: analysis is batch work and yields the CPU to "
        "the API and the IVR's routing requests on a shared machine (0 on a dedicated worker)",
    )
    idle_cpu: bool = Field(
        True,
        description="on Linux, run a `voc worker` under SCHED_IDLE: it takes only CPU time nothing else wants, "
        "so routing requests on the same machine are not slowed by analysis (false: use `nice` only)",
    )
    embedded_worker: bool = Field(True, description="run the in-process worker when there is no broker URL")
    # Explicit test hook: a job whose external_id contains this text fails on every attempt.
    fail_marker: str | None = None
