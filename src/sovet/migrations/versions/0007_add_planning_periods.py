"""add planning periods: proposals, targets, published rounds and the plan's parts

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, other: str, other_column: str = "id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{other}.{other_column}"], name=op.f(f"fk_{table}_{column}_{other}")
    )


def upgrade() -> None:
    op.create_table(
        "planning_periods",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=7), nullable=False),
        sa.Column("round_limit", sa.Integer(), nullable=False),
        sa.Column("tolerance", sa.Float(), nullable=False),
        sa.Column("labour", sa.Float(), nullable=True),
        sa.Column("proposals_due", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("adopted_round", sa.Integer(), nullable=True),
        sa.Column("plan_motion", sa.Integer(), nullable=True),
        sa.Column("opened", sa.String(length=40), nullable=False),
        _fk("planning_periods", "council_id", "councils"),
        _fk("planning_periods", "plan_motion", "motions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_periods")),
    )
    op.create_index("ix_planning_periods_council", "planning_periods", ["council_id"], unique=False)
    op.create_table(
        "plan_proposals",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("processes", sa.Text(), nullable=False),
        sa.Column("filed_by", sa.Integer(), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        _fk("plan_proposals", "period_id", "planning_periods"),
        _fk("plan_proposals", "council_id", "councils"),
        _fk("plan_proposals", "filed_by", "members"),
        sa.PrimaryKeyConstraint("period_id", "council_id", name=op.f("pk_plan_proposals")),
    )
    op.create_table(
        "plan_targets",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        _fk("plan_targets", "period_id", "planning_periods"),
        _fk("plan_targets", "council_id", "councils"),
        _fk("plan_targets", "product", "products", "code"),
        sa.PrimaryKeyConstraint(
            "period_id", "council_id", "category", "product", name=op.f("pk_plan_targets")
        ),
    )
    op.create_table(
        "plan_rounds",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("scale", sa.Float(), nullable=False),
        sa.Column("balanced", sa.Boolean(), nullable=False),
        sa.Column("balance", sa.Text(), nullable=False),
        sa.Column("published", sa.String(length=40), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        _fk("plan_rounds", "period_id", "planning_periods"),
        sa.PrimaryKeyConstraint("period_id", "number", name=op.f("pk_plan_rounds")),
    )
    op.create_table(
        "plan_parts",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("outputs", sa.Text(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("labour", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.Column("entry", sa.Integer(), nullable=False),
        _fk("plan_parts", "period_id", "planning_periods"),
        _fk("plan_parts", "council_id", "councils"),
        _fk("plan_parts", "motion_id", "motions"),
        sa.PrimaryKeyConstraint("period_id", "council_id", name=op.f("pk_plan_parts")),
    )


def downgrade() -> None:
    for table in ("plan_parts", "plan_rounds", "plan_targets", "plan_proposals"):
        op.drop_table(table)
    op.drop_index("ix_planning_periods_council", table_name="planning_periods")
    op.drop_table("planning_periods")
