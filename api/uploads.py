"""Request bodies read with a size cap (multipart uploads spooled to disk, JSON bodies in memory),
and the audio format check before anything is stored.

Every route that takes a body reads it itself, through these helpers, after its key was checked:
a request without a valid key is answered 401 before a byte of its body is read, and one past
the cap 413 as soon as it passes (at once when `Content-Length` says so), never after buffering it.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import BinaryIO

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.problems import Problem
from voc.audio.formats import sniff_audio_format

HEAD_BYTES = 64


def _declared_over(request: Request, max_bytes: int) -> bool:
    declared = request.headers.get("content-length")
    return bool(declared and declared.isdigit() and int(declared) > max_bytes)


async def _capped(stream: AsyncIterator[bytes], max_bytes: int) -> AsyncGenerator[bytes, None]:
    total = 0
    async for chunk in stream:
        total += len(chunk)
        if total > max_bytes:
            raise Problem(413, "upload_too_large", f"the upload is larger than the limit of {max_bytes} bytes")
        yield chunk


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The whole body of a JSON request, refused with 413 `request_too_large` once it passes `max_bytes`."""
    too_large = Problem(413, "request_too_large", f"the request is larger than the limit of {max_bytes} bytes")
    if _declared_over(request, max_bytes):
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


async def read_multipart(request: Request, max_bytes: int) -> FormData:
    """Parse a multipart body, spooling files to disk, stopping as soon as it passes `max_bytes`."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise Problem(415, "unsupported_media_type", "send multipart/form-data with the recording in the 'audio' part")
    if _declared_over(request, max_bytes):
        raise Problem(413, "upload_too_large", f"the upload is larger than the limit of {max_bytes} bytes")
    parser = MultiPartParser(request.headers, _capped(request.stream(), max_bytes), max_files=1, max_fields=16)
    try:
        return await parser.parse()
    except MultiPartException as error:
        raise Problem(400, "bad_multipart", error.message) from error


def form_text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Problem(422, "invalid_input", f"the '{name}' part must be a text field, not a file")
    return value


def audio_part(form: FormData) -> UploadFile:
    audio = form.get("audio")
    if audio is None or isinstance(audio, str):
        raise Problem(422, "invalid_input", "the recording must be sent as a file in the 'audio' part")
    return audio


def _check_and_hash(file: BinaryIO) -> tuple[str, int]:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    if not head:
        raise Problem(422, "empty_audio", "the uploaded recording is empty")
    if sniff_audio_format(head) is None:
        raise Problem(415, "unsupported_audio_format", "the upload is not WAV, FLAC, OGG/Opus or MP3 audio")
    digest, size = hashlib.sha256(head), len(head)
    while chunk := file.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


async def check_audio(upload: UploadFile) -> tuple[str, int]:
    """Reject what is not audio (415) or empty; return the content's sha256 and size."""
    return await run_in_threadpool(_check_and_hash, upload.file)
