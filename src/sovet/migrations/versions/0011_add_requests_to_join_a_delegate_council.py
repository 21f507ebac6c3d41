"""add requests to join a delegate council, which its decision admits

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "join_requests",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("constituent_id", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("requested", sa.String(length=40), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituent_id"],
            ["councils.id"],
            name=op.f("fk_join_requests_constituent_id_councils"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_join_requests_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("council_id", "constituent_id", name=op.f("pk_join_requests")),
    )


def downgrade() -> None:
    op.drop_table("join_requests")
