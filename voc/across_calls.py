"""Questions about many calls at once: trends, search, and rebuilding what they read.

The API's insights and search endpoints and `voc insights ...` both call these; each takes the
database and returns a view model (voc/views.py). What a finished call adds to these tables is
written by the job runner through `index_finished_call`, in the transaction that stores its result.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from voc.insights import RuleSet, apply_rules
from voc.insights.search_terms import query_terms, search_terms
from voc.insights.topics import (
    TopicIndex,
    assign_topics,
    contact_language,
    contact_text,
    discover_topics,
    embed_contacts_in_bulk,
    nearest_topic,
)
from voc.insights.trends import Interval, fold_trends
from voc.schemas import CallAnalysis, TopicRef
from voc.stage_types import DiscoveredTopic
from voc.store.db import Database, connection_lost
from voc.store.insights import (
    SEARCH_COUNT_CAP,
    GroupBy,
    SearchFilters,
    analysed_call_ids,
    day_counts,
    record_call_insights,
    replace_analysis,
    results_of,
    search_turns,
)
from voc.store.tables import Call
from voc.store.topics import (
    StoredTopic,
    contact_vectors_of,
    load_language_means,
    load_topics,
    match_old_topics,
    merge_topics,
    rename_topic,
    replace_language_means,
    replace_topics,
    save_contact_vector,
    set_call_topics,
    topic_calls,
    topic_exists,
    topic_stats,
)
from voc.views import (
    SearchHitView,
    SearchView,
    SentimentShares,
    TopicCall,
    TopicCalls,
    TopicChange,
    TopicExample,
    TopicsView,
    TopicView,
    TrendBucket,
    TrendsView,
)

log = logging.getLogger(__name__)

EMBED_STORE_BATCH = 1024  # contacts embedded between two writes of their vectors

MAX_TREND_DAYS = 3 * 366


def topic_index(database: Database) -> TopicIndex:
    with database.read() as session:
        stored = load_topics(session)
        means = load_language_means(session)
    return TopicIndex(
        topics=[_discovered(t) for t in stored],  # merged ones too: their contacts are redirected
        redirect={t.id: t.merged_into for t in stored if t.merged_into is not None},
        labels={t.id: t.label for t in stored},
        language_means=means,
    )


def _discovered(topic: StoredTopic) -> DiscoveredTopic:
    return DiscoveredTopic(
        id=topic.id,
        label=topic.label,
        keywords=topic.keywords,
        centroid=topic.centroid,
        join_similarity=topic.join_similarity,
        size=topic.size,
        centred_centroid=topic.centred_centroid,
        centred_join_similarity=topic.centred_join_similarity,
    )


def place_in_topics(database: Database, analysis: CallAnalysis) -> tuple[CallAnalysis, np.ndarray]:
    """The analysis with its contact driver from the stored topics, and the contact's vector to keep."""
    return assign_topics(analysis, topic_index(database))


def index_finished_call(
    session: Session, call: Call, analysis: CallAnalysis, contact_vector: np.ndarray | None = None
) -> None:
    """Index the call for trends, search and topics, under a savepoint: a failure here is logged
    and never costs the call its result (`voc insights build` indexes it again). A lost connection
    is not such a failure: it is raised, since the transaction around the savepoint is gone too."""
    terms = search_terms(analysis)
    try:
        with session.begin_nested():
            record_call_insights(session, call, analysis, terms)
            if contact_vector is not None:
                save_contact_vector(session, call.id, contact_vector)
    except SQLAlchemyError as error:
        if connection_lost(error):  # the whole transaction is lost: the caller waits it out and retries
            raise
        log.warning("call %s analysed but not indexed for insights (%s); run `voc insights build`", call.id, error)


def trends(database: Database, group_by: GroupBy, interval: Interval, since: dt.date, until: dt.date) -> TrendsView:
    if until < since:
        raise ValueError("until is before since")
    if (until - since).days > MAX_TREND_DAYS:
        raise ValueError(f"ask for at most {MAX_TREND_DAYS} days at once")
    with database.read() as session:
        rows = day_counts(session, group_by, since, until)
    buckets = [
        TrendBucket(
            period_start=b.period_start,
            key=b.key,
            count=b.count,
            negative_share=b.negative_share,
            escalations=b.escalations,
            qa_score=b.qa_score,
            spike=b.spike,
            usual=b.usual,
        )
        for b in fold_trends(rows, interval, since, until)
    ]
    return TrendsView(group_by=group_by, interval=interval, since=since, until=until, buckets=buckets)


def search(database: Database, query: str, filters: SearchFilters, limit: int, offset: int) -> SearchView:
    terms = query_terms(query)
    with database.read() as session:
        hits, total = search_turns(session, terms, filters, limit, offset)
    return SearchView(
        query=query,
        terms=terms,
        total=total,
        total_capped_at=SEARCH_COUNT_CAP,
        items=[
            SearchHitView(
                call_id=h.call_id,
                turn=h.turn_index,
                speaker=h.speaker,
                start=h.start,
                end=h.end,
                text=h.text,
                date=h.occurred_on,
                agent_id=h.agent_id,
                customer_id=h.customer_id,
            )
            for h in hits
        ],
    )


@dataclass
class BuildReport:
    calls: int = 0
    skipped: int = 0


def _stored_analyses(
    database: Database, ids: Sequence[str], batch: int, *, write: bool
) -> Iterator[tuple[Session, Call, CallAnalysis | None]]:
    """Each stored result of `ids`, parsed, one transaction per batch (a write one with `write`);
    None for a result this voc cannot read (written by a newer one)."""
    for start in range(0, len(ids), batch):
        with database.write() if write else database.read() as session:
            for call, raw in results_of(session, ids[start : start + batch]):
                try:
                    analysis: CallAnalysis | None = CallAnalysis.model_validate(raw)
                except ValidationError:
                    analysis = None
                yield session, call, analysis


def rebuild_index(database: Database, rules: RuleSet | None = None, batch: int = 200) -> BuildReport:
    """Index every stored result again (calls analysed before insights existed, or after the rules
    changed). With `rules`, categories and the scorecard are evaluated again first and stored with
    the result. One transaction per batch of calls."""
    report = BuildReport()
    with database.read() as session:
        ids = analysed_call_ids(session)
    for session, call, analysis in _stored_analyses(database, ids, batch, write=True):
        if analysis is None:
            report.skipped += 1
            continue
        if rules is not None:
            analysis = analysis.model_copy(update=apply_rules(analysis, rules).fields())
            replace_analysis(session, call.id, analysis)
        index_finished_call(session, call, analysis)
        report.calls += 1
    return report


@dataclass
class TopicsReport:
    contacts: int = 0
    embedded: int = 0  # contacts that had no stored vector yet
    topics: int = 0
    kept: int = 0  # old topics that carried over (same id, label and pin)
    unassigned: int = 0


def build_topics(database: Database, batch: int = 200) -> TopicsReport:
    """Discover the contact drivers again over every stored analysis and label every contact.

    Contact vectors are stored, so only contacts analysed before topics existed are embedded (in
    bulk, on the cores that are free: `embed_contacts_in_bulk`)."""
    report = TopicsReport()
    with database.read() as session:
        ids = analysed_call_ids(session)
        vectors = contact_vectors_of(session)
    texts = {
        call.id: contact_text(analysis)
        for _, call, analysis in _stored_analyses(database, ids, batch, write=False)
        if analysis is not None
    }
    order = [i for i in ids if i in texts]
    missing = [i for i in order if i not in vectors]
    for start in range(0, len(missing), EMBED_STORE_BATCH):
        chunk = missing[start : start + EMBED_STORE_BATCH]
        embedded = embed_contacts_in_bulk([texts[i] for i in chunk])
        with database.write() as session:
            for call_id, vector in zip(chunk, embedded, strict=True):
                save_contact_vector(session, call_id, vector)
                vectors[call_id] = vector
    report.contacts, report.embedded = len(order), len(missing)
    if not order:
        return report
    discovery = discover_topics([texts[i] for i in order], np.stack([vectors[i] for i in order]))
    with database.write() as session:
        old = load_topics(session)
        matches = match_old_topics(discovery.topics, old)
        final_ids = {
            t.id: matches[t.id].id if t.id in matches else f"topic_{uuid.uuid4().hex[:10]}" for t in discovery.topics
        }
        kept_ids = set(final_ids.values())
        keep = [t for t in old if t.id not in kept_ids and (t.pinned or t.merged_into is not None)]
        replace_topics(session, discovery.topics, final_ids, keep)
        replace_language_means(session, discovery.language_means)
        report.topics, report.kept = len(discovery.topics), len(matches)
    index = topic_index(database)
    pinned = [_discovered(t) for t in keep if t.merged_into is None]
    assigned = dict(zip(order, discovery.assignments, strict=True))
    for call_id, found in assigned.items():
        if found is None and pinned:  # a pinned topic no rebuild found again still takes its contacts
            language = contact_language(texts[call_id])
            assigned[call_id] = nearest_topic(vectors[call_id], language, pinned, discovery.language_means)
    for session, call, analysis in _stored_analyses(database, order, batch, write=True):
        found = assigned.get(call.id)
        refs: list[TopicRef] = []
        if found is not None:
            topic_id = index.resolve(final_ids.get(found[0], found[0]))
            refs = [TopicRef(id=topic_id, label=index.labels.get(topic_id, topic_id), score=found[1])]
        else:
            report.unassigned += 1
        set_call_topics(session, call.id, [(r.id, r.score) for r in refs])
        if analysis is not None:
            replace_analysis(session, call.id, analysis.model_copy(update={"topics": refs}))
    return report


def topics_view(database: Database, since: dt.date | None = None) -> TopicsView:
    with database.read() as session:
        stats, total = topic_stats(session, since)
    topics = []
    for stat in stats:
        count = stat.count
        shares = SentimentShares(
            negative=round(stat.negative / count, 3) if count else 0.0,
            neutral=round(stat.neutral / count, 3) if count else 0.0,
            positive=round(stat.positive / count, 3) if count else 0.0,
        )
        topics.append(
            TopicView(
                id=stat.topic.id,
                label=stat.topic.label,
                discovered_label=stat.topic.discovered_label,
                keywords=stat.topic.keywords,
                count=count,
                share=round(count / total, 3) if total else 0.0,
                sentiment=shares,
                escalation_rate=round(stat.escalations / count, 3) if count else 0.0,
                pinned=stat.topic.pinned,
                examples=[TopicExample(call_id=c, text=t) for c, t in stat.examples],
            )
        )
    return TopicsView(contacts=total, topics=topics)


def calls_of_topic(database: Database, topic_id: str, limit: int, offset: int) -> TopicCalls | None:
    with database.read() as session:
        if not topic_exists(session, topic_id):
            return None
        rows = topic_calls(session, topic_id, limit, offset)
    items = [TopicCall(call_id=c, score=s, date=d, end_sentiment=e) for c, s, d, e in rows]
    return TopicCalls(topic=topic_id, items=items)


def change_topic(database: Database, topic_id: str, change: TopicChange) -> TopicView | None:
    with database.write() as session:
        if rename_topic(session, topic_id, change.label, change.pinned) is None:
            return None
    return next((t for t in topics_view(database).topics if t.id == topic_id), None)


def merge_topic(database: Database, topic_id: str, into: str) -> bool:
    with database.write() as session:
        return merge_topics(session, topic_id, into)
