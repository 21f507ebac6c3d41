"""keep the invitation e-mails that failed, for the member who imported the list

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invitation_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("importer_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("attempted", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_invitation_failures_council_id_councils"),
        ),
        sa.ForeignKeyConstraint(
            ["importer_id"],
            ["members.id"],
            name=op.f("fk_invitation_failures_importer_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_invitation_failures_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_failures")),
    )


def downgrade() -> None:
    op.drop_table("invitation_failures")
