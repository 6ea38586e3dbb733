"""Recordings: upload (202 + id), status and result, the unredacted original (admin), list, erase."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from api.auth import Admin, CallsWriter, ResultsReader
from api.context import Context, ServiceContext
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from api.recordings import recording_response, redacted_recording
from api.submissions import accepted_responses, submission_response
from api.uploads import audio_part, check_audio, form_text, read_multipart
from api.views import json_bytes_response, model_response
from voc.intake import CallMetadata, IsoDateTime
from voc.jobs.submit import Submission, submit
from voc.store import calls
from voc.store.erasure import erase_call
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
                            "$ref": "#/components/schemas/CallMetadata",
                            "description": "the call's metadata as a JSON text part (CallMetadata); "
                            "at least external_id, the telephony system's call id",
                        },
                    },
                },
                "encoding": {"metadata": {"contentType": "application/json"}},
            }
        },
    }
}
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="any unique string: a retried request with the same key gets the first answer again",
    ),
]
CallId = Annotated[str, Path(description="the id an upload answered with (`id`, also the end of `status_url`)")]


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
    response_description="stored and queued: poll `status_url` until `status` is `done` or `failed`",
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
    """The telephony system sends each finished call once: the recording (WAV, FLAC, OGG/Opus or MP3;
    stereo with agent and customer on their own channels, or mono) and its metadata. voc stores
    it and answers at once with 202 and where to poll; analysis runs in the background (about a
    third of the call's length on a CPU worker). Uploading the same `external_id` again from the
    same client answers 200 with the first upload's id and stores nothing new, so retrying after
    a network error is safe. Needs the `calls:write` scope."""
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
    response_description="the call; `analysis` holds the CallAnalysis once `status` is `done`",
    responses=problems(*AUTHENTICATED, 404),
)
async def get_call(
    call_id: CallId,
    principal: ResultsReader,
    context: Context,
) -> Response:
    """Poll this (the `status_url` of an upload) until `status` is `done`, then read `analysis`:
    turns with words and times, emotion per turn, call metrics, the customer's state, CRM tasks,
    summary and redactions. `failed` carries `error` (stage, code, message); while a retry is
    pending, `error` shows the last failed attempt. A CRM that reads the events feed gets the
    same news without polling. Needs `results:read`."""

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


@router.get(
    "",
    response_model=CallList,
    summary="List calls, newest first",
    response_description="calls and conversations without their analyses, newest first",
    responses=problems(*AUTHENTICATED, 422),
)
async def list_calls(
    principal: ResultsReader,
    context: Context,
    customer_id: Annotated[str | None, Query(description="only this customer's calls")] = None,
    since: Annotated[IsoDateTime | None, Query(description="only calls received at or after this time")] = None,
    status: Annotated[
        str | None, Query(pattern="^(queued|processing|done|failed)$", description="only calls in this state")
    ] = None,
    kind: Annotated[
        str | None, Query(pattern="^(call|conversation)$", description="recordings (call) or text (conversation)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many")] = 100,
) -> Response:
    """Calls and text conversations with their status, newest first; fetch one for its analysis.
    Needs `results:read`."""

    def load() -> CallList:
        with context.database.read() as session:
            rows = calls.list_calls(
                session, customer_id=customer_id, since=since, status=status, kind=kind, limit=limit
            )
            return CallList(items=[CallView.from_row(call) for call in rows])

    listed = await run_in_threadpool(load)
    context.audit.listed(principal, (item.id for item in listed.items))
    return model_response(listed)


@router.get(
    "/{call_id}/original",
    response_model=CallView,
    summary="The unredacted analysis of a call (admin only; kept only with VOC_REDACTION__KEEP_ORIGINAL=true)",
    response_description="the call with its analysis as heard, before personal data was masked",
    responses=problems(
        *AUTHENTICATED,
        404,
        notes={404: "no such call, or no original was kept for it (the setting was off when it was analysed)"},
    ),
)
async def get_original(
    call_id: CallId,
    principal: Admin,
    context: Context,
) -> Response:
    """The analysis before redaction, for an administrator who must see what was masked. It exists
    only for calls analysed while `VOC_REDACTION__KEEP_ORIGINAL=true`; every read is audited."""

    def load() -> bytes | None:
        with context.database.read() as session:
            call = calls.get_call(session, call_id)
            original = calls.get_original_json(session, call_id) if call is not None else None
            return CallView.from_row(call).json_with_analysis(original) if call and original else None

    body = await run_in_threadpool(load)
    if body is None:
        raise Problem(
            404,
            "not_found",
            f"no unredacted analysis of {call_id}: the call is unknown, or VOC_REDACTION__KEEP_ORIGINAL was off",
        )
    context.audit.read(principal, call_id, "read_original")
    return json_bytes_response(body)


AUDIO_CONTENT = {"content": {"audio/*": {"schema": {"type": "string", "format": "binary"}}}}


@router.get(
    "/{call_id}/audio",
    response_class=Response,
    summary="The call's stored recording, personal data silenced (for playback)",
    description="Served once the analysis has replaced the upload by its redacted copy (docs/redaction.md); "
    "`Range: bytes=a-b` gets 206 with that part.",
    responses={
        200: {"description": "the whole recording", **AUDIO_CONTENT},
        206: {"description": "the byte range asked for", **AUDIO_CONTENT},
        **problems(
            *AUTHENTICATED,
            404,
            409,
            416,
            notes={
                404: "no such call, a text conversation, or no recording kept for it (its analysis failed, or "
                "it was analysed before audio redaction existed)",
                409: "the call is not analysed yet: its recording is served once it has been redacted (not_ready)",
            },
        ),
    },
)
async def get_call_audio(
    call_id: CallId,
    principal: ResultsReader,
    context: Context,
    range_header: Annotated[
        str | None,
        Header(alias="Range", max_length=200, description="`bytes=START-END` for part of the recording (206)"),
    ] = None,
) -> Response:
    data = await run_in_threadpool(redacted_recording, context, call_id)
    context.audit.read(principal, call_id, "read_audio")
    return recording_response(data, range_header)


def call_owner(context: ServiceContext, call_id: str) -> str | None:
    """The client (API key name) that uploaded the call, or None when there is no such call."""
    with context.database.read() as session:
        call = calls.get_call(session, call_id)
        return call.client if call is not None else None


@router.delete(
    "/{call_id}",
    status_code=204,
    summary="Erase a call: its audio, result, original, tasks, routing decisions and its events' content",
    response_description="erased",
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
    call_id: CallId,
    principal: CallsWriter,
    context: Context,
) -> Response:
    """Erase the recording, its analysis, kept original, tasks, the routing decisions that led to it
    and its events' content (a `call.deleted` event tells the CRM). Only the client that uploaded
    the call (the key's name) or `admin` may; every delete and refused delete is audited."""
    owner = await run_in_threadpool(call_owner, context, call_id)
    if owner is None:
        raise Problem(404, "not_found", f"no call or conversation {call_id}")
    if owner != principal.name and not principal.allows("admin"):
        await run_in_threadpool(context.audit.now, principal, "delete_refused", call_id)
        raise Problem(
            403, "not_owner", "this call was uploaded by another client: only that client or admin may delete it"
        )
    if await run_in_threadpool(erase_call, context.database, context.blobs, call_id) is None:
        raise Problem(404, "not_found", f"no call or conversation {call_id}")
    await run_in_threadpool(context.audit.now, principal, "delete", call_id)
    return Response(status_code=204)
