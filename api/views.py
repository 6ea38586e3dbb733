"""Responses from the outbound models in voc/views.py: the bytes are the documented model's."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel

JSON = "application/json"


def model_response(view: BaseModel, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A view serialised by pydantic (no second validation pass, as FastAPI's own path would make)."""
    return Response(view.model_dump_json(), status_code=status_code, media_type=JSON, headers=headers)


def json_bytes_response(body: bytes) -> Response:
    """JSON a view has already written (with stored analyses or payloads embedded unparsed)."""
    return Response(body, media_type=JSON)
