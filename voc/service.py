"""The composition root: every process builds the service's parts here, from one Settings.

`voc serve` (through the web adapter's lifespan, api/app.py), `voc worker`, `voc jobs resend`,
`voc keys`, `voc route` and `voc analyze` each make a `Service` and take the parts they need.
A part is built on first use and then kept, so a command that only analyses a file opens no
database and one that only sends jobs loads no model. Parts are built on one thread (a
process's start-up), not from concurrent requests: the API builds all of its own before it
answers anything.

    embedded (no VOC_BROKER_URL): database + blobs + job queue whose in-memory broker feeds a
        worker thread in the same process (a JobRunner around the Analyzer)
    scale-out: the API's job queue only sends; `voc worker` builds the same queue with a runner
    both: `voc serve` and `voc worker` run a dispatcher thread that sends the jobs of queued
        calls with no live message (an upload made while the broker was down, a lost message),
        and, when VOC_RETENTION__* is set, a retention timer that purges expired data
"""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

from voc.config import Settings

if TYPE_CHECKING:  # the parts are imported where they are built: `voc keys` need not load the pipeline
    from voc.jobs.dispatch import Dispatcher
    from voc.jobs.queue import JobQueue
    from voc.jobs.retention import RetentionTimer
    from voc.jobs.runner import JobRunner
    from voc.jobs.topic_rebuild import TopicRebuildTimer
    from voc.pipeline import Analyzer
    from voc.routing.live import LiveRouter, ProfileSource
    from voc.routing.policy import PolicyStore
    from voc.routing.service import RoutingService
    from voc.store.audit import AuditWriter
    from voc.store.blobs import Blobs
    from voc.store.db import Database


class Service:
    """The service's parts for one process, built from `settings` on first use.

    `analyzer`: one already loaded (tests share one across apps). `runs_jobs`: whether this
    process analyses calls (default: only when embedded; `voc worker` says yes). `runner_class`:
    what runs one job; tests give a JobRunner subclass that fails on purpose.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        analyzer: Analyzer | None = None,
        runs_jobs: bool | None = None,
        runner_class: type[JobRunner] | None = None,
    ) -> None:
        self.settings = settings
        self.runs_jobs = settings.broker_url is None if runs_jobs is None else runs_jobs
        self._given_analyzer = analyzer
        self._runner_class = runner_class

    @cached_property
    def database(self) -> Database:
        """The service's database, migrated to the latest schema first."""
        from voc.store.db import Database
        from voc.store.migrate import upgrade_database

        url = self.settings.resolved_database_url
        upgrade_database(url)
        return Database(url)

    @cached_property
    def blobs(self) -> Blobs:
        from voc.store.blobs import open_blob_store

        return open_blob_store(self.settings)

    @cached_property
    def analyzer(self) -> Analyzer:
        """The pipeline; its models load on first use, not here."""
        if self._given_analyzer is not None:
            return self._given_analyzer
        from voc.pipeline import Analyzer

        return Analyzer(self.settings)

    @cached_property
    def jobs(self) -> JobQueue:
        """Sends analysis jobs; holds the runner for a worker where this process runs jobs."""
        from voc.jobs.queue import JobQueue
        from voc.jobs.runner import JobRunner

        if not self.runs_jobs:
            return JobQueue(self.settings)
        runner_class = self._runner_class or JobRunner
        return JobQueue(self.settings, runner_class(self.database, self.blobs, self.settings, self.analyzer))

    @cached_property
    def dispatcher(self) -> Dispatcher:
        """Sends the jobs of `queued` calls that have no live message (voc/jobs/dispatch.py)."""
        from voc.jobs.dispatch import Dispatcher

        return Dispatcher(self.database, self.jobs, self.settings.jobs)

    @cached_property
    def audit(self) -> AuditWriter:
        """The audit trail of who read or deleted which call (the API records it)."""
        from voc.store.audit import AuditLog, AuditWriter

        return AuditWriter(AuditLog(self.database.engine))

    def start_dispatcher(self) -> bool:
        """`voc serve` (embedded and scale-out) and `voc worker`: start the dispatcher thread,
        unless VOC_JOBS__DISPATCH is off."""
        if not self.settings.jobs.dispatch:
            return False
        self.dispatcher.start()
        return True

    @cached_property
    def retention(self) -> RetentionTimer:
        """Purges stored inputs and calls older than VOC_RETENTION__* days (voc/store/retention.py)."""
        from voc.jobs.retention import RetentionTimer

        return RetentionTimer(self.database, self.blobs, self.settings.retention)

    def start_retention(self) -> bool:
        """`voc serve` (embedded and scale-out) and `voc worker`: start the retention timer,
        unless no retention is configured."""
        if not self.settings.retention.enabled:
            return False
        self.retention.start()
        return True

    @cached_property
    def topic_rebuilds(self) -> TopicRebuildTimer:
        """Rediscovers the contact drivers every VOC_INSIGHTS__REBUILD_INTERVAL_HOURS (voc/jobs/topic_rebuild.py)."""
        from voc.jobs.topic_rebuild import TopicRebuildTimer

        return TopicRebuildTimer(self.database, self.settings.insights.rebuild_interval_hours)

    def start_topic_rebuilds(self) -> bool:
        """`voc serve` with an embedded worker and `voc worker`: start the topic rebuild timer,
        unless VOC_INSIGHTS__REBUILD_INTERVAL_HOURS is 0 (one process rebuilds when it is due)."""
        if not self.settings.insights.rebuild_interval_hours:
            return False
        self.topic_rebuilds.start()
        return True

    @cached_property
    def routing(self) -> RoutingService:
        """Live IVR routing as the API serves it: policy (watched), profiles, engines, decision log."""
        from voc.routing.budget import MAX_BUDGET_MS
        from voc.routing.service import RoutingService
        from voc.store.postgres_profiles import AsyncPostgresProfiles
        from voc.store.profiles import DatabaseProfiles
        from voc.store.route_decisions import DecisionLog, DecisionWriter

        database = self.database
        # The server cancels a lookup nobody waits for any more: none waits longer than the longest budget.
        profiles = DatabaseProfiles(database, server_timeout_ms=MAX_BUDGET_MS)
        on_postgres = database.url.startswith("postgresql")
        return RoutingService(
            self.settings,
            profiles=profiles,
            profiles_inline=profiles.answers_inline,
            async_profiles=AsyncPostgresProfiles(database.url, MAX_BUDGET_MS) if on_postgres else None,
            sink=DecisionWriter(DecisionLog(database.engine)),
        )

    def start_embedded_worker(self) -> bool:
        """Embedded mode: start the in-process worker and re-send what the database says is
        unfinished (the in-memory broker forgot it when the last process ended)."""
        if not (self.jobs.embedded and self.jobs.runner and self.settings.jobs.embedded_worker):
            return False
        self.jobs.start_worker()
        self.jobs.resend_unfinished(self.database)
        return True

    def profile_source(self) -> ProfileSource:
        """Customer profiles from the service's database for a one-off question (`voc route`):
        one that does not exist is reported, never created."""
        from pathlib import Path

        from voc.routing.budget import MAX_BUDGET_MS
        from voc.routing.profiles import NoProfileStore, StoredProfiles
        from voc.store.db import Database
        from voc.store.profiles import DatabaseProfiles

        url = self.settings.resolved_database_url
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
            return NoProfileStore(f"no database at {url} (start the service or give --profiles)")
        return StoredProfiles(DatabaseProfiles(Database(url), server_timeout_ms=MAX_BUDGET_MS))

    def command_line_router(
        self, policies: PolicyStore, profiles: ProfileSource | None = None, *, transcription: bool, audio: bool
    ) -> LiveRouter:
        """A router for one question from the command line: no decision log, no policy watcher.
        With `audio` to hear, its models load here, so they do not eat the caller's budget."""
        from voc.routing.engines import ClipTranscriber, load_engines, warm_up_voice
        from voc.routing.live import LiveRouter

        engines = load_engines(self.settings, transcription=transcription)
        if audio:
            warm_up_voice()
            if isinstance(engines.transcribe, ClipTranscriber):
                engines.transcribe.load()
        return LiveRouter(policies, profiles if profiles is not None else self.profile_source(), engines)

    def _built(self, part: str) -> bool:
        return part in self.__dict__  # where cached_property keeps what it built

    def _forget_closed_parts(self) -> None:
        """A closed service builds fresh parts if used again (an app started twice in tests);
        the analyzer and its loaded models are kept."""
        for part in ("retention", "topic_rebuilds", "dispatcher", "jobs", "routing", "audit", "blobs", "database"):
            self.__dict__.pop(part, None)

    def close(self) -> None:
        """Stop what was started: workers before the routing and the database they use."""
        self._stop_workers()
        if self._built("routing"):
            self.routing.close()
        self._close_storage()

    async def aclose(self) -> None:
        """`close` for a process with an event loop: the routing's async profile pool closes on it."""
        self._stop_workers()
        if self._built("routing"):
            await self.routing.close_async()
        self._close_storage()

    def _stop_workers(self) -> None:
        if self._built("retention"):
            self.retention.stop()
        if self._built("topic_rebuilds"):
            self.topic_rebuilds.stop()
        if self._built("dispatcher"):
            self.dispatcher.stop()
        if self._built("jobs"):
            self.jobs.stop()

    def _close_storage(self) -> None:
        if self._built("audit"):
            self.audit.close()
        if self._built("database"):
            self.database.dispose()
        self._forget_closed_parts()

    def __enter__(self) -> Service:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
