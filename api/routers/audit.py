"""`GET /v1/audit`: who read or deleted which call (admin only); voc/store/audit.py keeps the trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.auth import Admin
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from voc.intake import IsoDateTime
from voc.store.audit import AuditEntry
from voc.store.events import MAX_EVENT_ID

router = APIRouter(prefix="/v1/audit", tags=["audit"])


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_after: int | None = Field(description="pass as `after` for the next page; null on the last page")


@router.get(
    "",
    response_model=AuditPage,
    summary="The audit trail: which key read, listed or deleted which call or customer, oldest first",
    response_description="audit entries, oldest first, with the cursor for the next page",
    responses=problems(*AUTHENTICATED, 422),
)
async def list_audit(
    _: Admin,
    context: Context,
    call_id: Annotated[str | None, Query(max_length=200, description="only this call")] = None,
    customer_id: Annotated[str | None, Query(max_length=200, description="only this customer")] = None,
    key_name: Annotated[str | None, Query(max_length=200, description="only this client (API key name)")] = None,
    after: Annotated[int, Query(ge=0, le=MAX_EVENT_ID, description="the id of the last entry seen")] = 0,
    since: Annotated[IsoDateTime | None, Query(description="only entries at or after this time")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many entries")] = 100,
) -> AuditPage:
    """Every read of one call (`GET /v1/calls/{id}`, `/v1/conversations/{id}`, the kept original, the
    recording), every call shown by a list (`GET /v1/calls`, `GET /v1/tasks`), every read of a customer's
    profile, every delete and refused delete, and every customer erasure, with the key's name and id
    and the time. Admin only;
    page with `after` = the last id seen."""
    items = await run_in_threadpool(
        context.audit.trail.list,
        call_id=call_id,
        customer_id=customer_id,
        key_name=key_name,
        after=after,
        since=since,
        limit=limit,
    )
    return AuditPage(items=items, next_after=items[-1].id if len(items) == limit else None)
