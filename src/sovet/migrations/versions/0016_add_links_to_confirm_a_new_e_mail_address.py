"""add links to confirm a new e-mail address: the hashes of their codes

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "email_changes",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("expires", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["accounts.member_id"],
            name=op.f("fk_email_changes_member_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_email_changes")),
    )


def downgrade() -> None:
    op.drop_table("email_changes")
