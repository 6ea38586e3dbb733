"""The OpenAPI document: the error answers each endpoint declares, as `application/problem+json` bodies.

Routes list the statuses they can answer with `responses=problems(...)`; anything else they might
answer (500 when something unexpected failed) is the `default` response, a Problem too. Declaring
`default` also keeps FastAPI from adding its own 422 `HTTPValidationError` in `application/json`,
which this API never sends: request validation errors are problems as well (api/problems.py).

Every endpoint that takes a key can answer 429 (api/limits.py: the key's request rate or requests
in progress, or all synchronous analysis slots taken), with `Retry-After` in seconds.

Also set here, for the whole document: the stable operation ids generated clients are named
after, the schemas hand-written request bodies refer to, and the examples recorded from a real
run. What each operation does, its parameters and its answers are described beside the route.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from api.problems import PROBLEM_JSON
from voc.intake import CallMetadata
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
    416: "the Range header asks for bytes past the end (range_not_satisfiable)",
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
    declared["default"] = _problem(
        "an unexpected error (500, internal_error; it is logged), or the database cannot be reached "
        "(503, database_unavailable: retry later)"
    )
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


# Operation ids are the names generated clients give their functions, so they must not change
# when a handler is renamed. Each route's id is its handler's name in lowerCamelCase
# (`upload_call` -> `uploadCall`) unless it is listed here.
OPERATION_IDS = {
    "analyze": "analyzeRecording",
    "route_caller": "route",
    "list_decisions": "listRouteDecisions",
    "policy_status": "getRoutePolicy",
    "healthz": "getHealth",
    "trends": "getTrends",
    "search": "searchTurns",
    "topics": "listTopics",
    "topic_calls": "listTopicCalls",
    "livez": "getLiveness",  # h19's probes, merged separately
    "readyz": "getReadiness",
}


def operation_id(route: APIRoute) -> str:
    """FastAPI's `generate_unique_id_function`: the stable operation id of a route."""
    if route.name in OPERATION_IDS:
        return OPERATION_IDS[route.name]
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


# Schemas that request bodies written by hand (multipart parts) refer to.
REFERENCED_MODELS: dict[str, tuple[type[BaseModel], JsonSchemaMode]] = {
    PROBLEM_SCHEMA: (ProblemDetails, "serialization"),
    "CallMetadata": (CallMetadata, "validation"),
}


def install_openapi(app: FastAPI) -> None:
    """Add the schemas the hand-written parts refer to (the Problem of error answers, the
    CallMetadata part of an upload) and the examples of api/openapi_examples.json."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI builds it once and caches it on the app
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        if PROBLEM_SCHEMA not in schemas:
            for name, (model, mode) in REFERENCED_MODELS.items():
                schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode=mode)
                schemas.update(schema.pop("$defs", {}))
                schemas[name] = schema
            add_examples(document, load_examples())
        return document

    app.openapi = openapi  # type: ignore[method-assign]


# Real request and answer bodies, recorded from a real analysis of a test call by
# scripts/make_openapi_examples.py: {operationId: {"request": {media type: body},
# "responses": {status: body}}}. Regenerate it when a body's shape changes (a test checks each
# example against the schema the document gives for it).
EXAMPLES_PATH = Path(__file__).with_name("openapi_examples.json")


def load_examples() -> dict[str, Any]:
    examples: dict[str, Any] = json.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))
    return examples


def add_examples(document: dict[str, Any], examples: Mapping[str, Any]) -> None:
    """Put each recorded body into the document beside the schema it is an example of."""
    for operations in document["paths"].values():
        for operation in operations.values():
            recorded = examples.get(operation.get("operationId"), {})
            body = operation.get("requestBody", {}).get("content", {})
            for media_type, example in recorded.get("request", {}).items():
                if media_type in body:
                    body[media_type]["example"] = example
            for status, example in recorded.get("responses", {}).items():
                for content in operation["responses"].get(status, {}).get("content", {}).values():
                    content["example"] = example
