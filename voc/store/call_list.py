"""The calls and conversations as a list a person pages through: filters, sorting, counts.

Every stored call is listed with its status (queued, processing, done, failed; a failed one with
its reason). For analysed calls it reads what the insights keep per finished call (call_facts,
call_labels, turn_search in voc/store/insights.py), so a page costs a few indexed queries however
many calls are stored; the analyses themselves are not opened. A filter on what only an analysis
knows (sentiment, escalation, task, topic, category) leaves out calls not analysed yet. The web
view's calls page shows this.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Date, case, exists, func, select
from sqlalchemy.orm import Session

from voc.store.tables import Call, call_facts, call_labels, topics, turn_search

SortKey = Literal["date", "-date", "duration", "-duration", "score", "-score"]
SORT_KEYS: tuple[str, ...] = ("-date", "date", "-duration", "duration", "-score", "score")
SENTIMENTS = ("negative", "neutral", "positive")
CHANNELS = ("voice", "chat", "email", "review", "other")
STATUSES = ("queued", "processing", "done", "failed")


@dataclass(frozen=True)
class CallListFilters:
    since: dt.date | None = None
    until: dt.date | None = None
    channel: str | None = None
    end_sentiment: str | None = None
    escalated: bool | None = None
    task_type: str | None = None
    topic: str | None = None
    category: str | None = None
    agent_id: str | None = None
    customer_id: str | None = None
    status: str | None = None  # one of STATUSES; None: every call
    # Only these calls (the ones a full-text search found); None: no such restriction.
    call_ids: Collection[str] | None = None


@dataclass
class CallListRow:
    call_id: str
    kind: str
    channel: str
    status: str
    started_at: dt.datetime
    occurred_on: dt.date
    duration_s: float | None  # None until analysed
    agent_id: str | None
    customer_id: str | None
    end_sentiment: str | None
    escalated: bool
    qa_score: float | None
    # A failed call: the stage, the error's code and its message (why it failed, for a person).
    failure: tuple[str, str, str] | None = None
    tasks: list[str] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (id, label)
    categories: list[str] = field(default_factory=list)
    # The customer's sentiment turn by turn (-1 negative, 0 neutral, +1 positive): the emotional arc.
    arc: list[int] = field(default_factory=list)


@dataclass
class CallListPage:
    rows: list[CallListRow]
    total: int
    offset: int
    limit: int


@dataclass
class FilterChoices:
    """What the filters can be set to: the values the stored calls have."""

    agents: list[str]
    task_types: list[str]
    categories: list[str]
    topics: list[tuple[str, str]]  # (id, label)
    channels: list[str]


def _label(kind: str, name: str) -> Any:
    return exists().where(call_labels.c.call_id == Call.id, call_labels.c.kind == kind, call_labels.c.name == name)


# The call's channel and day for calls not analysed yet, as voc/store/insights.py records them for
# analysed ones: a recording is voice, a conversation says its channel (chat when it does not).
call_channel = func.coalesce(
    call_facts.c.channel,
    case((Call.kind == "call", "voice"), else_=func.coalesce(Call.meta["channel"].as_string(), "chat")),
)
call_day = func.coalesce(
    call_facts.c.occurred_on, func.date(func.coalesce(Call.started_at, Call.created_at)), type_=Date
)


def _conditions(filters: CallListFilters) -> list[Any]:
    facts = call_facts.c
    conditions: list[Any] = []
    if filters.status is not None:
        conditions.append(Call.status == filters.status)
    if filters.since is not None:
        conditions.append(call_day >= filters.since)
    if filters.until is not None:
        conditions.append(call_day <= filters.until)
    if filters.channel is not None:
        conditions.append(call_channel == filters.channel)
    if filters.end_sentiment is not None:
        conditions.append(facts.end_sentiment == filters.end_sentiment)
    if filters.escalated is not None:
        conditions.append(facts.escalated.is_(filters.escalated))
    if filters.agent_id is not None:
        conditions.append(Call.agent_id == filters.agent_id)
    if filters.customer_id is not None:
        conditions.append(Call.customer_id == filters.customer_id)
    if filters.task_type is not None:
        conditions.append(_label("task", filters.task_type))
    if filters.topic is not None:
        conditions.append(_label("topic", filters.topic))
    if filters.category is not None:
        conditions.append(_label("category", filters.category))
    if filters.call_ids is not None:
        conditions.append(Call.id.in_(list(filters.call_ids)))
    return conditions


def _order(sort: str) -> list[Any]:
    facts = call_facts.c
    descending = sort.startswith("-")
    # The call's day is the day it started (or was received), so ordering by that time orders by
    # day too, for analysed calls and the others alike, without working out each row's day.
    started = func.coalesce(Call.started_at, Call.created_at)
    key = sort.lstrip("-")
    if key == "date":
        return [started.desc() if descending else started.asc(), Call.id]
    column: Any = {"duration": facts.duration_s, "score": facts.qa_score}[key]
    by = column.desc() if descending else column.asc()
    return [by.nulls_last(), started.desc(), Call.id]


def _needs_facts(filters: CallListFilters, sort: str) -> bool:
    return sort.lstrip("-") != "date" or any(
        value is not None
        for value in (filters.since, filters.until, filters.channel, filters.end_sentiment, filters.escalated)
    )


def list_calls_page(
    session: Session, filters: CallListFilters, sort: str = "-date", limit: int = 50, offset: int = 0
) -> CallListPage:
    """One page of the calls that pass `filters`, sorted by `sort` (one of SORT_KEYS), and how many pass."""
    if sort not in SORT_KEYS:
        raise ValueError(f"sort by one of {', '.join(SORT_KEYS)}")
    conditions = _conditions(filters)
    if filters.call_ids is not None and not filters.call_ids:
        return CallListPage([], 0, offset, limit)
    facts = call_facts.c

    def over_calls(query: Any) -> Any:
        # The facts are joined only when a filter or the sort needs them: the plain list, newest
        # first, counts and pages through the calls table alone.
        return query.outerjoin(call_facts, facts.call_id == Call.id) if _needs_facts(filters, sort) else query

    total = int(session.scalar(over_calls(select(func.count(Call.id))).where(*conditions)) or 0)
    page_ids = over_calls(select(Call.id)).where(*conditions).order_by(*_order(sort)).limit(limit).offset(offset)
    rows = session.execute(
        select(
            Call.id,
            Call.kind,
            Call.status,
            Call.agent_id,
            Call.customer_id,
            Call.started_at,
            Call.created_at,
            Call.failed_stage,
            Call.error_code,
            Call.error_message,
            call_channel.label("channel"),
            call_day.label("day"),
            facts.duration_s,
            facts.end_sentiment,
            facts.escalated,
            facts.qa_score,
        )
        .outerjoin(call_facts, facts.call_id == Call.id)
        .where(Call.id.in_(page_ids.scalar_subquery()))
        .order_by(*_order(sort))
    ).all()
    page = []
    for r in rows:
        started = _aware(r.started_at or r.created_at)
        page.append(
            CallListRow(
                call_id=r.id,
                kind=r.kind,
                channel=r.channel,
                status=r.status,
                started_at=started,
                occurred_on=r.day if isinstance(r.day, dt.date) else started.date(),
                duration_s=None if r.duration_s is None else float(r.duration_s),
                agent_id=r.agent_id,
                customer_id=r.customer_id,
                end_sentiment=r.end_sentiment,
                escalated=bool(r.escalated),
                qa_score=r.qa_score,
                failure=(r.failed_stage or "", r.error_code or "", r.error_message or "")
                if r.status == "failed"
                else None,
            )
        )
    _add_labels_and_arcs(session, page)
    return CallListPage(page, total, offset, limit)


def _add_labels_and_arcs(session: Session, page: list[CallListRow]) -> None:
    if not page:
        return
    ids = [row.call_id for row in page]
    by_id = {row.call_id: row for row in page}
    topic_labels = topic_names(session)
    for call_id, kind, name in session.execute(
        select(call_labels.c.call_id, call_labels.c.kind, call_labels.c.name)
        .where(call_labels.c.call_id.in_(ids))
        .order_by(call_labels.c.call_id, call_labels.c.kind, call_labels.c.name)
    ):
        row = by_id[call_id]
        if kind == "task":
            row.tasks.append(name)
        elif kind == "category":
            row.categories.append(name)
        elif kind == "topic":
            row.topics.append((name, topic_labels.get(name, name)))
    arcs: dict[str, list[int]] = defaultdict(list)
    points = {"negative": -1, "neutral": 0, "positive": 1}
    for call_id, sentiment in session.execute(
        select(turn_search.c.call_id, turn_search.c.sentiment)
        .where(turn_search.c.call_id.in_(ids), turn_search.c.speaker == "customer")
        .order_by(turn_search.c.call_id, turn_search.c.turn_index)
    ):
        if sentiment in points:
            arcs[call_id].append(points[sentiment])
    for call_id, arc in arcs.items():
        by_id[call_id].arc = arc


def topic_names(session: Session) -> dict[str, str]:
    """Each topic's name for people: the analyst's label where one was given."""
    return {
        row.id: row.custom_label or row.label
        for row in session.execute(select(topics.c.id, topics.c.label, topics.c.custom_label))
    }


def filter_choices(session: Session) -> FilterChoices:
    labels: dict[str, list[str]] = defaultdict(list)
    for kind, name in session.execute(
        select(call_labels.c.kind, call_labels.c.name).distinct().order_by(call_labels.c.kind, call_labels.c.name)
    ):
        labels[kind].append(name)
    names = topic_names(session)
    agents = session.scalars(select(Call.agent_id).where(Call.agent_id.is_not(None)).distinct().order_by(Call.agent_id))
    channels = session.scalars(select(call_facts.c.channel).distinct().order_by(call_facts.c.channel))
    return FilterChoices(
        agents=[a for a in agents if a],
        task_types=labels["task"],
        categories=labels["category"],
        topics=sorted(((t, names.get(t, t)) for t in labels["topic"]), key=lambda pair: pair[1]),
        channels=list(channels),
    )


def call_facts_of(session: Session, call_id: str) -> dict[str, Any] | None:
    """The stored facts of one analysed call (channel, dates, agent, customer), or None."""
    row = session.execute(select(call_facts).where(call_facts.c.call_id == call_id)).mappings().first()
    return dict(row) if row is not None else None


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
