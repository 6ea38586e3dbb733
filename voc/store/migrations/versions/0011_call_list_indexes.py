"""calls: indexes for the call list, newest first, for all calls and for one agent

Revision ID: 0011_call_list_indexes
Revises: 0010_privacy_audit_subjects
Create Date: 2026-12-01

The web view and `GET /v1/calls` page through calls ordered by coalesce(started_at, created_at);
without an index each page sorted every stored call (about 0.1 s a page at 200,000 calls).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_call_list_indexes"
down_revision = "0010_privacy_audit_subjects"
branch_labels = None
depends_on = None

STARTED_OR_RECEIVED = sa.text("coalesce(started_at, created_at)")


def upgrade() -> None:
    op.create_index("ix_calls_started_or_received", "calls", [STARTED_OR_RECEIVED, "id"])
    op.create_index("ix_calls_agent_started_or_received", "calls", ["agent_id", STARTED_OR_RECEIVED])


def downgrade() -> None:
    op.drop_index("ix_calls_agent_started_or_received", "calls")
    op.drop_index("ix_calls_started_or_received", "calls")
