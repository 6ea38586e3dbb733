"""IVR routing: which queue a waiting caller goes to, the decision log, the policy in force.

`POST /v1/route` takes JSON, or multipart/form-data when it carries audio. It answers 200 with a
decision whenever a caller is identified; signals that fail or run out of time make the answer
`degraded` (with reasons), never an error. Only requests that cannot be routed at all are 4xx.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from api.auth import ResultsReader, RouteInvoker
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from api.uploads import form_text, read_body, read_multipart
from api.views import model_response
from voc.intake import IsoDateTime
from voc.routing.budget import MAX_BUDGET_MS
from voc.routing.live import RouteRequest
from voc.routing.service import RoutingService
from voc.store.route_decisions import DecisionLog, LoggedDecision
from voc.views import PolicyStatus, RouteView

router = APIRouter(prefix="/v1/route", tags=["route"])

MAX_TEXT_CHARS = 1_000_000  # longer is refused; anything over 2,000 characters is cut (degraded)


class RouteIn(BaseModel):
    # "customer_id or ani" is said in the descriptions, not as a top-level anyOf: client generators
    # (openapi-python-client) turn such an anyOf into one body type per branch and drop every other
    # field, which leaves an IVR integration no way to send ivr_text.
    model_config = ConfigDict(extra="forbid")

    customer_id: str | None = Field(
        None, min_length=1, max_length=200, description="the caller, when the IVR knows (give this or `ani`)"
    )
    ani: str | None = Field(None, min_length=1, max_length=64, description="the caller's number (or `customer_id`)")
    session_id: str | None = Field(
        None, max_length=200, description="the call id the recording will later carry (links the outcome)"
    )
    ivr_text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="what the caller said")
    ivr_path: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=50, description="the IVR menu choices the caller made, in order"
    )
    language: Literal["ru", "en"] | None = Field(None, description="the caller's language (default: detected)")
    budget_ms: int | None = Field(None, ge=1, le=MAX_BUDGET_MS, description="server-side time budget; default 800 ms")

    @model_validator(mode="after")
    def _caller_known(self) -> RouteIn:
        if not self.customer_id and not self.ani:
            raise ValueError("give customer_id or ani: a caller must be identified to be routed")
        return self


# The JSON fields as multipart form fields: text, with the JSON fields' limits; an empty one is not given.
FORM_FIELDS: dict[str, dict[str, Any]] = {
    "customer_id": {"type": "string", "maxLength": 200, "description": "the caller (give this or `ani`)"},
    "ani": {"type": "string", "maxLength": 64, "description": "the caller's number (or `customer_id`)"},
    "session_id": {
        "type": "string",
        "maxLength": 200,
        "description": "the call id the recording will later carry (links the outcome)",
    },
    "ivr_text": {"type": "string", "maxLength": MAX_TEXT_CHARS, "description": "what the caller said"},
    "ivr_path": {"type": "string", "description": "the IVR menu choices, comma-separated (at most 50, 100 chars each)"},
    "language": {"type": "string", "enum": ["ru", "en", ""], "description": "ru or en (default: detected)"},
    "budget_ms": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_BUDGET_MS,
        "description": "the time the IVR gives the answer, in milliseconds",
    },
}


def routing_service(request: Request) -> RoutingService:
    service: RoutingService = request.app.state.routing
    return service


def _invalid(error: ValidationError) -> RequestValidationError:
    return RequestValidationError(error.errors(include_url=False, include_input=False))


async def _read_json(request: Request, max_bytes: int) -> RouteIn:
    body = await read_body(request, max_bytes)
    try:
        return RouteIn.model_validate_json(body)
    except ValidationError as error:
        raise _invalid(error) from error


async def _read_form(request: Request, max_bytes: int) -> tuple[RouteIn, bytes | None]:
    form = await read_multipart(request, max_bytes)
    fields: dict[str, Any] = {
        name: form_text(form, name) or None for name in ("customer_id", "ani", "session_id", "ivr_text", "language")
    }
    path = form_text(form, "ivr_path")
    fields["ivr_path"] = [p.strip() for p in path.split(",") if p.strip()] if path else []
    fields["budget_ms"] = form_text(form, "budget_ms") or None
    unknown = set(form.keys()) - {*fields, "audio"}
    if unknown:
        raise Problem(422, "invalid_input", f"unknown form field(s): {', '.join(sorted(unknown))}")
    try:
        parsed = RouteIn.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        raise _invalid(error) from error
    audio = form.get("audio")
    if audio is None:
        return parsed, None
    if isinstance(audio, str):
        raise Problem(422, "invalid_input", "the 'audio' part must be a file")
    data = await audio.read()
    await audio.close()
    return parsed, data or None


@router.post(
    "",
    response_model=RouteView,
    summary="Route a waiting caller: queue, priority, skills and the reasons",
    response_description="the decision; `degraded` when a signal failed or ran out of time (see `skipped`)",
    responses=problems(
        400,
        *AUTHENTICATED,
        413,
        415,
        422,
        notes={
            413: "over VOC_LIMITS__ROUTE_JSON_BYTES of JSON (2 MiB), or VOC_LIMITS__ROUTE_FORM_BYTES of multipart "
            "(8 MiB)",
            415: "neither application/json nor multipart/form-data",
            422: "no customer_id or ani, or a field out of range",
        },
    ),
    openapi_extra={
        "requestBody": {
            # Not marked required: openapi-python-client 0.29 writes `Unset` into the signature of an
            # operation with two body types but imports it only when a body is optional (NameError
            # on import). A request with no body is answered 422, as declared.
            "required": False,
            "description": "application/json, or multipart/form-data when up to 15 s of audio comes along",
            "content": {
                "application/json": {"schema": RouteIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "description": "the JSON fields as form fields (ivr_path comma-separated), "
                        "plus up to 15 s of the caller's speech in 'audio'",
                        "properties": {
                            "audio": {
                                "type": "string",
                                "format": "binary",
                                "description": "up to 15 s of the caller's speech (WAV, FLAC, OGG/Opus or MP3)",
                            },
                            **FORM_FIELDS,
                        },
                        "additionalProperties": False,
                    }
                },
            },
        }
    },
)
async def route_caller(request: Request, _: RouteInvoker, context: Context) -> Response:
    """The IVR asks while the caller waits: which queue, at what priority, with which skills.
    voc combines the customer's profile (open tasks, products ending soon, churn risk, last
    contact's mood), what the caller said (`ivr_text`, or up to 15 s of `audio` as multipart) and
    the routing policy, within `budget_ms` (800 ms by default). A slow or failing signal is left
    out and the answer says so (`degraded`, `skipped`) instead of failing. Needs `route:invoke`."""
    content_type = request.headers.get("content-type", "application/json")
    limits = context.settings.limits
    audio: bytes | None = None
    if content_type.startswith("multipart/form-data"):
        body, audio = await _read_form(request, limits.route_form_bytes)
    elif content_type.startswith("application/json"):
        body = await _read_json(request, limits.route_json_bytes)
    else:
        raise Problem(415, "unsupported_media_type", "send application/json, or multipart/form-data with audio")
    route_request = RouteRequest(
        customer_id=body.customer_id,
        ani=body.ani,
        session_id=body.session_id,
        ivr_text=body.ivr_text,
        audio=audio,
        ivr_path=tuple(body.ivr_path),
        language=body.language,
        budget_ms=body.budget_ms,
    )
    answer = await routing_service(request).router.route_async(route_request)
    return model_response(RouteView.from_answer(answer))


class DecisionList(BaseModel):
    """A page of the routing decision log."""

    items: list[LoggedDecision]
    next_before: dt.datetime | None = Field(description="pass as `before` for the next (older) page")


@router.get(
    "/decisions",
    response_model=DecisionList,
    summary="Past routing decisions, newest first",
    response_description="decisions with their inputs, rule and (once the call is analysed) outcome",
    responses=problems(*AUTHENTICATED, 422),
)
async def list_decisions(
    _: ResultsReader,
    context: Context,
    customer_id: Annotated[str | None, Query(description="only this customer's decisions")] = None,
    session_id: Annotated[str | None, Query(description="only the decisions of this IVR session")] = None,
    queue: Annotated[str | None, Query(description="only decisions that chose this queue")] = None,
    linked: Annotated[bool | None, Query(description="only decisions with (or without) an outcome")] = None,
    before: Annotated[IsoDateTime | None, Query(description="only decisions older than this (next_before)")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="at most this many")] = 50,
) -> DecisionList:
    """The decision log, for checking a policy: what was decided, by which rule, on which signals,
    and how the call went (linked by `session_id` when the recording arrives). Needs `results:read`."""
    rows = await run_in_threadpool(
        DecisionLog(context.database.engine).list,
        limit=limit,
        before=before,
        customer_id=customer_id,
        session_id=session_id,
        queue=queue,
        linked=linked,
    )
    return DecisionList(
        items=rows,
        next_before=rows[-1].created_at if len(rows) == limit else None,
    )


@router.get(
    "/policy",
    response_model=PolicyStatus,
    summary="The routing policy in force",
    response_description="the version and source of the policy in force, and why a newer file is not",
    responses=problems(*AUTHENTICATED),
)
async def policy_status(request: Request, _: ResultsReader) -> PolicyStatus:
    """The policy file is re-read when it changes; a file that does not load leaves the previous
    policy in force and shows why in `last_error`. Needs `results:read`."""
    status = await run_in_threadpool(routing_service(request).policies.reload_if_changed)
    return PolicyStatus.from_status(status)
