"""insights: facts, labels, searchable turns and contact vectors per analysed call; topics

Revision ID: 0004_insights
Revises: 0003_call_dispatch
Create Date: 2026-11-30

Calls analysed before this migration are not in these tables until `voc insights build`
reads their stored results again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_insights"
down_revision = "0003_call_dispatch"
branch_labels = None
depends_on = None

EventId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "call_facts",
        sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("agent_id", sa.String(200), nullable=True),
        sa.Column("customer_id", sa.String(200), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("end_sentiment", sa.String(16), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("qa_score", sa.Float(), nullable=True),
    )
    op.create_index("ix_call_facts_agent_id", "call_facts", ["agent_id"])
    op.create_index("ix_call_facts_customer_id", "call_facts", ["customer_id"])
    op.create_index("ix_call_facts_occurred_on", "call_facts", ["occurred_on"])
    op.create_table(
        "call_labels",
        sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("score", sa.Float(), nullable=True),
    )
    op.create_index("ix_call_labels_kind_name", "call_labels", ["kind", "name"])
    op.create_table(
        "topics",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("custom_label", sa.String(200), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=False),
        sa.Column("join_similarity", sa.Float(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("merged_into", sa.String(40), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "contact_vectors",
        sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "turn_search",
        sa.Column("id", EventId, primary_key=True, autoincrement=True),
        sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("turn_index", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(16), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=True),
        sa.Column("end_s", sa.Float(), nullable=True),
        sa.Column("sentiment", sa.String(16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lemmas", sa.Text(), nullable=False),
    )
    op.create_index("ix_turn_search_call_id", "turn_search", ["call_id"])
    if op.get_bind().dialect.name == "sqlite":
        # An external-content FTS5 index over turn_search.lemmas; the triggers keep it in step,
        # also when a call's rows go by ON DELETE CASCADE.
        op.execute("CREATE VIRTUAL TABLE turn_search_fts USING fts5(lemmas, content='turn_search', content_rowid='id')")
        op.execute(
            "CREATE TRIGGER turn_search_ai AFTER INSERT ON turn_search BEGIN "
            "INSERT INTO turn_search_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END"
        )
        op.execute(
            "CREATE TRIGGER turn_search_ad AFTER DELETE ON turn_search BEGIN "
            "INSERT INTO turn_search_fts(turn_search_fts, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); END"
        )
    else:
        op.execute("CREATE INDEX ix_turn_search_lemmas ON turn_search USING gin (to_tsvector('simple', lemmas))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS turn_search_ad")
        op.execute("DROP TRIGGER IF EXISTS turn_search_ai")
        op.execute("DROP TABLE IF EXISTS turn_search_fts")
    op.drop_table("contact_vectors")
    op.drop_table("topics")
    op.drop_table("turn_search")
    op.drop_table("call_labels")
    op.drop_table("call_facts")
