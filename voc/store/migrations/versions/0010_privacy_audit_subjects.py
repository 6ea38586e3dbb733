"""audit trail: lists, originals, audio, customer profiles and customer erasure

Revision ID: 0010_privacy_audit_subjects
Revises: 0009_insights_language_means
Create Date: 2026-11-30

An entry may now name a customer instead of a call (`DELETE /v1/customers/{id}`, `GET
/v1/customers/{id}`): `customer_id` is added and `call_id` may be empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_privacy_audit_subjects"
down_revision = "0009_insights_language_means"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("customer_id", sa.String(200), nullable=True))
        batch.alter_column("call_id", existing_type=sa.String(40), nullable=True)
    op.create_index("ix_audit_log_customer_id", "audit_log", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_customer_id", "audit_log")
    op.execute("DELETE FROM audit_log WHERE call_id IS NULL")
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("call_id", existing_type=sa.String(40), nullable=False)
        batch.drop_column("customer_id")
