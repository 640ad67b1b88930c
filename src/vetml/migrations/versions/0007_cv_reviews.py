"""cv_reviews

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 02:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cv_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("reviewer_version", sa.String(length=20), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["candidate_files.id"], name=op.f("fk_cv_reviews_file_id_candidate_files"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_cv_reviews_candidate_id_candidates"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cv_reviews")),
        sa.UniqueConstraint("file_id", name=op.f("uq_cv_reviews_file_id")),
    )
    with op.batch_alter_table("cv_reviews") as batch_op:
        batch_op.create_index(batch_op.f("ix_cv_reviews_candidate_id"), ["candidate_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cv_reviews") as batch_op:
        batch_op.drop_index(batch_op.f("ix_cv_reviews_candidate_id"))
    op.drop_table("cv_reviews")
