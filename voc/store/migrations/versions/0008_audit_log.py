"""audit trail: who read or deleted which call

Revision ID: 0008_audit_log
Revises: 0007_blob_redacted
Create Date: 2026-11-30

Calls already belong to the client that uploaded them (`calls.client`, the API key's name), so
deciding who may delete one needs no new column; this adds the trail of who did.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_audit_log"
down_revision = "0007_blob_redacted"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("key_name", sa.String(200), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("call_id", sa.String(40), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_key_name", "audit_log", ["key_name"])
    op.create_index("ix_audit_log_call_id", "audit_log", ["call_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
