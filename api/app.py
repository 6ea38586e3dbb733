"""The FastAPI application factory.

`create_app()` reads settings from the environment; tests pass their own. Start-up runs
the migrations, creates the first admin key if there is none (printed once), and in the
embedded mode (no VOC_BROKER_URL) starts the in-process worker and re-sends unfinished
jobs. Every module in api/routers/ that defines `router` is included.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.context import ServiceContext
from api.openapi import install_openapi
from api.problems import install_problem_handlers
from api.routers import include_routers
from voc.config import Settings, get_settings
from voc.jobs.queue import JobQueue
from voc.jobs.runner import JobRunner
from voc.jobs.settings import JobSettings
from voc.pipeline import Analyzer
from voc.routing.service import RoutingService
from voc.store.blobs import open_blob_store
from voc.store.db import Database
from voc.store.keys import create_key, has_active_keys
from voc.store.migrate import upgrade_database

log = logging.getLogger(__name__)


def bootstrap_admin_key(database: Database) -> str | None:
    """Create an admin key when the database has no usable key; returns its secret once."""
    with database.write() as session:
        if has_active_keys(session):
            return None
        _, secret = create_key(session, "admin (first start)", ["admin"])
        return secret


def build_context(settings: Settings, job_settings: JobSettings, analyzer: Analyzer | None = None) -> ServiceContext:
    upgrade_database(settings.resolved_database_url)
    database = Database(settings.resolved_database_url)
    blobs = open_blob_store(settings)
    analyzer = analyzer or Analyzer(settings)
    embedded = settings.broker_url is None
    runner = JobRunner(database, blobs, settings, job_settings, analyzer) if embedded else None
    jobs = JobQueue(settings.broker_url, job_settings, runner)
    return ServiceContext(settings=settings, database=database, blobs=blobs, jobs=jobs, analyzer=analyzer)


def create_app(
    settings: Settings | None = None,
    job_settings: JobSettings | None = None,
    analyzer: Analyzer | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    job_settings = job_settings or JobSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context = build_context(settings, job_settings, analyzer)
        app.state.context = context
        secret = bootstrap_admin_key(context.database)
        if secret:
            print(
                "voc: created the first admin API key; it is shown only this once:",
                file=sys.stderr,
                flush=True,
            )
            print(secret, flush=True)
        routing = RoutingService(settings, context.database)
        routing.warm_up()
        await routing.start_async()
        app.state.routing = routing
        if context.jobs.embedded and job_settings.embedded_worker:
            context.jobs.start_worker()
            context.jobs.resend_unfinished(context.database)
        # What start-up loaded (models, dictionaries, the web stack) lives as long as the process.
        # Freezing it keeps the garbage collector's full passes from rescanning a few hundred
        # thousand objects: each such pass stalled every request in flight for 100-180 ms.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()  # an app torn down in a longer-lived process (tests) can then be collected
            context.jobs.stop()
            await routing.close_async()
            context.database.dispose()

    app = FastAPI(
        title="voc",
        version="0.1.0",
        summary="Voice of customer for contact centres: call analysis, CRM feed, customer profiles",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    include_routers(app)
    install_openapi(app)
    return app
