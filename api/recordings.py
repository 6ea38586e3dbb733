"""A stored recording as an HTTP answer: its content type told from its first bytes, and one byte
range when the player asks for one (browsers seek in <audio> with `Range: bytes=a-b`)."""

from __future__ import annotations

import re

from fastapi import Response

from api.problems import problem_response
from voc.audio.formats import sniff_audio_format

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
