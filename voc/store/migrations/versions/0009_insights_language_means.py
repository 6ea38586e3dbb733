"""topics: the language means of the last discovery, each topic's centre in that centred space,
and the lease of the scheduled topic rebuild

Revision ID: 0009_insights_language_means
Revises: 0008_audit_log
Create Date: 2026-11-30

Discovery takes each language's mean vector away before clustering; assigning a new call the same
way needs those means and the topics' centred centroids. Topics stored before this have neither
(null) and are compared in e5's own space until the next `voc insights build`.

`scheduled_runs` lets one of several processes run the topic rebuild on its schedule
(voc/store/scheduled_runs.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_insights_language_means"
down_revision = "0008_audit_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topic_language_means",
        sa.Column("language", sa.String(16), primary_key=True),
        sa.Column("mean", sa.LargeBinary(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "scheduled_runs",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    with op.batch_alter_table("topics") as batch:
        batch.add_column(sa.Column("centred_centroid", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("centred_join_similarity", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("topics") as batch:
        batch.drop_column("centred_join_similarity")
        batch.drop_column("centred_centroid")
    op.drop_table("topic_language_means")
    op.drop_table("scheduled_runs")
