"""create the record, projections and accounts

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("member_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("invitation_hash", sa.LargeBinary(length=32), nullable=True),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
    )
    op.create_table(
        "councils",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("workplace", sa.String(length=120), nullable=True),
        sa.Column("charter", sa.Text(), nullable=False),
        sa.Column("founded", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councils")),
        sa.UniqueConstraint("name", name=op.f("uq_councils_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_councils_slug")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("registered", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    op.create_table(
        "record_checkpoints",
        sa.Column("size", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.Column("timestamp", sa.String(length=40), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("signature", sa.LargeBinary(length=64), nullable=False),
        sa.PrimaryKeyConstraint("size", name=op.f("pk_record_checkpoints")),
    )
    op.create_table(
        "record_entries",
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.Integer(), nullable=True),
        sa.Column("time", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_record_entries")),
    )
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.create_index("ix_record_entries_actor", ["actor"], unique=False)

    op.create_table(
        "constituents",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("constituent_id", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("joined", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituent_id"],
            ["councils.id"],
            name=op.f("fk_constituents_constituent_id_councils"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_constituents_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("council_id", "constituent_id", name=op.f("pk_constituents")),
    )
    with op.batch_alter_table("constituents", schema=None) as batch_op:
        batch_op.create_index("ix_constituents_constituent", ["constituent_id"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("admitted", sa.String(length=40), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_memberships_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_memberships_member_id_members")
        ),
        sa.PrimaryKeyConstraint("council_id", "member_id", name=op.f("pk_memberships")),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index("ix_memberships_member", ["member_id"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["accounts.member_id"], name=op.f("fk_sessions_member_id_accounts")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
    )
    op.create_table(
        "mandates",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("constituency_id", sa.Integer(), nullable=False),
        sa.Column("seat_number", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.Column("via_mandate_id", sa.Integer(), nullable=True),
        sa.Column("founding", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id", "constituency_id"],
            ["constituents.council_id", "constituents.constituent_id"],
            name=op.f("fk_mandates_council_id_constituents"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_mandates_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["via_mandate_id"], ["mandates.id"], name=op.f("fk_mandates_via_mandate_id_mandates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandates")),
    )
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.create_index("ix_mandates_council", ["council_id"], unique=False)
        batch_op.create_index("ix_mandates_member", ["member_id"], unique=False)

    op.create_table(
        "substitutes",
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandates.id"], name=op.f("fk_substitutes_mandate_id_mandates")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_substitutes_member_id_members")
        ),
        sa.PrimaryKeyConstraint("mandate_id", "rank", name=op.f("pk_substitutes")),
    )


def downgrade() -> None:
    op.drop_table("substitutes")
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_index("ix_mandates_member")
        batch_op.drop_index("ix_mandates_council")

    op.drop_table("mandates")
    op.drop_table("sessions")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index("ix_memberships_member")

    op.drop_table("memberships")
    with op.batch_alter_table("constituents", schema=None) as batch_op:
        batch_op.drop_index("ix_constituents_constituent")

    op.drop_table("constituents")
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_record_entries_actor")

    op.drop_table("record_entries")
    op.drop_table("record_checkpoints")
    op.drop_table("members")
    op.drop_table("councils")
    op.drop_table("accounts")
