"""scheduling: working hours, busy blocks, schedule proposals, invite sequence numbers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 05:12:30.381052
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "busy_blocks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_busy_blocks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_busy_blocks")),
    )
    with op.batch_alter_table("busy_blocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_busy_blocks_start"), ["start"], unique=False)
        batch_op.create_index(batch_op.f("ix_busy_blocks_user_id"), ["user_id"], unique=False)

    op.create_table(
        "working_hours",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("weekly", sa.JSON(), nullable=False),
        sa.Column("exceptions", sa.JSON(), nullable=False),
        sa.Column("preferred", sa.String(length=11), nullable=False),
        sa.Column("max_per_day", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_working_hours_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_working_hours_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_hours")),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_working_hours_candidate_id")),
        sa.UniqueConstraint("user_id", name=op.f("uq_working_hours_user_id")),
    )
    op.create_table(
        "schedule_proposals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("loop_id", sa.Integer(), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("chosen", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_schedule_proposals_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["loop_id"], ["loops.id"], name=op.f("fk_schedule_proposals_loop_id_loops"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_proposals")),
        sa.UniqueConstraint("nonce", name=op.f("uq_schedule_proposals_nonce")),
    )
    with op.batch_alter_table("schedule_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedule_proposals_loop_id"), ["loop_id"], unique=False)

    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invite_sequence", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_column("invite_sequence")

    with op.batch_alter_table("schedule_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_proposals_loop_id"))

    op.drop_table("schedule_proposals")
    op.drop_table("working_hours")
    with op.batch_alter_table("busy_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_busy_blocks_user_id"))
        batch_op.drop_index(batch_op.f("ix_busy_blocks_start"))

    op.drop_table("busy_blocks")
