"""add offices and vacancies, for instant recall and officers

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.Column("via_mandate_id", sa.Integer(), nullable=True),
        sa.Column("founding", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_offices_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_offices_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["via_mandate_id"], ["mandates.id"], name=op.f("fk_offices_via_mandate_id_mandates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
    )
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.create_index("ix_offices_council", ["council_id"], unique=False)
        batch_op.create_index("ix_offices_member", ["member_id"], unique=False)
        batch_op.create_index("ix_offices_via", ["via_mandate_id"], unique=False)

    op.create_table(
        "vacancies",
        sa.Column("mandate_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("constituency_id", sa.Integer(), nullable=False),
        sa.Column("seat_number", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=True),
        sa.Column("opened", sa.String(length=40), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_vacancies_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["councils.id"],
            name=op.f("fk_vacancies_constituency_id_councils"),
        ),
        sa.PrimaryKeyConstraint("mandate_id", name=op.f("pk_vacancies")),
    )
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.create_index("ix_vacancies_council", ["council_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_index("ix_vacancies_council")
    op.drop_table("vacancies")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_index("ix_offices_via")
        batch_op.drop_index("ix_offices_member")
        batch_op.drop_index("ix_offices_council")
    op.drop_table("offices")
