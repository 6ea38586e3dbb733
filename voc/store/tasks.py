"""CRM tasks found in calls: listed with filters, acknowledged (the CRM took it), done."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from voc.store.tables import TaskRow, utcnow

TASK_STATUSES = ("open", "acked", "done")


def list_tasks(
    session: Session,
    *,
    status: str | None = None,
    due_before: dt.date | None = None,
    customer_id: str | None = None,
    type_: str | None = None,
    limit: int = 200,
) -> list[TaskRow]:
    query = select(TaskRow).order_by(TaskRow.due_date.is_(None), TaskRow.due_date, TaskRow.created_at).limit(limit)
    if status is not None:
        query = query.where(TaskRow.status == status)
    if due_before is not None:
        query = query.where(TaskRow.due_date < due_before)
    if customer_id is not None:
        query = query.where(TaskRow.customer_id == customer_id)
    if type_ is not None:
        query = query.where(TaskRow.type == type_)
    return list(session.scalars(query))


def get_task(session: Session, task_id: str) -> TaskRow | None:
    return session.get(TaskRow, task_id)


def ack_task(session: Session, task_id: str) -> TaskRow | None:
    """open -> acked; acknowledging again changes nothing (the CRM may retry)."""
    task = session.get(TaskRow, task_id)
    if task is not None and task.status == "open":
        task.status = "acked"
        task.acked_at = utcnow()
    return task


def complete_task(session: Session, task_id: str) -> TaskRow | None:
    task = session.get(TaskRow, task_id)
    if task is not None and task.status != "done":
        if task.acked_at is None:
            task.acked_at = utcnow()
        task.status = "done"
        task.done_at = utcnow()
    return task
