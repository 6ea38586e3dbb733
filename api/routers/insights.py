"""Insights across calls: contact drivers (topics), trends, and full-text search over turns."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.concurrency import run_in_threadpool

from api.auth import InsightsWriter, ResultsReader
from api.context import Context
from api.openapi import AUTHENTICATED, problems
from api.problems import Problem
from api.views import model_response
from voc import across_calls
from voc.intake import IsoDate
from voc.store.insights import SearchFilters
from voc.views import SearchView, TopicCalls, TopicChange, TopicMerge, TopicsView, TopicView, TrendsView

router = APIRouter(tags=["insights"])

DEFAULT_TREND_DAYS = 56
TopicId = Annotated[str, Path(max_length=40, description="a topic's id from GET /v1/insights/topics")]


@router.get(
    "/v1/insights/trends",
    response_model=TrendsView,
    summary="Calls per day or week by topic, category, agent or channel, with spikes flagged",
    response_description="one bucket per period and key that had calls, oldest first",
    responses=problems(*AUTHENTICATED, 422),
)
async def trends(
    _: ResultsReader,
    context: Context,
    group_by: Annotated[
        Literal["topic", "category", "agent", "channel", "task"],
        Query(description="what a bucket counts: a topic, a category, an agent id, a channel or a task type"),
    ] = "category",
    interval: Annotated[Literal["day", "week"], Query(description="a bucket per day, or per week from Monday")] = "day",
    since: Annotated[IsoDate | None, Query(description=f"first day; default {DEFAULT_TREND_DAYS} days ago")] = None,
    until: Annotated[IsoDate | None, Query(description="last day (inclusive); default today (UTC)")] = None,
) -> Response:
    """Counts, negative endings, escalations and mean QA score per period and key. A bucket far above
    the key's usual level is flagged as a spike (docs/insights.md says how). Needs `results:read`."""
    last = until or dt.datetime.now(dt.UTC).date()
    try:
        first = since or last - dt.timedelta(days=DEFAULT_TREND_DAYS - 1)
    except OverflowError:
        raise Problem(422, "invalid_range", f"no {DEFAULT_TREND_DAYS} days before {last}: give since") from None

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
    response_description="matching turns, newest first, with their call and playback times",
    responses=problems(*AUTHENTICATED, 422),
)
async def search(
    _: ResultsReader,
    context: Context,
    q: Annotated[str, Query(min_length=1, max_length=200, description="words in any form: 'заблокировали карту'")],
    since: Annotated[IsoDate | None, Query(description="calls from this day on")] = None,
    until: Annotated[IsoDate | None, Query(description="calls up to this day (inclusive)")] = None,
    speaker: Annotated[Literal["agent", "customer"] | None, Query(description="only this party's turns")] = None,
    sentiment: Annotated[
        Literal["negative", "neutral", "positive"] | None, Query(description="of the turn that matched")
    ] = None,
    category: Annotated[str | None, Query(max_length=200, description="only calls in this category")] = None,
    topic: Annotated[str | None, Query(max_length=200, description="only calls of this topic id")] = None,
    agent_id: Annotated[str | None, Query(max_length=200, description="only this agent's calls")] = None,
    customer_id: Annotated[str | None, Query(max_length=200, description="only this customer's calls")] = None,
    channel: Annotated[str | None, Query(max_length=16, description="voice, chat, email, review, other")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many turns")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000, description="skip this many (paging)")] = 0,
) -> Response:
    """Full-text search over stored turns: every word of `q` must be in the turn, in any form
    ("заблокировали карту" finds "карта заблокирована"). Needs `results:read`."""
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
    response_description="the topics with counts, shares, end sentiment, escalation rate and examples",
    responses=problems(*AUTHENTICATED, 422),
)
async def topics(
    _: ResultsReader,
    context: Context,
    since: Annotated[IsoDate | None, Query(description="count contacts from this day (default: all)")] = None,
) -> Response:
    """The topics `voc insights build` discovered from what customers say, with the analyst's names,
    pins and merges applied. Needs `results:read`."""
    return model_response(await run_in_threadpool(across_calls.topics_view, context.database, since))


@router.get(
    "/v1/insights/topics/{topic_id}/calls",
    response_model=TopicCalls,
    summary="The calls and conversations of one topic, newest first",
    response_description="the topic's calls with their similarity score, day and end sentiment",
    responses=problems(*AUTHENTICATED, 404, 422),
)
async def topic_calls(
    topic_id: TopicId,
    _: ResultsReader,
    context: Context,
    limit: Annotated[int, Query(ge=1, le=500, description="at most this many calls")] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000, description="skip this many (paging)")] = 0,
) -> Response:
    """Every contact currently in the topic, for drilling into a number. Needs `results:read`."""
    found = await run_in_threadpool(across_calls.calls_of_topic, context.database, topic_id, limit, offset)
    if found is None:
        raise Problem(404, "not_found", f"no topic {topic_id[:60]}")
    return model_response(found)


@router.patch(
    "/v1/insights/topics/{topic_id}",
    response_model=TopicView,
    summary="Rename or pin a topic; the change survives rebuilds",
    response_description="the topic as it is now",
    responses=problems(*AUTHENTICATED, 404, 422),
)
async def change_topic(topic_id: TopicId, change: TopicChange, _: InsightsWriter, context: Context) -> Response:
    """An analyst names a topic in the contact centre's words, or pins it so a rebuild that no longer
    finds it keeps it. Needs `insights:write`."""
    found = await run_in_threadpool(across_calls.change_topic, context.database, topic_id, change)
    if found is None:
        raise Problem(404, "not_found", f"no topic {topic_id[:60]}")
    return model_response(found)


@router.post(
    "/v1/insights/topics/{topic_id}/merge",
    response_model=TopicsView,
    summary="Merge a topic into another: its contacts move now and after every rebuild",
    response_description="all topics after the merge",
    responses=problems(*AUTHENTICATED, 404, 422),
)
async def merge_topic(topic_id: TopicId, merge: TopicMerge, _: InsightsWriter, context: Context) -> Response:
    """Two topics that are one reason for contact become one: the merged topic's contacts go to
    `into`, now and after every rebuild. Needs `insights:write`."""
    done = await run_in_threadpool(across_calls.merge_topic, context.database, topic_id, merge.into)
    if not done:
        raise Problem(404, "not_found", f"no live topics {topic_id[:60]} and {merge.into} to merge (or the same one)")
    return model_response(await run_in_threadpool(across_calls.topics_view, context.database, None))
