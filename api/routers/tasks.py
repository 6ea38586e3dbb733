"""CRM tasks: list with filters, acknowledge, mark done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from api.auth import ResultsReader
from api.context import Context, ServiceContext
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from api.views import model_response
from voc.intake import IsoDate
from voc.store import tasks
from voc.store.tables import TaskRow
from voc.views import TaskList, TaskView

router = APIRouter(prefix="/v1/tasks", tags=["tasks"])


@router.get(
    "",
    response_model=TaskList,
    summary="Tasks, soonest due first",
    response_description="the tasks that match, soonest due first (tasks with no date last)",
    responses=problems(*AUTHENTICATED, 422),
)
async def list_tasks(
    principal: ResultsReader,
    context: Context,
    status: Annotated[
        str | None, Query(pattern="^(open|acked|done)$", description="open (not yet taken), acked or done")
    ] = "open",
    due_before: Annotated[IsoDate | None, Query(description="only tasks due before this day")] = None,
    customer_id: Annotated[str | None, Query(description="only this customer's tasks")] = None,
    type: Annotated[
        str | None,
        Query(description="deposit_maturity, product_expiry, callback, payment_promise, complaint or churn_risk"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many")] = 200,
) -> Response:
    """CRM tasks found in calls: what to do, by when, for which product and amount, and the quote
    that backs it with its time in the call. A CRM takes a task with `ack` and closes it with
    `done`; the events feed announces each new one (`task.created`). Needs `results:read`."""

    def load() -> TaskList:
        with context.database.read() as session:
            rows = tasks.list_tasks(
                session,
                status=status,
                due_before=due_before,
                customer_id=customer_id,
                type_=type,
                limit=limit,
            )
            return TaskList(items=[TaskView.from_row(t) for t in rows])

    listed = await run_in_threadpool(load)
    context.audit.listed(principal, (task.call_id for task in listed.items))  # tasks carry their calls' quotes
    return model_response(listed)


async def _change(context: ServiceContext, task_id: str, change: Callable[[Session, str], TaskRow | None]) -> Response:
    def apply() -> TaskView | None:
        with context.database.write() as session:
            task = change(session, task_id)
            if task is None:
                return None
            session.flush()
            return TaskView.from_row(task)

    view = await run_in_threadpool(apply)
    if view is None:
        raise Problem(404, "not_found", f"no task {task_id}")
    return model_response(view)


TaskId = Annotated[str, Path(description="the task's `id` (from the tasks list or a `task.created` event)")]


@router.post(
    "/{task_id}/ack",
    response_model=TaskView,
    summary="The CRM took the task",
    response_description="the task, now `acked` (acking again changes nothing)",
    responses=problems(*AUTHENTICATED, 404),
)
async def ack_task(
    task_id: TaskId,
    _: ResultsReader,
    context: Context,
) -> Response:
    """Marks the task as taken by the CRM so it leaves the `open` list. Safe to repeat.
    Needs `results:read`."""
    return await _change(context, task_id, tasks.ack_task)


@router.post(
    "/{task_id}/done",
    response_model=TaskView,
    summary="The task is done",
    response_description="the task, now `done`",
    responses=problems(*AUTHENTICATED, 404),
)
async def complete_task(
    task_id: TaskId,
    _: ResultsReader,
    context: Context,
) -> Response:
    """Marks the task as done (from any state). Safe to repeat. Needs `results:read`."""
    return await _change(context, task_id, tasks.complete_task)
