"""add the shortfall of each round, so that a period's rounds are drawn without reading
every balance

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _shortfall(balance: str) -> float:
    """The total shortfall over the total target, each product weighed by its labour value
    (``domain.planning.shortfall_share`` as of this revision)."""
    products = json.loads(balance)["products"]
    asked = sum(p["target"] * p["labour_value"] for p in products)
    short = sum(p["shortfall"] * p["labour_value"] for p in products)
    return short / asked if asked > 0 else 0.0


def upgrade() -> None:
    with op.batch_alter_table("plan_rounds") as batch:
        batch.add_column(sa.Column("shortfall", sa.Float(), nullable=True))
    rounds = sa.table(
        "plan_rounds",
        sa.column("period_id", sa.Integer()),
        sa.column("number", sa.Integer()),
        sa.column("balance", sa.Text()),
        sa.column("shortfall", sa.Float()),
    )
    conn = op.get_bind()
    found = conn.execute(sa.select(rounds.c.period_id, rounds.c.number, rounds.c.balance))
    for period_id, number, balance in found.all():
        conn.execute(
            rounds.update()
            .where(rounds.c.period_id == period_id, rounds.c.number == number)
            .values(shortfall=_shortfall(balance))
        )
    with op.batch_alter_table("plan_rounds") as batch:
        batch.alter_column("shortfall", existing_type=sa.Float(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_rounds") as batch:
        batch.drop_column("shortfall")
