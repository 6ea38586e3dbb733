"""Customer profiles aggregated over all their calls and conversations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
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
    response_description="the profile aggregated over all the customer's analysed contacts",
    responses=problems(*AUTHENTICATED, 404),
)
async def get_customer(
    customer_id: Annotated[str, Path(description="the customer_id the calls' metadata carried")],
    _: ResultsReader,
    context: Context,
) -> CustomerProfile:
    """Everything voc knows about a customer across calls and conversations: contact counts,
    the sentiment trend and its direction, products with their end dates, open tasks, churn
    risk with reasons, and the customer's voice baseline. Needs `results:read`."""

    def load() -> CustomerProfile | None:
        with context.database.read() as session:
            return load_customer_profile(session, customer_id)

    profile = await run_in_threadpool(load)
    if profile is None:
        raise Problem(404, "not_found", f"no contacts for customer {customer_id}")
    return profile
