"""Response shapes (documented in the OpenAPI) and how stored rows become them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from fastapi import Response
from pydantic import BaseModel, Field

from api.urls import status_url
from voc.schemas import CallAnalysis
from voc.store.tables import Call


class Accepted(BaseModel):
    id: str
    status: str
    status_url: str
    duplicate: bool = Field(description="true when this external_id was already uploaded; id is the first upload's")


class CallError(BaseModel):
    stage: str | None
    code: str | None
    message: str | None


class CallView(BaseModel):
    id: str
    kind: str
    status: str = Field(description="queued | processing | done | failed")
    external_id: str | None
    customer_id: str | None
    agent_id: str | None
    session_id: str | None
    metadata: dict[str, Any]
    attempts: int
    created_at: dt.datetime
    updated_at: dt.datetime
    finished_at: dt.datetime | None
    status_url: str
    error: CallError | None = Field(None, description="why it failed, or the last failed attempt while retrying")
    analysis: CallAnalysis | None = None


class CallList(BaseModel):
    items: list[CallView]


def call_view(call: Call, analysis_json: str | None = None) -> dict[str, Any]:
    error = None
    if call.error_code is not None:
        error = {"stage": call.failed_stage, "code": call.error_code, "message": call.error_message}
    return {
        "id": call.id,
        "kind": call.kind,
        "status": call.status,
        "external_id": call.external_id,
        "customer_id": call.customer_id,
        "agent_id": call.agent_id,
        "session_id": call.session_id,
        "metadata": call.meta,
        "attempts": call.attempts,
        "created_at": _iso(call.created_at),
        "updated_at": _iso(call.updated_at),
        "finished_at": _iso(call.finished_at),
        "status_url": status_url(call.kind, call.id),
        "error": error,
        "analysis": orjson.Fragment(analysis_json) if analysis_json is not None else None,
    }


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()


class EventView(BaseModel):
    id: str = Field(description="this event's cursor")
    type: str
    call_id: str | None
    customer_id: str | None
    created_at: dt.datetime
    data: dict[str, Any]


class EventPage(BaseModel):
    events: list[EventView]
    next_cursor: str = Field(description="pass as `after` to continue; unchanged when there was nothing new")


class TaskView(BaseModel):
    model_config = {"extra": "allow"}

    id: str
    call_id: str
    customer_id: str | None
    type: str
    title: str
    due_date: dt.date | None = None
    status: str


class TaskList(BaseModel):
    items: list[TaskView]


def json_response(body: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """JSON via orjson: result documents are large and polled often."""
    return Response(orjson.dumps(body), status_code=status_code, media_type="application/json", headers=headers)
