"""add by-elections and office elections: what an election fills

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("by_election", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.drop_column("by_election")
        batch_op.drop_column("office")
