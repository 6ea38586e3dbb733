"""`POST /v1/analyze`: analyse one uploaded recording synchronously (same JSON as `voc analyze --json`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from api.auth import CallsWriter
from api.context import Context, ServiceContext
from api.openapi import AUTHENTICATED, problems
from api.uploads import audio_part, check_audio, form_text, read_multipart
from voc.intake import parse_options
from voc.schemas import CallAnalysis

router = APIRouter(tags=["analyze"])

ANALYZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["audio"],
                    "properties": {
                        "audio": {
                            "type": "string",
                            "format": "binary",
                            "description": "WAV, FLAC, OGG/Opus or MP3 recording",
                        },
                        "channels": {
                            "type": "string",
                            "example": "agent,customer",
                            "description": "stereo: the speaker of each channel, left first",
                        },
                        "language": {
                            "type": "string",
                            "enum": ["ru", "en", "auto"],
                            "description": "the call's language; auto detects it",
                        },
                        "call_date": {
                            "type": "string",
                            "format": "date",
                            "description": "the day of the call, for dates like 'tomorrow' (default: today)",
                        },
                        "terms": {
                            "type": "string",
                            "example": "вклад Надёжный, карта Халва",
                            "description": "product names the call is likely about, comma-separated (at most 20): "
                            "the recogniser listens for them ahead of the vocabulary's terms",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/v1/analyze",
    response_model=CallAnalysis,
    openapi_extra=ANALYZE_BODY,
    summary="Analyse one recording now and return the CallAnalysis (for small files and trials)",
    response_description="the CallAnalysis, as `voc analyze --json` prints it",
    responses=problems(
        400,
        *AUTHENTICATED,
        413,
        415,
        422,
        503,
        notes={
            413: "the upload, or the recording's duration, is over the limit",
            429: "VOC_LIMITS__ANALYZE_CONCURRENCY analyses are running already (or the key's limits): retry after "
            "Retry-After seconds, or upload with POST /v1/calls",
            415: "not multipart/form-data, or not audio in a format voc reads",
            422: "bad options, or a recording that is empty, silent, cut off or otherwise unusable",
            503: "a model the analysis needs is not installed",
        },
    ),
)
async def analyze(
    request: Request,
    _: CallsWriter,
    context: Context,
) -> CallAnalysis:
    """Analyses the recording while the request waits (about a third of its length on a CPU, plus
    model loading on the first request) and stores nothing: for trying voc out and for short
    clips. Production traffic uploads with `POST /v1/calls` instead. Needs `calls:write`."""
    with context.limits.analysis_slot():  # taken before the upload is read: a refused one costs nothing
        return await _analyze(request, context)


async def _analyze(request: Request, context: ServiceContext) -> CallAnalysis:
    form = await read_multipart(request, context.settings.max_upload_bytes)
    try:
        options = parse_options(  # a bad value is an InvalidOptionError: 422 invalid_input
            channels=form_text(form, "channels"),
            language=form_text(form, "language"),
            call_date=form_text(form, "call_date"),
            terms=form_text(form, "terms"),
        )
        upload = audio_part(form)
        await check_audio(upload)
        data = await upload.read()
    finally:
        await form.close()
    return await run_in_threadpool(context.analyzer.analyze_recording, data, options)
