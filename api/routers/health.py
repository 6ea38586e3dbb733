from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from api.context import Context
from api.openapi import problems
from voc.views import Health

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=Health,
    summary="Liveness and database check (no key needed)",
    response_description="the service is up and its database answers",
    responses=problems(),
)
async def healthz(context: Context) -> Health:
    """For load balancers and monitoring: answers 200 when the API runs and its database answers,
    and says whether jobs run inside this process (embedded) or in separate workers."""

    def ping() -> None:
        with context.database.read() as session:
            session.execute(text("SELECT 1"))

    await run_in_threadpool(ping)
    return Health(status="ok", worker="embedded" if context.jobs.embedded else "external")
