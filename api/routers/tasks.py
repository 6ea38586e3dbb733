"""CRM tasks: list with filters, acknowledge, mark done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Response
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
    "", response_model=TaskList, summary="Tasks, soonest due first", responses=problems(*AUTHENTICATED, 422)
)
async def list_tasks(
    _: ResultsReader,
    context: Context,
    status: Annotated[str | None, Query(pattern="^(open|acked|done)$")] = "open",
    due_before: IsoDate | None = None,
    customer_id: str | None = None,
    type: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Response:
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

    return model_response(await run_in_threadpool(load))


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


@router.post(
    "/{task_id}/ack",
    response_model=TaskView,
    summary="The CRM took the task",
    responses=problems(*AUTHENTICATED, 404),
)
async def ack_task(
    task_id: str,
    _: ResultsReader,
    context: Context,
) -> Response:
    return await _change(context, task_id, tasks.ack_task)


@router.post(
    "/{task_id}/done",
    response_model=TaskView,
    summary="The task is done",
    responses=problems(*AUTHENTICATED, 404),
)
async def complete_task(
    task_id: str,
    _: ResultsReader,
    context: Context,
) -> Response:
    return await _change(context, task_id, tasks.complete_task)
