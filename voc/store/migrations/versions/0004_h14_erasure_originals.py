"""result originals: the unredacted analysis, kept only with VOC_REDACTION__KEEP_ORIGINAL=true

Revision ID: 0004_h14_erasure_originals
Revises: 0003_call_dispatch
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_h14_erasure_originals"
down_revision = "0004_h19_leases"
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
