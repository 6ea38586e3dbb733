"""The CRM feed: `GET /v1/events?after=<cursor>` (see voc/store/events.py for the no-gap guarantee)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool

from api.auth import ResultsReader
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from api.views import json_bytes_response
from voc.store.events import read_events
from voc.views import EventPage

router = APIRouter(prefix="/v1/events", tags=["events"])


@router.get(
    "",
    response_model=EventPage,
    summary="Events after a cursor, oldest first (at-least-once)",
    response_description="up to `limit` events after the cursor, and the cursor to pass next",
    responses=problems(*AUTHENTICATED, 422, notes={422: "a cursor this feed did not hand out, or a bad limit"}),
)
async def list_events(
    _: ResultsReader,
    context: Context,
    after: Annotated[str | None, Query(description="the next_cursor of the previous page; empty for the start")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many events")] = 100,
) -> Response:
    """The CRM's feed: `call.analyzed`, `call.failed`, `task.created` and `call.deleted`, in the
    order they happened. Start with `after` empty, store `next_cursor` after handling a page, and
    pass it next time; an empty page keeps the same cursor (poll again in a few seconds). Events
    can come twice after a crash (at-least-once): use the event `id` to skip repeats. Nothing is
    skipped: an event committed late is still delivered after the cursor. Needs `results:read`."""

    def load() -> bytes:
        with context.database.read() as session:
            rows, cursor = read_events(session, after, limit)
        return EventPage.json_from_feed(rows, cursor)

    return json_bytes_response(await run_in_threadpool(load))
