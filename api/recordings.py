"""A stored recording as an HTTP answer: its content type told from its first bytes, and one byte
range when the player asks for one (browsers seek in <audio> with `Range: bytes=a-b`)."""

from __future__ import annotations

import re

from fastapi import Response

from api.context import ServiceContext
from api.problems import Problem, problem_response
from voc.audio.formats import sniff_audio_format
from voc.store import calls

AUDIO_TYPES = {"wav": "audio/wav", "flac": "audio/flac", "ogg": "audio/ogg", "mp3": "audio/mpeg"}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def recording_response(data: bytes, range_header: str | None) -> Response:
    """200 with the whole recording, or 206 with the one range asked for; 416 for a range past the end.
    A header that is not one plain byte range (several ranges, other units) is ignored, as RFC 9110 allows."""
    media_type = AUDIO_TYPES.get(sniff_audio_format(data[:16]) or "", "application/octet-stream")
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, no-store"}
    wanted = _RANGE.fullmatch(range_header.strip()) if range_header else None
    if wanted is None or wanted.groups() == ("", ""):
        return Response(data, media_type=media_type, headers=headers)
    first, last = _bounds(wanted.group(1), wanted.group(2), len(data))
    if first >= len(data) or first > last:
        answer = problem_response(
            416, "range_not_satisfiable", f"the range asked for is outside the recording's {len(data)} bytes"
        )
        answer.headers["Content-Range"] = f"bytes */{len(data)}"
        return answer
    headers["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
    return Response(data[first : last + 1], status_code=206, media_type=media_type, headers=headers)


def _bounds(start: str, end: str, size: int) -> tuple[int, int]:
    if not start:  # "bytes=-500": the last 500 bytes
        return max(0, size - int(end)), size - 1
    return int(start), min(int(end), size - 1) if end else size - 1


def redacted_recording(context: ServiceContext, call_id: str) -> bytes:
    """The call's stored recording once the analysis has redacted it; a Problem (404, 409) otherwise.
    The API's audio endpoint and the web view's player both serve this."""
    with context.database.read() as session:
        call = calls.get_call(session, call_id)
        if call is None or call.kind != "call":
            raise Problem(404, "not_found", f"no call {call_id}")
        if call.status in calls.UNFINISHED:
            raise Problem(409, "not_ready", f"call {call_id} is {call.status}: its recording is served once redacted")
        sha = call.blob_sha256
        redaction = context.settings.redaction
        if sha is None or (redaction.enabled and redaction.audio and not call.blob_redacted):
            raise Problem(404, "not_found", f"no redacted recording is kept for call {call_id}")
    try:
        return context.blobs.read(sha)
    except FileNotFoundError as error:
        raise Problem(404, "not_found", f"the recording of call {call_id} is no longer stored") from error
