"""task queue: when a submission was last queued, and which written answers wait for their grade

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("assessment_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grade_pending", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_assessment_answers_grade_pending"), ["grade_pending"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assessment_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_answers_grade_pending"))
        batch_op.drop_column("grade_pending")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_column("queued_at")
