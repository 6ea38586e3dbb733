"""Contact drivers as stored: topics with the analyst's changes, contact vectors, and topic statistics.

A rebuild replaces the discovered topics but keeps what people decided: a new topic whose
centroid is close to an old one (`SAME_TOPIC_SIMILARITY`) takes the old id, custom label and pin;
a pinned topic no rebuild found again stays as it was; a topic merged into another sends its
contacts there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from voc.stage_types import DiscoveredTopic, LanguageMean
from voc.store.insights import count_where
from voc.store.tables import (
    call_facts,
    call_labels,
    contact_vectors,
    topic_language_means,
    topics,
    turn_search,
    utcnow,
)

SAME_TOPIC_SIMILARITY = 0.92
EXAMPLES = 3


@dataclass(frozen=True)
class StoredTopic:
    id: str
    label: str  # the analyst's label when there is one
    discovered_label: str
    keywords: list[str]
    centroid: np.ndarray
    join_similarity: float
    size: int
    pinned: bool
    merged_into: str | None
    centred_centroid: np.ndarray | None = None
    centred_join_similarity: float | None = None


def _vector(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype=np.float32)


def _bytes(vector: np.ndarray | None) -> bytes | None:
    return None if vector is None else vector.astype(np.float32).tobytes()


def _topic(row: Any) -> StoredTopic:
    return StoredTopic(
        id=row.id,
        label=row.custom_label or row.label,
        discovered_label=row.label,
        keywords=list(row.keywords),
        centroid=_vector(row.centroid),
        join_similarity=float(row.join_similarity),
        size=int(row.size),
        pinned=bool(row.pinned),
        merged_into=row.merged_into,
        centred_centroid=_vector(row.centred_centroid) if row.centred_centroid is not None else None,
        centred_join_similarity=row.centred_join_similarity,
    )


def load_topics(session: Session) -> list[StoredTopic]:
    return [_topic(row) for row in session.execute(select(topics).order_by(topics.c.id))]


def load_language_means(session: Session) -> dict[str, LanguageMean]:
    rows = session.execute(select(topic_language_means))
    return {row.language: LanguageMean(_vector(row.mean), int(row.contacts)) for row in rows}


def replace_language_means(session: Session, means: dict[str, LanguageMean]) -> None:
    session.execute(delete(topic_language_means))
    now = utcnow()
    rows = [
        {"language": language, "mean": _bytes(mean.vector), "contacts": mean.contacts, "built_at": now}
        for language, mean in means.items()
    ]
    if rows:
        session.execute(insert(topic_language_means), rows)


def save_contact_vector(session: Session, call_id: str, vector: np.ndarray) -> None:
    session.execute(delete(contact_vectors).where(contact_vectors.c.call_id == call_id))
    session.execute(insert(contact_vectors).values(call_id=call_id, vector=vector.astype(np.float32).tobytes()))


def contact_vectors_of(session: Session) -> dict[str, np.ndarray]:
    return {row.call_id: _vector(row.vector) for row in session.execute(select(contact_vectors))}


def match_old_topics(new: Sequence[DiscoveredTopic], old: Sequence[StoredTopic]) -> dict[str, StoredTopic]:
    """New topic id -> the old topic it continues (closest centroids first, each old topic once)."""
    pairs = sorted(
        ((float(n.centroid @ o.centroid), n.id, o) for n in new for o in old),
        key=lambda p: -p[0],
    )
    taken_new: set[str] = set()
    taken_old: set[str] = set()
    matches: dict[str, StoredTopic] = {}
    for similarity, new_id, old_topic in pairs:
        if similarity < SAME_TOPIC_SIMILARITY:
            break
        if new_id in taken_new or old_topic.id in taken_old:
            continue
        matches[new_id] = old_topic
        taken_new.add(new_id)
        taken_old.add(old_topic.id)
    return matches


def replace_topics(
    session: Session, new: Sequence[DiscoveredTopic], ids: dict[str, str], keep: Sequence[StoredTopic]
) -> None:
    """Store the discovered topics under their final ids (`ids`: discovered id -> stored id),
    carrying custom labels, pins and merges of the old topics they continue; `keep` are old
    topics that stay although nothing matched them (pinned, or merged into another)."""
    old = {t.id: t for t in load_topics(session)}
    now = utcnow()
    session.execute(delete(topics))
    rows = []
    for topic in new:
        stored_id = ids[topic.id]
        previous = old.get(stored_id)
        rows.append(
            {
                "id": stored_id,
                "label": topic.label,
                "custom_label": previous.label if previous and previous.label != previous.discovered_label else None,
                "keywords": topic.keywords,
                "centroid": topic.centroid.astype(np.float32).tobytes(),
                "join_similarity": topic.join_similarity,
                "size": topic.size,
                "pinned": bool(previous and previous.pinned),
                "merged_into": previous.merged_into if previous else None,
                "built_at": now,
                "centred_centroid": _bytes(topic.centred_centroid),
                "centred_join_similarity": topic.centred_join_similarity,
            }
        )
    for kept in keep:
        rows.append(
            {
                "id": kept.id,
                "label": kept.discovered_label,
                "custom_label": kept.label if kept.label != kept.discovered_label else None,
                "keywords": kept.keywords,
                "centroid": kept.centroid.astype(np.float32).tobytes(),
                "join_similarity": kept.join_similarity,
                "size": kept.size,
                "pinned": kept.pinned,
                "merged_into": kept.merged_into,
                "built_at": now,
                "centred_centroid": _bytes(kept.centred_centroid),
                "centred_join_similarity": kept.centred_join_similarity,
            }
        )
    if rows:
        session.execute(insert(topics), rows)


def set_call_topics(session: Session, call_id: str, assigned: Sequence[tuple[str, float]]) -> None:
    session.execute(delete(call_labels).where(call_labels.c.call_id == call_id, call_labels.c.kind == "topic"))
    if assigned:
        session.execute(
            insert(call_labels),
            [{"call_id": call_id, "kind": "topic", "name": topic_id, "score": score} for topic_id, score in assigned],
        )


def rename_topic(session: Session, topic_id: str, label: str | None, pinned: bool | None) -> StoredTopic | None:
    values: dict[str, Any] = {}
    if label is not None:
        values["custom_label"] = label.strip() or None
    if pinned is not None:
        values["pinned"] = pinned
    if values:
        session.execute(update(topics).where(topics.c.id == topic_id).values(**values))
    row = session.execute(select(topics).where(topics.c.id == topic_id)).first()
    return _topic(row) if row else None


def merge_topics(session: Session, topic_id: str, into: str) -> bool:
    """Send `topic_id`'s contacts to `into` now and after every rebuild; False if either is unknown."""
    found = set(
        session.scalars(select(topics.c.id).where(topics.c.id.in_([topic_id, into]), topics.c.merged_into.is_(None)))
    )
    if found != {topic_id, into} or topic_id == into:
        return False
    session.execute(update(topics).where(topics.c.id == topic_id).values(merged_into=into, pinned=True))
    session.execute(update(topics).where(topics.c.merged_into == topic_id).values(merged_into=into))
    moved = session.execute(
        select(call_labels.c.call_id, call_labels.c.score).where(
            call_labels.c.kind == "topic", call_labels.c.name == topic_id
        )
    ).all()
    session.execute(delete(call_labels).where(call_labels.c.kind == "topic", call_labels.c.name == topic_id))
    already = set(
        session.scalars(
            select(call_labels.c.call_id).where(
                call_labels.c.kind == "topic",
                call_labels.c.name == into,
                call_labels.c.call_id.in_([m[0] for m in moved]),
            )
        )
    )
    rows = [{"call_id": c, "kind": "topic", "name": into, "score": s} for c, s in moved if c not in already]
    if rows:
        session.execute(insert(call_labels), rows)
    return True


@dataclass(frozen=True)
class TopicStats:
    topic: StoredTopic
    count: int
    negative: int
    neutral: int
    positive: int
    escalations: int
    examples: list[tuple[str, str]]  # (call id, the customer's first words)


def topic_stats(session: Session, since: dt.date | None = None) -> tuple[list[TopicStats], int]:
    """Each live topic with its calls' end sentiment and escalations, and how many contacts there are."""
    facts = call_facts.c
    window = [facts.occurred_on >= since] if since else []
    total = int(session.scalar(select(func.count()).select_from(call_facts).where(*window)) or 0)
    counts = {
        row.name: row
        for row in session.execute(
            select(
                call_labels.c.name,
                func.count().label("calls"),
                *(
                    count_where(facts.end_sentiment == label).label(label)
                    for label in ("negative", "neutral", "positive")
                ),
                count_where(facts.escalated).label("escalations"),
            )
            .select_from(call_labels.join(call_facts, facts.call_id == call_labels.c.call_id))
            .where(call_labels.c.kind == "topic", *window)
            .group_by(call_labels.c.name)
        )
    }
    out = []
    for topic in load_topics(session):
        if topic.merged_into is not None:
            continue
        row = counts.get(topic.id)
        out.append(
            TopicStats(
                topic=topic,
                count=int(row.calls) if row else 0,
                negative=int(row.negative or 0) if row else 0,
                neutral=int(row.neutral or 0) if row else 0,
                positive=int(row.positive or 0) if row else 0,
                escalations=int(row.escalations or 0) if row else 0,
                examples=topic_examples(session, topic.id, EXAMPLES),
            )
        )
    return sorted(out, key=lambda s: (-s.count, s.topic.id)), total


def topic_examples(session: Session, topic_id: str, limit: int) -> list[tuple[str, str]]:
    """The calls closest to the topic, with their customer's first turn."""
    best = (
        select(call_labels.c.call_id)
        .where(call_labels.c.kind == "topic", call_labels.c.name == topic_id)
        .order_by(call_labels.c.score.desc(), call_labels.c.call_id)
        .limit(limit)
    ).subquery()
    first_turn = (
        select(turn_search.c.call_id, func.min(turn_search.c.turn_index).label("turn"))
        .where(turn_search.c.call_id.in_(select(best.c.call_id)), turn_search.c.speaker == "customer")
        .group_by(turn_search.c.call_id)
    ).subquery()
    rows = session.execute(
        select(turn_search.c.call_id, turn_search.c.text).join(
            first_turn,
            and_(first_turn.c.call_id == turn_search.c.call_id, first_turn.c.turn == turn_search.c.turn_index),
        )
    ).all()
    return [(row.call_id, row.text) for row in rows]


def topic_calls(
    session: Session, topic_id: str, limit: int, offset: int
) -> list[tuple[str, float | None, dt.date, str | None]]:
    """(call id, score, date, end sentiment) of a topic's calls, newest first."""
    rows = session.execute(
        select(call_labels.c.call_id, call_labels.c.score, call_facts.c.occurred_on, call_facts.c.end_sentiment)
        .join(call_facts, call_facts.c.call_id == call_labels.c.call_id)
        .where(call_labels.c.kind == "topic", call_labels.c.name == topic_id)
        .order_by(call_facts.c.occurred_on.desc(), call_labels.c.call_id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [(r.call_id, r.score, r.occurred_on, r.end_sentiment) for r in rows]


def topic_exists(session: Session, topic_id: str) -> bool:
    return session.scalar(select(func.count()).select_from(topics).where(topics.c.id == topic_id)) == 1
