"""pair_sessions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09 10:12:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pair_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_pair_sessions_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_sessions")),
        sa.UniqueConstraint("interview_id", name=op.f("uq_pair_sessions_interview_id")),
        sa.UniqueConstraint("nonce", name=op.f("uq_pair_sessions_nonce")),
    )
    op.create_table(
        "pair_updates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("pair_session_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("author_role", sa.String(length=16), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_session_id"],
            ["pair_sessions.id"],
            name=op.f("fk_pair_updates_pair_session_id_pair_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_user_id"], ["users.id"], name=op.f("fk_pair_updates_author_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_updates")),
    )
    with op.batch_alter_table("pair_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_updates_pair_session_id"), ["pair_session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pair_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_updates_pair_session_id"))

    op.drop_table("pair_updates")
    op.drop_table("pair_sessions")
