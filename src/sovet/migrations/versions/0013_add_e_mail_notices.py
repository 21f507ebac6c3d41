"""add e-mail notices: each member's wish for them, and how far they have been sent

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.add_column(
            sa.Column("notices", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "notices_sent",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_notices_sent")),
    )


def downgrade() -> None:
    op.drop_table("notices_sent")
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("notices")
