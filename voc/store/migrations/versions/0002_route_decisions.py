"""route decisions: every IVR routing decision with its inputs, later linked to the call's outcome

Revision ID: 0002_route_decisions
Revises: 0001_initial
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_route_decisions"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "route_decisions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session_id", sa.String(length=200), nullable=True),
        sa.Column("customer_id", sa.String(length=200), nullable=True),
        sa.Column("queue", sa.String(length=200), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=True),
        sa.Column("policy_version", sa.String(length=200), nullable=False),
        sa.Column("degraded", sa.Boolean(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("elapsed_ms", sa.Float(), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("outcome_call_id", sa.String(length=200), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("created_at", "session_id", "customer_id", "policy_version"):
        op.create_index(f"ix_route_decisions_{column}", "route_decisions", [column])


def downgrade() -> None:
    op.drop_table("route_decisions")
