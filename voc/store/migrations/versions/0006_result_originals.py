"""result originals: the unredacted analysis, kept only with VOC_REDACTION__KEEP_ORIGINAL=true

Revision ID: 0006_result_originals
Revises: 0005_call_leases
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_result_originals"
down_revision = "0005_call_leases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "result_originals",
        sa.Column("call_id", sa.String(length=40), nullable=False),
        sa.Column("analysis", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("call_id"),
    )


def downgrade() -> None:
    op.drop_table("result_originals")
