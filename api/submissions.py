"""How a submission's domain result (voc.jobs.submit) is answered over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from api.problems import Problem
from api.views import model_response
from voc.jobs.submit import SubmitOutcome, SubmitResult
from voc.views import Accepted

# How each submission outcome is answered. A replayed Idempotency-Key result carries the
# first outcome, so it gets the same status and body as the first answer.
SUBMIT_STATUS: dict[SubmitOutcome, int] = {
    SubmitOutcome.ACCEPTED: 202,
    SubmitOutcome.DUPLICATE: 200,
    SubmitOutcome.KEY_REUSED: 422,
    SubmitOutcome.KEY_IN_FLIGHT: 409,
}
SUBMIT_PROBLEMS: dict[SubmitOutcome, tuple[str, str]] = {
    SubmitOutcome.KEY_REUSED: ("idempotency_key_reused", "this Idempotency-Key was used with a different request"),
    SubmitOutcome.KEY_IN_FLIGHT: (
        "idempotency_key_in_flight",
        "a request with this Idempotency-Key is still being processed",
    ),
}


def submission_response(result: SubmitResult) -> Response:
    status = SUBMIT_STATUS[result.outcome]
    if result.call is None:
        code, detail = SUBMIT_PROBLEMS[result.outcome]
        raise Problem(status, code, detail)
    accepted = Accepted.for_call(result.call, duplicate=result.outcome is SubmitOutcome.DUPLICATE)
    return model_response(accepted, status_code=status, headers={"Location": accepted.status_url})


LOCATION = {"Location": {"description": "the status_url", "schema": {"type": "string"}}}


def accepted_responses(duplicate: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI entries of a submission's two answers: 202 new, 200 `duplicate` (what was sent before)."""
    return {
        202: {"description": "stored and queued; poll status_url", "headers": LOCATION},
        200: {"model": Accepted, "description": duplicate, "headers": LOCATION},
    }
