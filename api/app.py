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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from api.context import ServiceContext
from api.first_key import announce_first_key
from api.openapi import install_openapi, operation_id
from api.problems import install_problem_handlers
from api.routers import analyze, audit, calls, conversations, customers, events, health, insights, route, tasks
from api.ui import install_ui, start_sessions
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
    insights.router,
    route.router,
    tasks.router,
)


API_DESCRIPTION = """\
Recordings and text conversations in; transcripts, emotion, CRM tasks, summaries and routing
advice out. Every request but `/healthz` needs an API key, as `Authorization: Bearer <key>` or
`X-API-Key: <key>`; `voc keys create --name NAME --scopes ...` makes one (scopes: `calls:write`,
`results:read`, `route:invoke`, `ui:read` for the web view at `/ui/`, `admin`).

- **Telephony** uploads each finished call with `POST /v1/calls` (202 and a `status_url`).
- **CRM** reads `GET /v1/events?after=<cursor>` (or polls the `status_url`), fetches the call,
  and takes tasks with `POST /v1/tasks/{task_id}/ack`.
- **IVR** asks `POST /v1/route` while the caller waits.

Errors are `application/problem+json` bodies (RFC 9457) with a stable `code`. A walk-through
for each client is in docs/quickstart.md.
"""


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
        start_sessions(app, context.database, service.settings.data_dir)
        secret = bootstrap_admin_key(context.database)
        if secret:
            settings = service.settings
            announce_first_key(secret, settings.data_dir, f"http://{settings.host}:{settings.port}")
        log.info("warming up routing (loads the IVR speech model the first time, about 20 s)")
        routing = service.routing
        routing.warm_up()
        await routing.start_async()
        app.state.routing = routing
        embedded_worker = service.start_embedded_worker()
        service.start_dispatcher()
        service.start_retention()
        if embedded_worker:  # an API process of a scale-out set-up leaves the rebuild to the workers
            service.start_topic_rebuilds()
        # What start-up loaded (models, dictionaries, the web stack) lives as long as the process.
        # Freezing it keeps the garbage collector's full passes from rescanning a few hundred
        # thousand objects: each such pass stalled every request in flight for 100-180 ms.
        gc.collect()
        gc.freeze()
        log.info("ready: jobs run %s", "in this process" if context.jobs.embedded else "in separate workers")
        try:
            yield
        finally:
            gc.unfreeze()  # an app torn down in a longer-lived process (tests) can then be collected
            await service.aclose()

    app = FastAPI(
        title="voc",
        version="0.1.0",
        summary="Voice of customer for contact centres: call analysis, CRM feed, customer profiles",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    install_problem_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    install_ui(app)
    install_openapi(app)
    return app
