"""leases: which worker holds a `processing` call, and until when

Revision ID: 0005_call_leases
Revises: 0004_insights
Create Date: 2026-11-30

Calls already `processing` when this runs get no lease: the lease keeper takes a missing
lease as run out, so they go back to `queued` (or `failed`, past the last attempt) and are
sent again. Stop the old workers before upgrading.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_call_leases"
down_revision = "0004_insights"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leased_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("lease_expires_at")
        batch_op.drop_column("leased_by")
