"""add motions, votes, decisions and factions

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "factions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("formed_by", sa.Integer(), nullable=False),
        sa.Column("formed", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["formed_by"], ["members.id"], name=op.f("fk_factions_formed_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factions")),
        sa.UniqueConstraint("name", name=op.f("uq_factions_name")),
    )
    op.create_table(
        "motions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("matter", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("filed_by", sa.Integer(), nullable=False),
        sa.Column("on_behalf_of", sa.Integer(), nullable=True),
        sa.Column("effects", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filed", sa.String(length=40), nullable=False),
        sa.Column("due", sa.String(length=40), nullable=True),
        sa.Column("forwarded_from", sa.Integer(), nullable=True),
        sa.Column("origin_vote", sa.Text(), nullable=True),
        sa.Column("consults", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consults"], ["motions.id"], name=op.f("fk_motions_consults_motions")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_motions_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["filed_by"], ["members.id"], name=op.f("fk_motions_filed_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["forwarded_from"], ["motions.id"], name=op.f("fk_motions_forwarded_from_motions")
        ),
        sa.ForeignKeyConstraint(
            ["on_behalf_of"], ["councils.id"], name=op.f("fk_motions_on_behalf_of_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motions")),
    )
    with op.batch_alter_table("motions", schema=None) as batch_op:
        batch_op.create_index("ix_motions_consults", ["consults"], unique=False)
        batch_op.create_index("ix_motions_council", ["council_id", "state"], unique=False)
        batch_op.create_index("ix_motions_forwarded_from", ["forwarded_from"], unique=False)

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("replacement", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("proposed", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_amendments_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["members.id"], name=op.f("fk_amendments_proposed_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index("ix_amendments_motion", ["motion_id"], unique=False)

    op.create_table(
        "faction_members",
        sa.Column("faction_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("joined", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["faction_id"], ["factions.id"], name=op.f("fk_faction_members_faction_id_factions")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_faction_members_member_id_members")
        ),
        sa.PrimaryKeyConstraint("faction_id", "member_id", name=op.f("pk_faction_members")),
    )
    with op.batch_alter_table("faction_members", schema=None) as batch_op:
        batch_op.create_index("ix_faction_members_member", ["member_id"], unique=False)

    op.create_table(
        "faction_statements",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("faction_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.Column("published", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["author"], ["members.id"], name=op.f("fk_faction_statements_author_members")
        ),
        sa.ForeignKeyConstraint(
            ["faction_id"], ["factions.id"], name=op.f("fk_faction_statements_faction_id_factions")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_faction_statements_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faction_statements")),
    )
    with op.batch_alter_table("faction_statements", schema=None) as batch_op:
        batch_op.create_index("ix_faction_statements_faction", ["faction_id"], unique=False)
        batch_op.create_index("ix_faction_statements_motion", ["motion_id"], unique=False)

    op.create_table(
        "instructions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=8), nullable=False),
        sa.Column("by_motion", sa.Integer(), nullable=False),
        sa.Column("issued", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_motion"], ["motions.id"], name=op.f("fk_instructions_by_motion_motions")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_instructions_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_instructions_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instructions")),
    )
    with op.batch_alter_table("instructions", schema=None) as batch_op:
        batch_op.create_index("ix_instructions_motion", ["motion_id"], unique=False)

    op.create_table(
        "motion_versions",
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("made", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_motion_versions_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", "number", name=op.f("pk_motion_versions")),
    )
    op.create_table(
        "referendums",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("petitioned", sa.String(length=40), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_referendums_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_referendums_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referendums")),
        sa.UniqueConstraint("motion_id", name=op.f("uq_referendums_motion_id")),
    )
    op.create_table(
        "secrecy_requests",
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_secrecy_requests_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_secrecy_requests_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", "member_id", name=op.f("pk_secrecy_requests")),
    )
    op.create_table(
        "supporters",
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("supported", sa.String(length=40), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_supporters_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_supporters_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", "member_id", name=op.f("pk_supporters")),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("reply_to", sa.Integer(), nullable=True),
        sa.Column("author", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted", sa.String(length=40), nullable=False),
        sa.Column("hidden_by", sa.Integer(), nullable=True),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        sa.Column("hidden_at", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["amendment_id"], ["amendments.id"], name=op.f("fk_comments_amendment_id_amendments")
        ),
        sa.ForeignKeyConstraint(
            ["author"], ["members.id"], name=op.f("fk_comments_author_members")
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by"], ["members.id"], name=op.f("fk_comments_hidden_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_comments_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["reply_to"], ["comments.id"], name=op.f("fk_comments_reply_to_comments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index("ix_comments_motion", ["motion_id"], unique=False)

    op.create_table(
        "referendum_signatures",
        sa.Column("referendum_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_referendum_signatures_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["referendum_id"],
            ["referendums.id"],
            name=op.f("fk_referendum_signatures_referendum_id_referendums"),
        ),
        sa.PrimaryKeyConstraint(
            "referendum_id", "member_id", name=op.f("pk_referendum_signatures")
        ),
    )
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("referendum_id", sa.Integer(), nullable=True),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("quorum", sa.Float(), nullable=False),
        sa.Column("threshold", sa.String(length=16), nullable=False),
        sa.Column("objection_share", sa.Float(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("opened", sa.String(length=40), nullable=False),
        sa.Column("closes", sa.String(length=40), nullable=False),
        sa.Column("closed", sa.String(length=40), nullable=True),
        sa.Column("yes", sa.Integer(), nullable=True),
        sa.Column("no", sa.Integer(), nullable=True),
        sa.Column("abstain", sa.Integer(), nullable=True),
        sa.Column("quorum_met", sa.Boolean(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["amendment_id"], ["amendments.id"], name=op.f("fk_votes_amendment_id_amendments")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_votes_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_votes_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["referendum_id"], ["referendums.id"], name=op.f("fk_votes_referendum_id_referendums")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index("ix_votes_council_open", ["council_id", "closed"], unique=False)
        batch_op.create_index("ix_votes_motion", ["motion_id"], unique=False)

    op.create_table(
        "ballot_box",
        sa.Column("receipt_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_ballot_box_vote_id_votes")
        ),
        sa.PrimaryKeyConstraint("receipt_hash", name=op.f("pk_ballot_box")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "ballots",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=8), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.Column("against_instruction", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_ballots_member_id_members")
        ),
        sa.ForeignKeyConstraint(["vote_id"], ["votes.id"], name=op.f("fk_ballots_vote_id_votes")),
        sa.PrimaryKeyConstraint("vote_id", "member_id", name=op.f("pk_ballots")),
    )
    op.create_table(
        "decisions",
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decided", sa.String(length=40), nullable=False),
        sa.Column("minority_until", sa.String(length=40), nullable=False),
        sa.Column("overturned_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_decisions_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_decisions_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["overturned_by"],
            ["referendums.id"],
            name=op.f("fk_decisions_overturned_by_referendums"),
        ),
        sa.ForeignKeyConstraint(["vote_id"], ["votes.id"], name=op.f("fk_decisions_vote_id_votes")),
        sa.PrimaryKeyConstraint("motion_id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index("ix_decisions_council", ["council_id"], unique=False)

    op.create_table(
        "published_ballots",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("receipt_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("choice", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_published_ballots_vote_id_votes")
        ),
        sa.PrimaryKeyConstraint("vote_id", "receipt_hash", name=op.f("pk_published_ballots")),
    )
    op.create_table(
        "vote_register",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("under", sa.String(length=40), nullable=False),
        sa.Column("voted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_vote_register_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_vote_register_vote_id_votes")
        ),
        sa.PrimaryKeyConstraint("vote_id", "member_id", name=op.f("pk_vote_register")),
    )
    with op.batch_alter_table("vote_register", schema=None) as batch_op:
        batch_op.create_index("ix_vote_register_member", ["member_id", "voted"], unique=False)

    op.create_table(
        "minority_reports",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attached", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["author"], ["members.id"], name=op.f("fk_minority_reports_author_members")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"],
            ["decisions.motion_id"],
            name=op.f("fk_minority_reports_motion_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minority_reports")),
    )
    with op.batch_alter_table("minority_reports", schema=None) as batch_op:
        batch_op.create_index("ix_minority_reports_motion", ["motion_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("minority_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_minority_reports_motion")

    op.drop_table("minority_reports")
    with op.batch_alter_table("vote_register", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_register_member")

    op.drop_table("vote_register")
    op.drop_table("published_ballots")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_decisions_council")

    op.drop_table("decisions")
    op.drop_table("ballots")
    op.drop_table("ballot_box")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index("ix_votes_motion")
        batch_op.drop_index("ix_votes_council_open")

    op.drop_table("votes")
    op.drop_table("referendum_signatures")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index("ix_comments_motion")

    op.drop_table("comments")
    op.drop_table("supporters")
    op.drop_table("secrecy_requests")
    op.drop_table("referendums")
    op.drop_table("motion_versions")
    with op.batch_alter_table("instructions", schema=None) as batch_op:
        batch_op.drop_index("ix_instructions_motion")

    op.drop_table("instructions")
    with op.batch_alter_table("faction_statements", schema=None) as batch_op:
        batch_op.drop_index("ix_faction_statements_motion")
        batch_op.drop_index("ix_faction_statements_faction")

    op.drop_table("faction_statements")
    with op.batch_alter_table("faction_members", schema=None) as batch_op:
        batch_op.drop_index("ix_faction_members_member")

    op.drop_table("faction_members")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index("ix_amendments_motion")

    op.drop_table("amendments")
    with op.batch_alter_table("motions", schema=None) as batch_op:
        batch_op.drop_index("ix_motions_forwarded_from")
        batch_op.drop_index("ix_motions_council")
        batch_op.drop_index("ix_motions_consults")

    op.drop_table("motions")
    op.drop_table("factions")
