"""What the insights across calls read: facts, labels and searchable turns of each analysed call.

A finished call gets one `call_facts` row, its `call_labels` (categories, task types) and one
`turn_search` row per turn, in the transaction that stores its result (`record_call_insights`,
called by the job runner) or again from the stored result (`voc insights build`). Trends group the
facts by day; search reads the turns through SQLite's FTS5 or PostgreSQL's full-text index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, and_, case, delete, exists, func, insert, literal_column, select, text
from sqlalchemy.orm import Session

from voc.schemas import CallAnalysis
from voc.stage_types import SearchTerms
from voc.store.tables import Call, Result, call_facts, call_labels, turn_search

GroupBy = Literal["topic", "category", "agent", "channel", "task"]
LABEL_KINDS: dict[str, str] = {"topic": "topic", "category": "category", "task": "task"}
NO_AGENT = "(no agent)"
SEARCH_COUNT_CAP = 1000  # counting every hit of a common word over 100k calls is not worth its time


def _channel(call: Call) -> str:
    if call.kind == "call":
        return "voice"
    return str((call.meta or {}).get("channel") or "chat")


def _occurred_on(call: Call) -> dt.date:
    when = call.started_at or call.created_at
    return when.astimezone(dt.UTC).date() if when.tzinfo else when.date()


def record_call_insights(session: Session, call: Call, analysis: CallAnalysis, terms: SearchTerms) -> None:
    """Replace the call's facts, labels and searchable turns with those of `analysis`."""
    forget_call_insights(session, call.id)
    customer = analysis.customer
    session.execute(
        insert(call_facts).values(
            call_id=call.id,
            kind=call.kind,
            channel=_channel(call),
            agent_id=call.agent_id,
            customer_id=call.customer_id,
            occurred_on=_occurred_on(call),
            language=analysis.language,
            duration_s=analysis.duration_s,
            end_sentiment=customer.sentiment_end if customer else None,
            escalated=bool(customer and customer.escalate),
            qa_score=analysis.scorecard.score if analysis.scorecard else None,
        )
    )
    labels: dict[tuple[str, str], float | None] = {("category", c.name): None for c in analysis.categories}
    labels |= {("task", t.type): None for t in analysis.tasks}
    labels |= {("topic", t.id): t.score for t in analysis.topics}
    if labels:
        rows = [{"call_id": call.id, "kind": k, "name": n, "score": s} for (k, n), s in sorted(labels.items())]
        session.execute(insert(call_labels), rows)
    rows = [
        {
            "call_id": call.id,
            "turn_index": turn.index,
            "speaker": turn.speaker,
            "start_s": turn.start if analysis.channels.mode != "text" else None,
            "end_s": turn.end if analysis.channels.mode != "text" else None,
            "sentiment": turn.sentiment.label if turn.sentiment else None,
            "text": turn.display_text or turn.text,
            "lemmas": terms.by_turn.get(turn.index, ""),
        }
        for turn in analysis.turns
    ]
    if rows:
        session.execute(insert(turn_search), rows)


def forget_call_insights(session: Session, call_id: str) -> None:
    for table in (turn_search, call_labels, call_facts):
        session.execute(delete(table).where(table.c.call_id == call_id))


def analysed_call_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Result.call_id).order_by(Result.call_id)))


def results_of(session: Session, call_ids: Sequence[str]) -> list[tuple[Call, dict[str, Any]]]:
    """The calls and their stored analyses (JSON), for those of `call_ids` that have one."""
    rows = session.execute(
        select(Call, Result.analysis).join(Result, Result.call_id == Call.id).where(Call.id.in_(call_ids))
    ).all()
    return [(call, analysis) for call, analysis in rows]


def replace_analysis(session: Session, call_id: str, analysis: CallAnalysis) -> None:
    """Store a re-evaluated analysis of a finished call (new category rules applied)."""
    result = session.get(Result, call_id)
    if result is not None:
        result.analysis = analysis.model_dump(mode="json")


@dataclass(frozen=True)
class SearchFilters:
    since: dt.date | None = None
    until: dt.date | None = None
    speaker: str | None = None
    sentiment: str | None = None  # of the turn that matched
    category: str | None = None
    topic: str | None = None
    agent_id: str | None = None
    customer_id: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class SearchHit:
    call_id: str
    turn_index: int
    speaker: str
    start: float | None
    end: float | None
    text: str
    occurred_on: dt.date
    agent_id: str | None
    customer_id: str | None


def _label_exists(kind: str, name: str) -> Any:
    return exists().where(
        call_labels.c.call_id == call_facts.c.call_id, call_labels.c.kind == kind, call_labels.c.name == name
    )


def _filtered(query: Select[Any], filters: SearchFilters) -> Select[Any]:
    conditions = []
    if filters.since is not None:
        conditions.append(call_facts.c.occurred_on >= filters.since)
    if filters.until is not None:
        conditions.append(call_facts.c.occurred_on <= filters.until)
    if filters.speaker is not None:
        conditions.append(turn_search.c.speaker == filters.speaker)
    if filters.sentiment is not None:
        conditions.append(turn_search.c.sentiment == filters.sentiment)
    if filters.agent_id is not None:
        conditions.append(call_facts.c.agent_id == filters.agent_id)
    if filters.customer_id is not None:
        conditions.append(call_facts.c.customer_id == filters.customer_id)
    if filters.channel is not None:
        conditions.append(call_facts.c.channel == filters.channel)
    if filters.category is not None:
        conditions.append(_label_exists("category", filters.category))
    if filters.topic is not None:
        conditions.append(_label_exists("topic", filters.topic))
    return query.where(and_(*conditions)) if conditions else query


def _match(session: Session, terms: Sequence[str]) -> tuple[Select[Any], Any]:
    """The turns holding every term, and the column to order them by (newest indexed first)."""
    columns = (
        turn_search.c.call_id,
        turn_search.c.turn_index,
        turn_search.c.speaker,
        turn_search.c.start_s,
        turn_search.c.end_s,
        turn_search.c.text,
        call_facts.c.occurred_on,
        call_facts.c.agent_id,
        call_facts.c.customer_id,
    )
    joined = turn_search.join(call_facts, call_facts.c.call_id == turn_search.c.call_id)
    if session.get_bind().dialect.name == "sqlite":
        fts: Any = literal_column("turn_search_fts")
        query = (
            select(*columns)
            .select_from(
                joined.join(text("turn_search_fts"), literal_column("turn_search_fts.rowid") == turn_search.c.id)
            )
            .where(fts.op("MATCH")(" AND ".join('"' + t.replace('"', '""') + '"' for t in terms)))
        )
        # FTS5 hands its matches out in rowid order: ordering by its own rowid (the turn's id)
        # lets SQLite stop after a page instead of sorting every match of a common word.
        return query, literal_column("turn_search_fts.rowid").desc()
    vector = func.to_tsvector(literal_column("'simple'::regconfig"), turn_search.c.lemmas)
    query_vector = func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(terms))
    query = select(*columns).select_from(joined).where(vector.op("@@")(query_vector))
    return query, turn_search.c.id.desc()


def search_turns(
    session: Session, terms: Sequence[str], filters: SearchFilters, limit: int, offset: int
) -> tuple[list[SearchHit], int]:
    """Turns that hold every term (already reduced by voc.insights.query_terms), newest first,
    and how many there are (counted up to SEARCH_COUNT_CAP + 1)."""
    if not terms:
        return [], 0
    query, order = _match(session, terms)
    query = _filtered(query, filters)
    rows = session.execute(query.order_by(order).limit(limit).offset(offset)).all()
    counted = session.scalar(select(func.count()).select_from(query.limit(SEARCH_COUNT_CAP + 1).subquery()))
    hits = [
        SearchHit(
            call_id=r.call_id,
            turn_index=r.turn_index,
            speaker=r.speaker,
            start=r.start_s,
            end=r.end_s,
            text=r.text,
            occurred_on=r.occurred_on,
            agent_id=r.agent_id,
            customer_id=r.customer_id,
        )
        for r in rows
    ]
    return hits, int(counted or 0)


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    key: str
    calls: int
    negative: int
    escalations: int
    score_sum: float
    scored: int


def count_where(condition: Any) -> Any:
    """How many rows of a group meet `condition` (an aggregate for the insights queries)."""
    return func.sum(case((condition, 1), else_=0))


def day_counts(session: Session, group_by: GroupBy, since: dt.date, until: dt.date) -> list[DayCount]:
    """Calls per day and key between two dates (inclusive), with their negative endings,
    escalations and QA scores; trends fold these into weeks and flag spikes."""
    facts = call_facts.c
    if group_by in LABEL_KINDS:
        key: Any = call_labels.c.name
        source: Any = call_facts.join(
            call_labels, and_(call_labels.c.call_id == facts.call_id, call_labels.c.kind == LABEL_KINDS[group_by])
        )
    else:
        key = func.coalesce(facts.agent_id, NO_AGENT) if group_by == "agent" else facts.channel
        source = call_facts
    negative = count_where(facts.end_sentiment == "negative")
    escalations = count_where(facts.escalated)
    query = (
        select(
            facts.occurred_on,
            key.label("key"),
            func.count().label("calls"),
            negative,
            escalations,
            func.coalesce(func.sum(facts.qa_score), 0.0),
            func.count(facts.qa_score),
        )
        .select_from(source)
        .where(facts.occurred_on >= since, facts.occurred_on <= until)
        .group_by(facts.occurred_on, key)
    )
    return [
        DayCount(
            day=row[0] if isinstance(row[0], dt.date) else dt.date.fromisoformat(str(row[0])),
            key=str(row[1]),
            calls=int(row[2]),
            negative=int(row[3] or 0),
            escalations=int(row[4] or 0),
            score_sum=float(row[5] or 0.0),
            scored=int(row[6] or 0),
        )
        for row in session.execute(query)
    ]
