"""Text conversations (chat, e-mail, review): the same text stages, tasks and events as calls."""

from __future__ import annotations

import hashlib
import io

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.auth import CallsWriter
from api.context import Context
from api.openapi import AUTHENTICATED, json_body, problems
from api.routers.calls import IdempotencyKey, get_call
from api.submissions import accepted_responses, submission_response
from api.uploads import read_body
from voc.intake import ConversationSubmission
from voc.jobs.submit import Submission, submit
from voc.views import Accepted, CallView

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])


@router.post(
    "",
    status_code=202,
    response_model=Accepted,
    summary="Submit a text conversation as turns",
    response_description="stored and queued: poll `status_url` until `status` is `done` or `failed`",
    openapi_extra=json_body(ConversationSubmission),
    responses={
        **accepted_responses("already submitted (same client and external_id)"),
        **problems(
            *AUTHENTICATED,
            409,
            413,
            422,
            503,
            notes={
                413: "the body is over VOC_LIMITS__CONVERSATION_BYTES (10 MiB)",
                422: "the body is not a valid conversation, or an Idempotency-Key reused for another request",
                503: "the blob store is unavailable: retry later",
            },
        ),
    },
)
async def submit_conversation(
    request: Request,
    principal: CallsWriter,
    context: Context,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """A chat, e-mail thread or review as turns (`speaker`: agent, customer or unknown; `text`;
    optional `start`/`end` seconds), with the same metadata as a call. It goes through the same
    text stages (sentiment, cues, emotion, tasks, summary, redaction) and the same events feed.
    The same `external_id` again answers 200 with the first id. Needs `calls:write`."""
    body = await read_body(request, context.settings.limits.conversation_bytes)
    try:
        conversation = ConversationSubmission.model_validate_json(body)
    except ValidationError as error:
        errors = error.errors(include_url=False, include_input=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from error
    content = conversation.model_dump_json().encode()
    submission = Submission(
        principal.name,
        "conversation",
        conversation,
        io.BytesIO(content),
        hashlib.sha256(content).hexdigest(),
        idempotency_key,
    )
    result = await run_in_threadpool(submit, context.database, context.blobs, context.jobs, submission)
    return submission_response(result)


router.add_api_route(
    "/{call_id}",
    get_call,
    name="get_conversation",
    methods=["GET"],
    response_model=CallView,
    summary="Status and analysis of a conversation",
    response_description="the conversation; `analysis` holds the CallAnalysis once `status` is `done`",
    description="Poll this (the `status_url` of a submission) until `status` is `done`, then read "
    "`analysis`. Needs `results:read`.",
    responses=problems(*AUTHENTICATED, 404),
)
