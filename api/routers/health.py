from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from api.context import Context

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and database check (no key needed)")
async def healthz(context: Context) -> dict[str, Any]:
    def ping() -> None:
        with context.database.read() as session:
            session.execute(text("SELECT 1"))

    await run_in_threadpool(ping)
    return {"status": "ok", "worker": "embedded" if context.jobs.embedded else "external"}
