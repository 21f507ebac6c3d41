"""add elections, candidates, their registers and ballots

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "elections",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("constituency_id", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("opened", sa.String(length=40), nullable=False),
        sa.Column("nominations_close", sa.String(length=40), nullable=False),
        sa.Column("closes", sa.String(length=40), nullable=False),
        sa.Column("term_starts", sa.Date(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=True),
        sa.Column("seed", sa.String(length=64), nullable=True),
        sa.Column("closed", sa.String(length=40), nullable=True),
        sa.Column("ballots_cast", sa.Integer(), nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_elections_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["councils.id"],
            name=op.f("fk_elections_constituency_id_councils"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elections")),
    )
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.create_index("ix_elections_council", ["council_id", "phase"], unique=False)

    op.create_table(
        "candidates",
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("nominated_by", sa.Integer(), nullable=False),
        sa.Column("nominated", sa.String(length=40), nullable=False),
        sa.Column("consented", sa.String(length=40), nullable=True),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("place", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_candidates_election_id_elections")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_candidates_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["nominated_by"], ["members.id"], name=op.f("fk_candidates_nominated_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandates.id"], name=op.f("fk_candidates_mandate_id_mandates")
        ),
        sa.PrimaryKeyConstraint("election_id", "member_id", name=op.f("pk_candidates")),
    )
    op.create_table(
        "election_register",
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("under", sa.String(length=40), nullable=False),
        sa.Column("voted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_register_election_id_elections"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_election_register_member_id_members")
        ),
        sa.PrimaryKeyConstraint("election_id", "member_id", name=op.f("pk_election_register")),
    )
    with op.batch_alter_table("election_register", schema=None) as batch_op:
        batch_op.create_index("ix_election_register_member", ["member_id", "voted"], unique=False)

    op.create_table(
        "published_rankings",
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("receipt_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("ranking", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_published_rankings_election_id_elections"),
        ),
        sa.PrimaryKeyConstraint("election_id", "receipt_hash", name=op.f("pk_published_rankings")),
    )
    op.create_table(
        "ranked_ballot_box",
        sa.Column("receipt_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("ranking", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_ranked_ballot_box_election_id_elections"),
        ),
        sa.PrimaryKeyConstraint("receipt_hash", name=op.f("pk_ranked_ballot_box")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("ranked_ballot_box")
    op.drop_table("published_rankings")
    with op.batch_alter_table("election_register", schema=None) as batch_op:
        batch_op.drop_index("ix_election_register_member")

    op.drop_table("election_register")
    op.drop_table("candidates")
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.drop_index("ix_elections_council")

    op.drop_table("elections")
