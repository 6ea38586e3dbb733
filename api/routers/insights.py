"""Insights across calls: contact drivers (topics), trends, and full-text search over turns."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool

from api.auth import InsightsWriter, ResultsReader
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from api.views import model_response
from voc import across_calls
from voc.store.insights import SearchFilters
from voc.views import SearchView, TopicCalls, TopicChange, TopicMerge, TopicsView, TopicView, TrendsView

router = APIRouter(tags=["insights"])

DEFAULT_TREND_DAYS = 56


@router.get(
    "/v1/insights/trends",
    response_model=TrendsView,
    summary="Calls per day or week by topic, category, agent or channel, with spikes flagged",
    responses=problems(*AUTHENTICATED, 422),
)
async def trends(
    _: ResultsReader,
    context: Context,
    group_by: Literal["topic", "category", "agent", "channel", "task"] = "category",
    interval: Literal["day", "week"] = "day",
    since: Annotated[dt.date | None, Query(description=f"first day; default {DEFAULT_TREND_DAYS} days ago")] = None,
    until: Annotated[dt.date | None, Query(description="last day (inclusive); default today (UTC)")] = None,
) -> Response:
    last = until or dt.datetime.now(dt.UTC).date()
    first = since or last - dt.timedelta(days=DEFAULT_TREND_DAYS - 1)

    def load() -> TrendsView:
        return across_calls.trends(context.database, group_by, interval, first, last)

    try:
        return model_response(await run_in_threadpool(load))
    except ValueError as error:
        raise Problem(422, "invalid_range", str(error)) from None


@router.get(
    "/v1/search",
    response_model=SearchView,
    summary="Turns of analysed calls and conversations that hold every word of the query",
    responses=problems(*AUTHENTICATED, 422),
)
async def search(
    _: ResultsReader,
    context: Context,
    q: Annotated[str, Query(min_length=1, max_length=200, description="words in any form: 'заблокировали карту'")],
    since: dt.date | None = None,
    until: dt.date | None = None,
    speaker: Literal["agent", "customer"] | None = None,
    sentiment: Annotated[
        Literal["negative", "neutral", "positive"] | None, Query(description="of the turn that matched")
    ] = None,
    category: Annotated[str | None, Query(max_length=200)] = None,
    topic: Annotated[str | None, Query(max_length=200)] = None,
    agent_id: Annotated[str | None, Query(max_length=200)] = None,
    customer_id: Annotated[str | None, Query(max_length=200)] = None,
    channel: Annotated[str | None, Query(max_length=16, description="voice, chat, email, review, other")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    filters = SearchFilters(
        since=since,
        until=until,
        speaker=speaker,
        sentiment=sentiment,
        category=category,
        topic=topic,
        agent_id=agent_id,
        customer_id=customer_id,
        channel=channel,
    )

    def load() -> SearchView:
        return across_calls.search(context.database, q, filters, limit, offset)

    return model_response(await run_in_threadpool(load))


@router.get(
    "/v1/insights/topics",
    response_model=TopicsView,
    summary="Contact drivers: why customers get in touch, biggest first",
    responses=problems(*AUTHENTICATED, 422),
)
async def topics(
    _: ResultsReader,
    context: Context,
    since: Annotated[dt.date | None, Query(description="count contacts from this day (default: all)")] = None,
) -> Response:
    return model_response(await run_in_threadpool(across_calls.topics_view, context.database, since))


@router.get(
    "/v1/insights/topics/{topic_id}/calls",
    response_model=TopicCalls,
    summary="The calls and conversations of one topic, newest first",
    responses=problems(*AUTHENTICATED, 404, 422),
)
async def topic_calls(
    topic_id: str,
    _: ResultsReader,
    context: Context,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    found = await run_in_threadpool(across_calls.calls_of_topic, context.database, topic_id, limit, offset)
    if found is None:
        raise Problem(404, "not_found", f"no topic {topic_id[:60]}")
    return model_response(found)


@router.patch(
    "/v1/insights/topics/{topic_id}",
    response_model=TopicView,
    summary="Rename or pin a topic; the change survives rebuilds",
    responses=problems(*AUTHENTICATED, 404, 422),
)
async def change_topic(topic_id: str, change: TopicChange, _: InsightsWriter, context: Context) -> Response:
    found = await run_in_threadpool(across_calls.change_topic, context.database, topic_id, change)
    if found is None:
        raise Problem(404, "not_found", f"no topic {topic_id[:60]}")
    return model_response(found)


@router.post(
    "/v1/insights/topics/{topic_id}/merge",
    response_model=TopicsView,
    summary="Merge a topic into another: its contacts move now and after every rebuild",
    responses=problems(*AUTHENTICATED, 404, 422),
)
async def merge_topic(topic_id: str, merge: TopicMerge, _: InsightsWriter, context: Context) -> Response:
    done = await run_in_threadpool(across_calls.merge_topic, context.database, topic_id, merge.into)
    if not done:
        raise Problem(404, "not_found", f"no live topics {topic_id[:60]} and {merge.into} to merge (or the same one)")
    return model_response(await run_in_threadpool(across_calls.topics_view, context.database, None))
