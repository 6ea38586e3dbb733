"""The FastAPI application factory.

`create_app(service)` takes the composition root (voc.service.Service; by default one built
from the environment's settings); tests pass their own. Start-up builds the service's parts
(running the migrations), creates the first admin key if there is none (printed once), warms up
routing, in the embedded mode (no VOC_BROKER_URL) starts the in-process worker and re-sends
unfinished jobs, and starts the dispatcher that sends queued calls' jobs (voc/jobs/dispatch.py).
`voc serve` finds this factory through the `voc.web` entry point (pyproject.toml).
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from api.context import ServiceContext
from api.openapi import install_openapi
from api.problems import install_problem_handlers
from api.routers import analyze, audit, calls, conversations, customers, events, health, route, tasks
from voc.config import get_settings
from voc.service import Service
from voc.store.db import Database
from voc.store.keys import create_key, has_active_keys

log = logging.getLogger(__name__)

# Every route the API serves; a new router module is added here.
ROUTERS: tuple[APIRouter, ...] = (
    analyze.router,
    audit.router,
    calls.router,
    conversations.router,
    customers.router,
    events.router,
    health.router,
    route.router,
    tasks.router,
)


def bootstrap_admin_key(database: Database) -> str | None:
    """Create an admin key when the database has no usable key; returns its secret once."""
    with database.write() as session:
        if has_active_keys(session):
            return None
        _, secret = create_key(session, "admin (first start)", ["admin"])
        return secret


def create_app(service: Service | None = None) -> FastAPI:
    service = service or Service(get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context = ServiceContext.of(service)
        app.state.context = context
        secret = bootstrap_admin_key(context.database)
        if secret:
            print(
                "voc: created the first admin API key; it is shown only this once:",
                file=sys.stderr,
                flush=True,
            )
            print(secret, flush=True)
        routing = service.routing
        routing.warm_up()
        await routing.start_async()
        app.state.routing = routing
        service.start_embedded_worker()
        service.start_dispatcher()
        # What start-up loaded (models, dictionaries, the web stack) lives as long as the process.
        # Freezing it keeps the garbage collector's full passes from rescanning a few hundred
        # thousand objects: each such pass stalled every request in flight for 100-180 ms.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()  # an app torn down in a longer-lived process (tests) can then be collected
            await service.aclose()

    app = FastAPI(
        title="voc",
        version="0.1.0",
        summary="Voice of customer for contact centres: call analysis, CRM feed, customer profiles",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    install_openapi(app)
    return app
