"""Recordings: upload (202 + id), status and result, list, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from api.auth import CallsWriter, ResultsReader
from api.context import Context, ServiceContext
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from api.submissions import accepted_responses, submission_response
from api.uploads import audio_part, check_audio, form_text, read_multipart
from api.views import json_bytes_response, model_response
from voc.intake import CallMetadata, IsoDateTime
from voc.jobs.submit import Submission, submit
from voc.store import calls
from voc.views import Accepted, CallList, CallView

router = APIRouter(prefix="/v1/calls", tags=["calls"])

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["audio", "metadata"],
                    "properties": {
                        "audio": {
                            "type": "string",
                            "format": "binary",
                            "description": "WAV, FLAC, OGG/Opus or MP3 recording",
                        },
                        "metadata": {
                            "type": "string",
                            "description": "JSON object: " + ", ".join(CallMetadata.model_fields),
                        },
                    },
                }
            }
        },
    }
}
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def parse_metadata(text: str | None) -> CallMetadata:
    if text is None:
        raise Problem(422, "invalid_input", "the 'metadata' part (a JSON object with at least external_id) is missing")
    try:
        # pydantic's parser, not json.loads: it refuses JSON nested past 200 levels and numbers past
        # 4,300 digits as invalid JSON, where json.loads raises RecursionError or a bare ValueError.
        metadata = CallMetadata.model_validate_json(text)
    except ValidationError as error:
        errors = error.errors(include_url=False, include_input=False)
        if errors and errors[0]["type"] == "json_invalid":
            raise Problem(422, "invalid_input", f"metadata is not valid JSON: {errors[0]['msg']}") from error
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
        raise Problem(422, "invalid_input", f"metadata: {details}") from error
    if not metadata.external_id:
        raise Problem(422, "invalid_input", "metadata.external_id is required (the telephony system's call id)")
    return metadata


@router.post(
    "",
    status_code=202,
    response_model=Accepted,
    openapi_extra=UPLOAD_BODY,
    summary="Upload a finished call recording with its metadata",
    responses={
        **accepted_responses("already uploaded (same client and external_id)"),
        **problems(
            400,
            *AUTHENTICATED,
            409,
            413,
            415,
            422,
            503,
            notes={
                415: "not multipart/form-data, or the recording is not WAV, FLAC, OGG/Opus or MP3",
                422: "bad metadata, an empty recording, or an Idempotency-Key reused for another request",
                503: "the blob store is unavailable: retry later",
            },
        ),
    },
)
async def upload_call(
    request: Request,
    principal: CallsWriter,
    context: Context,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    form = await read_multipart(request, context.settings.max_upload_bytes)
    try:
        metadata = parse_metadata(form_text(form, "metadata"))
        upload = audio_part(form)
        sha, _ = await check_audio(upload)
        submission = Submission(principal.name, "call", metadata, upload.file, sha, idempotency_key)
        result = await run_in_threadpool(submit, context.database, context.blobs, context.jobs, submission)
    finally:
        await form.close()
    return submission_response(result)


@router.get(
    "/{call_id}",
    response_model=CallView,
    summary="Status of a call, and its analysis when done",
    responses=problems(*AUTHENTICATED, 404),
)
async def get_call(
    call_id: str,
    principal: ResultsReader,
    context: Context,
) -> Response:
    def load() -> bytes | None:
        with context.database.read() as session:
            call = calls.get_call(session, call_id)
            if call is None:
                return None
            analysis_json = calls.get_analysis_json(session, call_id) if call.status == "done" else None
            return CallView.from_row(call).json_with_analysis(analysis_json)

    body = await run_in_threadpool(load)
    if body is None:
        raise Problem(404, "not_found", f"no call or conversation {call_id}")
    context.audit.read(principal, call_id)
    return json_bytes_response(body)


@router.get("", response_model=CallList, summary="List calls, newest first", responses=problems(*AUTHENTICATED, 422))
async def list_calls(
    _: ResultsReader,
    context: Context,
    customer_id: str | None = None,
    since: Annotated[IsoDateTime | None, Query(description="only calls received at or after this time")] = None,
    status: Annotated[str | None, Query(pattern="^(queued|processing|done|failed)$")] = None,
    kind: Annotated[str | None, Query(pattern="^(call|conversation)$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    def load() -> CallList:
        with context.database.read() as session:
            rows = calls.list_calls(
                session, customer_id=customer_id, since=since, status=status, kind=kind, limit=limit
            )
            return CallList(items=[CallView.from_row(call) for call in rows])

    return model_response(await run_in_threadpool(load))


def erase_call(context: ServiceContext, call_id: str) -> bool:
    with context.database.write() as session:
        call = calls.delete_call(session, call_id)
        if call is None:
            return False
        sha = call.blob_sha256
        still_used = sha is not None and calls.blob_still_used(session, sha)
    if sha is not None and not still_used:
        context.blobs.delete(sha)
    return True


def call_owner(context: ServiceContext, call_id: str) -> str | None:
    """The client (API key name) that uploaded the call, or None when there is no such call."""
    with context.database.read() as session:
        call = calls.get_call(session, call_id)
        return call.client if call is not None else None


@router.delete(
    "/{call_id}",
    status_code=204,
    summary="Erase a call's audio and everything derived from it",
    responses=problems(
        *AUTHENTICATED,
        404,
        503,
        notes={
            403: "the key lacks calls:write, or the call was uploaded by another client (only it or admin may delete)",
            503: "the blob store is unavailable: retry later",
        },
    ),
)
async def delete_call(
    call_id: str,
    principal: CallsWriter,
    context: Context,
) -> Response:
    owner = await run_in_threadpool(call_owner, context, call_id)
    if owner is None:
        raise Problem(404, "not_found", f"no call or conversation {call_id}")
    if owner != principal.name and not principal.allows("admin"):
        await run_in_threadpool(context.audit.now, principal, "delete_refused", call_id)
        raise Problem(
            403, "not_owner", "this call was uploaded by another client: only that client or admin may delete it"
        )
    if not await run_in_threadpool(erase_call, context, call_id):
        raise Problem(404, "not_found", f"no call or conversation {call_id}")
    await run_in_threadpool(context.audit.now, principal, "delete", call_id)
    return Response(status_code=204)
