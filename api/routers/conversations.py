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
    response_description="stored and queued: poll `status_url` until `status` is `done` or `failed`",
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
    """A chat, e-mail thread or review as turns (`speaker`: agent, customer or unknown; `text`;
    optional `start`/`end` seconds), with the same metadata as a call. It goes through the same
    text stages (sentiment, cues, emotion, tasks, summary, redaction) and the same events feed.
    The same `external_id` again answers 200 with the first id. Needs `calls:write`."""
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
    name="get_conversation",
    methods=["GET"],
    response_model=CallView,
    summary="Status and analysis of a conversation",
    response_description="the conversation; `analysis` holds the CallAnalysis once `status` is `done`",
    description="Poll this (the `status_url` of a submission) until `status` is `done`, then read "
    "`analysis`. Needs `results:read`.",
    responses=problems(*AUTHENTICATED, 404),
)
