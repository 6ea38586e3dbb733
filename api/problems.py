"""Errors as JSON problem bodies (RFC 9457): type, title, status, detail, code."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from voc.errors import (
    AudioError,
    AudioTooLongError,
    BlobDamagedError,
    BlobStoreError,
    InvalidInputError,
    ModelMissingError,
    NotAudioError,
    VocError,
)
from voc.store.db import OUTAGE_ERRORS, describe_outage
from voc.views import ProblemDetails

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

# The HTTP status each kind of VocError is answered with. A subclass not listed takes its
# nearest listed parent's status (every AudioError is 422 unless it is listed itself).
ERROR_STATUS: dict[type[VocError], int] = {
    AudioError: 422,
    NotAudioError: 415,
    AudioTooLongError: 413,
    InvalidInputError: 422,
    ModelMissingError: 503,
    BlobStoreError: 503,
    BlobDamagedError: 500,
}


def error_status(error: VocError) -> int:
    """The status for `error`: the table's, else 503 when trying again may help, else 400."""
    for kind in type(error).__mro__:
        if kind in ERROR_STATUS:
            return ERROR_STATUS[kind]
    return 503 if error.retryable else 400


class Problem(Exception):
    """An error the API answers with directly."""

    def __init__(
        self, status: int, code: str, detail: str, *, headers: Mapping[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra
        self.headers = dict(headers or {})


# A problem names what was wrong, it does not hand the request back: a detail that quotes the
# input (an id, a cursor, a field's value) is cut to a short prefix, and so is each field error.
MAX_DETAIL_CHARS = 300
MAX_FIELD_ERRORS = 20


def shorten(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem_response(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    if isinstance(extra.get("errors"), list):
        extra["errors"] = [
            {
                **e,
                "loc": [shorten(p, 60) if isinstance(p, str) else p for p in e.get("loc", [])],
                "msg": shorten(str(e.get("msg", "")), 200),
            }
            for e in extra["errors"][:MAX_FIELD_ERRORS]
        ]
    problem = ProblemDetails(
        type=f"https://voc.example/problems/{code}",
        title=HTTPStatus(status).phrase,
        status=status,
        code=code,
        detail=shorten(detail),
        **extra,
    )
    body = problem.model_dump(mode="json", exclude_unset=True)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path: Starlette's own 405 names only the first
    matching route's, and GET and DELETE /v1/calls/{id} are two routes."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, error: Problem) -> JSONResponse:
        response = problem_response(error.status, error.code, error.detail, **error.extra)
        response.headers.update(error.headers)
        return response

    @app.exception_handler(VocError)
    async def _voc_error(_: Request, error: VocError) -> JSONResponse:
        return problem_response(error_status(error), error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in error.errors()
        ]
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
        return problem_response(422, "invalid_input", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = HTTPStatus(error.status_code).phrase.lower().replace(" ", "_")
        response = problem_response(error.status_code, code, str(error.detail))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(request))
        return response

    async def _database_outage(request: Request, error: Exception) -> JSONResponse:
        # Recoverable: one line, no traceback; the client retries (nothing was half-stored).
        log.warning("%s %s: database unreachable: %s", request.method, request.url.path, describe_outage(error))
        return problem_response(503, "database_unavailable", "the database cannot be reached; retry later")

    for outage in OUTAGE_ERRORS:
        app.add_exception_handler(outage, _database_outage)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, _: ClientDisconnect) -> JSONResponse:
        # The client closed the connection before sending its whole body: nobody reads this answer,
        # and it is no server error.
        log.info("client disconnected before sending the whole body of %s %s", request.method, request.url.path)
        return problem_response(400, "client_disconnected", "the connection closed before the whole body arrived")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem_response(500, "internal_error", "an unexpected error occurred; it has been logged")
