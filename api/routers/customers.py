"""Customer profiles aggregated over all their calls and conversations."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from api.auth import ResultsReader
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from voc.store.profiles import CustomerProfile, load_customer_profile

router = APIRouter(prefix="/v1/customers", tags=["customers"])


@router.get(
    "/{customer_id}",
    response_model=CustomerProfile,
    summary="A customer's profile",
    responses=problems(*AUTHENTICATED, 404),
)
async def get_customer(
    customer_id: str,
    _: ResultsReader,
    context: Context,
) -> CustomerProfile:
    def load() -> CustomerProfile | None:
        with context.database.read() as session:
            return load_customer_profile(session, customer_id)

    profile = await run_in_threadpool(load)
    if profile is None:
        raise Problem(404, "not_found", f"no contacts for customer {customer_id}")
    return profile
