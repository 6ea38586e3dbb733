"""calls.blob_redacted: the stored recording is the redacted copy (audio redaction)

Revision ID: 0007_blob_redacted
Revises: 0006_result_originals
Create Date: 2026-11-30

Calls analysed before audio redaction keep their original recording and are marked false, so
GET /v1/calls/{id}/audio does not serve them while redaction is on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_blob_redacted"
down_revision = "0006_result_originals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("blob_redacted", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("blob_redacted")
