"""Health: `/livez` (the process answers), `/readyz` (the database and the broker answer, each
reported on its own), and `/healthz`, the older combined check (the process and the database).

A load balancer sends uploads only to a ready API; an orchestrator restarts only one that is not
live. An API whose broker is down is not ready but still accepts uploads (they wait in the
database for the dispatcher), so take it out of rotation only if that matters more than the
database being the one that holds the calls.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from api.context import Context, ServiceContext
from api.openapi import problems
from api.problems import Problem
from voc.views import Health, Liveness, Reachability, Readiness

router = APIRouter(tags=["health"])
CHECK_TIMEOUT_S = 3.0


@router.get(
    "/healthz",
    response_model=Health,
    summary="Liveness and database check (no key needed)",
    response_description="the service is up and its database answers",
    responses=problems(503, notes={503: "the database cannot be reached (database_unavailable)"}),
)
async def healthz(context: Context) -> Health:
    """For load balancers and monitoring: answers 200 when the API runs and its database answers,
    and says whether jobs run inside this process (embedded) or in separate workers."""

    def ping() -> None:
        with context.database.read() as session:
            session.execute(text("SELECT 1"))

    await run_in_threadpool(ping)  # a database outage is answered 503 by api/problems.py
    return Health(status="ok", worker=_worker(context))


@router.get(
    "/livez",
    response_model=Liveness,
    summary="Liveness: the process answers (no key needed)",
    response_description="the process is up",
    responses=problems(),
)
async def livez() -> Liveness:
    """For an orchestrator's liveness probe: answers while the process runs, whatever the database
    and the broker do, so a restart is only asked for when the process itself is stuck."""
    return Liveness(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness: database and broker reachable, each reported (no key needed)",
    response_description="the database and the broker both answer",
    responses=problems(
        503, notes={503: "the database or the broker cannot be reached (not_ready); `database` and `broker` say which"}
    ),
)
async def readyz(context: Context) -> Readiness:
    """For a load balancer's readiness probe: 200 when the database and the broker both answer, else
    503 naming which one does not. Uploads are still accepted while only the broker is down."""

    def ping_database() -> str | None:
        try:
            with context.database.read() as session:
                session.execute(text("SELECT 1"))
        except Exception as error:
            return f"{type(error).__name__}: {str(getattr(error, 'orig', None) or error).strip().splitlines()[0]}"
        return None

    database, broker = await asyncio.gather(_checked(ping_database), _checked(context.jobs.check_broker))
    if database is None and broker is None:
        return Readiness(
            status="ready",
            worker=_worker(context),
            database=Reachability(reachable=True),
            broker=Reachability(reachable=True),
        )
    raise Problem(
        503,
        "not_ready",
        " and ".join(
            f"the {part} cannot be reached" for part, error in (("database", database), ("broker", broker)) if error
        ),
        database=Reachability(reachable=database is None, error=database).model_dump(),
        broker=Reachability(reachable=broker is None, error=broker).model_dump(),
    )


async def _checked(check: object) -> str | None:
    """Run a blocking check with a time limit: a dependency that hangs is as unready as one that refuses."""
    try:
        return await asyncio.wait_for(run_in_threadpool(check), CHECK_TIMEOUT_S)  # type: ignore[arg-type]
    except TimeoutError:
        return f"no answer within {CHECK_TIMEOUT_S:.0f} s"


def _worker(context: ServiceContext) -> str:
    return "embedded" if context.jobs.embedded else "external"
