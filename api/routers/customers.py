"""Customer profiles aggregated over all their calls and conversations, and erasing a customer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool

from api.auth import DataEraser, ResultsReader
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from voc.store.erasure import erase_customer
from voc.store.profiles import CustomerProfile, load_customer_profile
from voc.views import ErasureReport

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
    principal: ResultsReader,
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
    context.audit.customer(principal, "read_customer", customer_id)
    return profile


@router.delete(
    "/{customer_id}",
    response_model=ErasureReport,
    summary="Erase everything stored about a customer (152-FZ / GDPR erasure); counts per kind",
    description="Needs the `data:erase` scope (or `admin`): it erases the customer's calls and conversations "
    "whichever client uploaded them. Repeating it is harmless: all counts are 0 once nothing is left.",
    response_description="how many calls, conversations, tasks, profiles, routing decisions, events and blobs "
    "were erased",
    responses=problems(*AUTHENTICATED, 503, notes={503: "the blob store is unavailable: retry later"}),
)
async def delete_customer(
    customer_id: Annotated[str, Path(description="the customer id the telephony system or CRM sent with the calls")],
    principal: DataEraser,
    context: Context,
) -> ErasureReport:
    report = await run_in_threadpool(erase_customer, context.database, context.blobs, customer_id)
    await run_in_threadpool(context.audit.now, principal, "erase_customer", None, customer_id)
    return report
