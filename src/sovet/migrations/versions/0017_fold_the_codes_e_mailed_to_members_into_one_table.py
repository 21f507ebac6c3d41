"""fold the codes e-mailed to members (new passwords, new addresses) into one table

The two tables of 0015 and 0016 differed only by the new address. Their codes last an
hour or a day, so none is carried over: a member whose link stopped working asks again.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("password_resets")
    op.drop_table("email_changes")
    op.create_table(
        "emailed_codes",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("expires", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["accounts.member_id"],
            name=op.f("fk_emailed_codes_member_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_emailed_codes")),
    )


def downgrade() -> None:
    op.drop_table("emailed_codes")
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
    op.create_table(
        "password_resets",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("expires", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["accounts.member_id"],
            name=op.f("fk_password_resets_member_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_password_resets")),
    )
