"""call dispatch: when a call's message was last sent, and whether the broker confirmed it

Revision ID: 0003_call_dispatch
Revises: 0002_route_decisions
Create Date: 2026-11-30

Calls already `queued` when this runs get no time (never sent), so the dispatcher sends
them once: their messages may or may not still be waiting, and a second message for a
call is cheap (the claim in the runner makes it a no-op once the call is finished).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_call_dispatch"
down_revision = "0002_route_decisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("dispatch_confirmed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("dispatch_confirmed")
        batch_op.drop_column("dispatched_at")
