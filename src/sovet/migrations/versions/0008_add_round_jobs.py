"""add round jobs: rounds computed in the background, and how far each has come

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "round_jobs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("started", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=False),
        sa.Column("beat", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("finished", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["planning_periods.id"],
            name=op.f("fk_round_jobs_period_id_planning_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_round_jobs_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_jobs")),
    )
    op.create_index("ix_round_jobs_period_id", "round_jobs", ["period_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_round_jobs_period_id", table_name="round_jobs")
    op.drop_table("round_jobs")
