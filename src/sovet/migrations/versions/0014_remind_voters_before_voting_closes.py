"""remind voters before voting closes: what each channel has reminded of

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminders_sent",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("about", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("channel", "about", name=op.f("pk_reminders_sent")),
    )


def downgrade() -> None:
    op.drop_table("reminders_sent")
