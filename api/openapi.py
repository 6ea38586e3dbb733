"""The error answers each endpoint declares in OpenAPI, as `application/problem+json` Problem bodies.

Routes list the statuses they can answer with `responses=problems(...)`; anything else they might
answer (500 when something unexpected failed) is the `default` response, a Problem too. Declaring
`default` also keeps FastAPI from adding its own 422 `HTTPValidationError` in `application/json`,
which this API never sends: request validation errors are problems as well (api/problems.py).

Every endpoint that takes a key can answer 429 (api/limits.py: the key's request rate or requests
in progress, or all synchronous analysis slots taken), with `Retry-After` in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from api.problems import PROBLEM_JSON
from voc.views import ProblemDetails

PROBLEM_SCHEMA = "Problem"
PROBLEM_REF = {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA}"}

# What each status means on this API; a route may say more about its own case.
PROBLEM_STATUSES = {
    400: "the multipart body cannot be parsed (bad_multipart)",
    401: "no API key, or an unknown or revoked one (unauthorized)",
    403: "the key lacks the scope this endpoint needs (forbidden)",
    404: "nothing with this id (not_found)",
    409: "a request with this Idempotency-Key is still being processed (idempotency_key_in_flight)",
    413: "the request is larger than the limit (upload_too_large, request_too_large, audio_too_long)",
    415: "not a content type or audio format this endpoint takes",
    422: "the request is well-formed but invalid; `errors` lists each field when it did not validate",
    429: "past this key's request rate or requests in progress (VOC_LIMITS__...): retry after Retry-After seconds",
    503: "a service it needs (blob store, model) is unavailable: retry later",
}
AUTHENTICATED = (401, 403, 429)
RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait before trying again", "schema": {"type": "integer", "minimum": 1}}
}


def problems(*statuses: int, notes: Mapping[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the problem statuses a route can answer, plus `default` for the unexpected."""
    notes = notes or {}
    declared: dict[int | str, dict[str, Any]] = {
        status: _problem(notes.get(status, PROBLEM_STATUSES[status])) for status in statuses
    }
    if 429 in declared:
        declared[429]["headers"] = RETRY_AFTER
    declared["default"] = _problem("an unexpected error (500, internal_error); it is logged")
    return declared


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its JSON body itself, after its key check (a body
    parameter would make FastAPI read and parse the body before authenticating): the body is `model`,
    its schema given whole, with the models it nests written in place."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            if reference.startswith("#/$defs/"):
                return resolve(definitions[reference.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value) for value in node]
        return node

    return {"requestBody": {"required": True, "content": {"application/json": {"schema": resolve(schema)}}}}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def install_openapi(app: FastAPI) -> None:
    """Add the Problem schema the declared error responses refer to to the generated document."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI builds it once and caches it on the app
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        if PROBLEM_SCHEMA not in schemas:
            problem = ProblemDetails.model_json_schema(
                ref_template="#/components/schemas/{model}", mode="serialization"
            )
            schemas.update(problem.pop("$defs", {}))
            schemas[PROBLEM_SCHEMA] = problem
        return document

    app.openapi = openapi  # type: ignore[method-assign]
