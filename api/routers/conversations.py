"""Text conversations (chat, e-mail, review): the same text stages, tasks and events as calls."""

from __future__ import annotations

import hashlib
import io

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from api.auth import CallsWriter
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from api.routers.calls import IdempotencyKey, get_call
from api.submissions import accepted_responses, submission_response
from voc.intake import ConversationSubmission
from voc.jobs.submit import Submission, submit
from voc.views import Accepted, CallView

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])


@router.post(
    "",
    status_code=202,
    response_model=Accepted,
    summary="Submit a text conversation as turns",
    responses={
        **accepted_responses("already submitted (same client and external_id)"),
        **problems(
            *AUTHENTICATED,
            409,
            422,
            503,
            notes={
                422: "the body is not a valid conversation, or an Idempotency-Key reused for another request",
                503: "the blob store is unavailable: retry later",
            },
        ),
    },
)
async def submit_conversation(
    conversation: ConversationSubmission,
    principal: CallsWriter,
    context: Context,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    if not conversation.external_id:
        raise Problem(422, "invalid_input", "external_id is required (the source system's conversation id)")
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
    methods=["GET"],
    response_model=CallView,
    summary="Status and analysis of a conversation",
    responses=problems(*AUTHENTICATED, 404),
)
