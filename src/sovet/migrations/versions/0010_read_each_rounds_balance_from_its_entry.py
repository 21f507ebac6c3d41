"""read each round's balance from its entry in the record, not from a copy beside it

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_rounds") as batch:
        batch.drop_column("balance")


def downgrade() -> None:
    with op.batch_alter_table("plan_rounds") as batch:
        batch.add_column(sa.Column("balance", sa.Text(), nullable=True))
    rounds = sa.table(
        "plan_rounds",
        sa.column("period_id", sa.Integer()),
        sa.column("number", sa.Integer()),
        sa.column("entry", sa.Integer()),
        sa.column("balance", sa.Text()),
    )
    entries = sa.table("record_entries", sa.column("position", sa.Integer()), sa.column("body"))
    conn = op.get_bind()
    found = conn.execute(
        sa.select(rounds.c.period_id, rounds.c.number, entries.c.body).join(
            entries, entries.c.position == rounds.c.entry
        )
    )
    for period_id, number, body in found.all():
        balance = json.loads(body)["payload"]["balance"]
        text = json.dumps(balance, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        conn.execute(
            rounds.update()
            .where(rounds.c.period_id == period_id, rounds.c.number == number)
            .values(balance=text)
        )
    with op.batch_alter_table("plan_rounds") as batch:
        batch.alter_column("balance", existing_type=sa.Text(), nullable=False)
