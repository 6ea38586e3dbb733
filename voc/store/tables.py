"""The service's tables (SQLAlchemy 2). Alembic migrations in voc/store/migrations mirror them.

One `calls` table holds both recordings (`kind="call"`) and text conversations
(`kind="conversation"`): customer profiles and the CRM feed treat them alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
EventId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        dt.datetime: DateTime(timezone=True),
    }


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Call(Base):
    __tablename__ = "calls"
    __table_args__ = (
        UniqueConstraint("client", "external_id", name="uq_calls_client_external_id"),
        Index("ix_calls_customer_created", "customer_id", "created_at"),
        Index("ix_calls_status", "status"),
        # The web view's list is newest first by the time a call started (or was received), all
        # calls or one agent's: these let a page be read from the index instead of sorting them all.
        Index("ix_calls_started_or_received", text("coalesce(started_at, created_at)"), "id"),
        Index("ix_calls_agent_started_or_received", "agent_id", text("coalesce(started_at, created_at)")),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="call")  # call | conversation
    client: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str | None] = mapped_column(String(200), default=None)
    customer_id: Mapped[str | None] = mapped_column(String(200), default=None)
    agent_id: Mapped[str | None] = mapped_column(String(200), default=None)
    session_id: Mapped[str | None] = mapped_column(String(200), default=None, index=True)
    ani: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    blob_sha256: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    blob_size: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # The stored input is the redacted copy (or the analysis found nothing to hide in it): only then
    # is a recording served (GET /v1/calls/{id}/audio). Before the analysis it is the original.
    blob_redacted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|processing|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failed_stage: Mapped[str | None] = mapped_column(String(64), default=None)
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # Delivery (voc/store/dispatch.py): when the call's message was last sent or claimed for
    # sending (None: never), and whether the broker confirmed that send.
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    dispatch_confirmed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Leases (voc/store/leases.py): the worker analysing a `processing` call and until when its
    # hold lasts unless renewed; a lease that runs out puts the call back to `queued`.
    leased_by: Mapped[str | None] = mapped_column(String(120), default=None)
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Result(Base):
    """The finished analysis (one per call) plus the few numbers profiles aggregate."""

    __tablename__ = "results"

    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    customer_sentiment: Mapped[float | None] = mapped_column(Float, default=None)
    customer_emotion: Mapped[str | None] = mapped_column(String(32), default=None)
    churn_signals: Mapped[int] = mapped_column(Integer, default=0)
    customer_prosody: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ResultOriginal(Base):
    """The unredacted analysis, stored only with VOC_REDACTION__KEEP_ORIGINAL=true and read only with `admin`.

    Apart from `results` so no query that serves clients can reach it by accident; erasure
    removes it with its call (voc/store/erasure.py).
    """

    __tablename__ = "result_originals"

    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_status_due", "status", "due_date"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[str | None] = mapped_column(String(200), default=None, index=True)
    type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    due_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    product: Mapped[str | None] = mapped_column(String(200), default=None)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | acked | done
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    acked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    done_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Event(Base):
    """The transactional outbox the CRM feed reads (see voc/store/events.py for ordering)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(EventId, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(32))
    call_id: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    customer_id: Mapped[str | None] = mapped_column(String(200), default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"

    client: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="in_flight")  # in_flight | done
    response_status: Mapped[int | None] = mapped_column(Integer, default=None)  # unused: was the HTTP status
    response_body: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# Every IVR routing decision with a summary of its inputs, later linked to its call's outcome
# (voc/store/route_decisions.py). A Core table: the log is written in batches and read in pages,
# never as objects.
route_decisions = Table(
    "route_decisions",
    Base.metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("session_id", String(200), nullable=True, index=True),
    Column("customer_id", String(200), nullable=True, index=True),
    Column("queue", String(200), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("rule", String(200), nullable=True),
    Column("policy_version", String(200), nullable=False, index=True),
    Column("degraded", Boolean, nullable=False),
    Column("skipped", JSON, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("elapsed_ms", Float, nullable=False),
    Column("outcome", JSON, nullable=True),
    Column("outcome_call_id", String(200), nullable=True),
    Column("outcome_at", DateTime(timezone=True), nullable=True),
)


# What the insights across calls read (voc/store/insights.py): one row of facts per analysed
# call, its labels (categories, tasks, later topics), and its turns for full-text search. Filled
# when a call is finished and rebuilt from stored results by `voc insights build`.
call_facts = Table(
    "call_facts",
    Base.metadata,
    Column("call_id", String(40), ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("agent_id", String(200), nullable=True, index=True),
    Column("customer_id", String(200), nullable=True, index=True),
    Column("occurred_on", Date, nullable=False, index=True),
    Column("language", String(8), nullable=False),
    Column("duration_s", Float, nullable=False),
    Column("end_sentiment", String(16), nullable=True),
    Column("escalated", Boolean, nullable=False),
    Column("qa_score", Float, nullable=True),
)

call_labels = Table(
    "call_labels",
    Base.metadata,
    Column("call_id", String(40), ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),  # category | task | topic
    Column("name", String(200), primary_key=True),
    Column("score", Float, nullable=True),  # topics: the contact's cosine similarity to the topic
    Index("ix_call_labels_kind_name", "kind", "name"),
)

# Contact drivers (voc/store/topics.py): the topics `voc insights build` discovered, with what the
# analyst changed (custom label, pin, merge), and each contact's embedding, kept so a rebuild does
# not embed every call again.
topics = Table(
    "topics",
    Base.metadata,
    Column("id", String(40), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("custom_label", String(200), nullable=True),
    Column("keywords", JSON, nullable=False),
    Column("centroid", LargeBinary, nullable=False),  # float32, unit length
    Column("join_similarity", Float, nullable=False),
    Column("size", Integer, nullable=False),
    Column("pinned", Boolean, nullable=False, server_default=false()),
    Column("merged_into", String(40), nullable=True),
    Column("built_at", DateTime(timezone=True), nullable=False),
    # in the language-centred space of the discovery (null for topics built before voc kept it)
    Column("centred_centroid", LargeBinary, nullable=True),
    Column("centred_join_similarity", Float, nullable=True),
)

# Work one process of many does now and then (voc/store/scheduled_runs.py): a lease and the last finish.
scheduled_runs = Table(
    "scheduled_runs",
    Base.metadata,
    Column("name", String(40), primary_key=True),
    Column("holder", String(100), nullable=True),
    Column("lease_until", DateTime(timezone=True), nullable=True),
    Column("started_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

# Each language's mean contact vector at the last discovery: a new contact has its language's
# mean taken away before it meets the topics' centred centroids. Replaced by every rebuild.
topic_language_means = Table(
    "topic_language_means",
    Base.metadata,
    Column("language", String(16), primary_key=True),
    Column("mean", LargeBinary, nullable=False),  # float32, not unit length
    Column("contacts", Integer, nullable=False),
    Column("built_at", DateTime(timezone=True), nullable=False),
)

contact_vectors = Table(
    "contact_vectors",
    Base.metadata,
    Column("call_id", String(40), ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("vector", LargeBinary, nullable=False),  # float32, unit length
)

# SQLite searches `lemmas` through the FTS5 table turn_search_fts (kept in step by triggers, see
# the migration); PostgreSQL through a GIN index on to_tsvector('simple', lemmas).
turn_search = Table(
    "turn_search",
    Base.metadata,
    Column("id", EventId, primary_key=True, autoincrement=True),
    Column("call_id", String(40), ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("turn_index", Integer, nullable=False),
    Column("speaker", String(16), nullable=False),
    Column("start_s", Float, nullable=True),
    Column("end_s", Float, nullable=True),
    Column("sentiment", String(16), nullable=True),
    Column("text", Text, nullable=False),
    Column("lemmas", Text, nullable=False),
)


# Who read or deleted which call (voc/store/audit.py). A Core table like the decision log: reads
# are recorded in batches, deletes one insert each, and the trail is read in pages.
audit_log = Table(
    "audit_log",
    Base.metadata,
    Column("id", EventId, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("key_id", String(32), nullable=False),
    Column("key_name", String(200), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("call_id", String(40), nullable=True, index=True),
    Column("customer_id", String(200), nullable=True, index=True),
)
