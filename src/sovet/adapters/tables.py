"""The database schema: the record, its checkpoints, the projections, and accounts.

Projection tables (members, councils, motions, votes, ...) hold only what the record
says; ``sovet replay`` rebuilds them from it. Accounts (log-in, contact) are private to
the instance and not part of the public record; nor is the ballot box of an open secret
vote, which must never be linked to a voter. No table uses a database-generated key for anything
in the record: ids are entry positions, so a replay yields the same ids.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    true,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

entries = Table(
    "record_entries",
    metadata,
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(64), nullable=False),
    Column("actor", Integer, nullable=True),
    Column("time", String(40), nullable=False),
    Column("body", Text, nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)
Index("ix_record_entries_actor", entries.c.actor)
Index("ix_record_entries_kind", entries.c.kind)
"""Entries of a kind are read back when a referendum overturns a decision: the charter it
amended, and what the overturn undid."""

checkpoints = Table(
    "record_checkpoints",
    metadata,
    Column("size", Integer, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("timestamp", String(40), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("signature", LargeBinary(64), nullable=False),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(120), nullable=False),
    Column("registered", String(40), nullable=False),
)

councils = Table(
    "councils",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("workplace", String(120), nullable=True),
    Column("charter", Text, nullable=False),
    Column("founded", String(40), nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("admitted", String(40), nullable=False),
    Column("entry", Integer, nullable=False),
)
Index("ix_memberships_member", memberships.c.member_id)

constituents = Table(
    "constituents",
    metadata,
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("constituent_id", ForeignKey("councils.id"), primary_key=True),
    Column("seats", Integer, nullable=False),
    Column("joined", String(40), nullable=False),
)
Index("ix_constituents_constituent", constituents.c.constituent_id)

join_requests = Table(
    "join_requests",
    metadata,
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("constituent_id", ForeignKey("councils.id"), primary_key=True),
    Column("seats", Integer, nullable=False),
    Column("requested", String(40), nullable=False),
    Column("entry", Integer, nullable=False),
)
"""A council's request to join a delegate council whose delegates already sit: it joins
only when that council admits it by its decision (``admit_constituent``)."""

mandates = Table(
    "mandates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", Integer, nullable=False),
    Column("constituency_id", Integer, nullable=False),
    Column("seat_number", Integer, nullable=False),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("starts", Date, nullable=False),
    Column("ends", Date, nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(40), nullable=True),
    Column("via_mandate_id", ForeignKey("mandates.id"), nullable=True),
    Column("founding", Boolean, nullable=False),
    ForeignKeyConstraint(
        ["council_id", "constituency_id"],
        ["constituents.council_id", "constituents.constituent_id"],
    ),
)
Index("ix_mandates_member", mandates.c.member_id)
Index("ix_mandates_council", mandates.c.council_id)

substitutes = Table(
    "substitutes",
    metadata,
    Column("mandate_id", ForeignKey("mandates.id"), primary_key=True),
    Column("rank", Integer, primary_key=True, autoincrement=False),
    Column("member_id", ForeignKey("members.id"), nullable=False),
)

offices = Table(
    "offices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("office", String(40), nullable=False),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("starts", Date, nullable=False),
    Column("ends", Date, nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(40), nullable=True),
    Column("via_mandate_id", ForeignKey("mandates.id"), nullable=True),
    Column("founding", Boolean, nullable=False),
)
"""Offices held: a mandate for an office of the council (its own constituency)."""
Index("ix_offices_council", offices.c.council_id)
Index("ix_offices_member", offices.c.member_id)
Index("ix_offices_via", offices.c.via_mandate_id)

vacancies = Table(
    "vacancies",
    metadata,
    Column("mandate_id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("constituency_id", ForeignKey("councils.id"), nullable=False),
    Column("seat_number", Integer, nullable=False),
    Column("office", String(40), nullable=True),
    Column("opened", String(40), nullable=False),
    Column("entry", Integer, nullable=False),
)
"""Seats left empty when a mandate ended early with no substitute left: a by-election is
due. A vacancy is open until a later mandate fills the same seat."""
Index("ix_vacancies_council", vacancies.c.council_id)

motions = Table(
    "motions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("matter", String(40), nullable=False),
    Column("title", String(200), nullable=False),
    Column("filed_by", ForeignKey("members.id"), nullable=False),
    Column("on_behalf_of", ForeignKey("councils.id"), nullable=True),
    Column("effects", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("filed", String(40), nullable=False),
    Column("due", String(40), nullable=True),
    Column("forwarded_from", ForeignKey("motions.id"), nullable=True),
    Column("origin_vote", Text, nullable=True),
    Column("consults", ForeignKey("motions.id"), nullable=True),
)
Index("ix_motions_council", motions.c.council_id, motions.c.state)
Index("ix_motions_forwarded_from", motions.c.forwarded_from)
Index("ix_motions_consults", motions.c.consults)

motion_versions = Table(
    "motion_versions",
    metadata,
    Column("motion_id", ForeignKey("motions.id"), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("text", Text, nullable=False),
    Column("amendment_id", Integer, nullable=True),
    Column("made", String(40), nullable=False),
)

supporters = Table(
    "supporters",
    metadata,
    Column("motion_id", ForeignKey("motions.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("supported", String(40), nullable=False),
    Column("entry", Integer, nullable=False),
)

secrecy_requests = Table(
    "secrecy_requests",
    metadata,
    Column("motion_id", ForeignKey("motions.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("entry", Integer, nullable=False),
)

amendments = Table(
    "amendments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=False),
    Column("proposed_by", ForeignKey("members.id"), nullable=False),
    Column("original", Text, nullable=False),
    Column("replacement", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("proposed", String(40), nullable=False),
)
Index("ix_amendments_motion", amendments.c.motion_id)

referendums = Table(
    "referendums",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=False, unique=True),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("petitioned", String(40), nullable=False),
    Column("vote_id", Integer, nullable=True),
)

referendum_signatures = Table(
    "referendum_signatures",
    metadata,
    Column("referendum_id", ForeignKey("referendums.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("entry", Integer, nullable=False),
)

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("subject", String(16), nullable=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=False),
    Column("amendment_id", ForeignKey("amendments.id"), nullable=True),
    Column("referendum_id", ForeignKey("referendums.id"), nullable=True),
    Column("secret", Boolean, nullable=False),
    Column("quorum", Float, nullable=False),
    Column("threshold", String(16), nullable=False),
    Column("objection_share", Float, nullable=False),
    Column("eligible", Integer, nullable=False),
    Column("opened", String(40), nullable=False),
    Column("closes", String(40), nullable=False),
    Column("closed", String(40), nullable=True),
    Column("yes", Integer, nullable=True),
    Column("no", Integer, nullable=True),
    Column("abstain", Integer, nullable=True),
    Column("quorum_met", Boolean, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("reason", String(200), nullable=True),
)
Index("ix_votes_motion", votes.c.motion_id)
Index("ix_votes_council_open", votes.c.council_id, votes.c.closed)

vote_register = Table(
    "vote_register",
    metadata,
    Column("vote_id", ForeignKey("votes.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("under", String(40), nullable=False),
    Column("voted", Boolean, nullable=False),
)
Index("ix_vote_register_member", vote_register.c.member_id, vote_register.c.voted)

ballots = Table(
    "ballots",
    metadata,
    Column("vote_id", ForeignKey("votes.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("choice", String(8), nullable=False),
    Column("entry", Integer, nullable=False),
    Column("against_instruction", Integer, nullable=True),
)

published_ballots = Table(
    "published_ballots",
    metadata,
    Column("vote_id", ForeignKey("votes.id"), primary_key=True),
    Column("receipt_hash", LargeBinary(32), primary_key=True),
    Column("choice", String(8), nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("motion_id", ForeignKey("motions.id"), primary_key=True),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("vote_id", ForeignKey("votes.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("decided", String(40), nullable=False),
    Column("minority_until", String(40), nullable=False),
    Column("overturned_by", ForeignKey("referendums.id"), nullable=True),
)
Index("ix_decisions_council", decisions.c.council_id)

minority_reports = Table(
    "minority_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("motion_id", ForeignKey("decisions.motion_id"), nullable=False),
    Column("author", ForeignKey("members.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("attached", String(40), nullable=False),
)
Index("ix_minority_reports_motion", minority_reports.c.motion_id)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=False),
    Column("amendment_id", ForeignKey("amendments.id"), nullable=True),
    Column("reply_to", ForeignKey("comments.id"), nullable=True),
    Column("author", ForeignKey("members.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("posted", String(40), nullable=False),
    Column("hidden_by", ForeignKey("members.id"), nullable=True),
    Column("hidden_reason", String(500), nullable=True),
    Column("hidden_at", Integer, nullable=True),
)
Index("ix_comments_motion", comments.c.motion_id)

instructions = Table(
    "instructions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=False),
    Column("choice", String(8), nullable=False),
    Column("by_motion", ForeignKey("motions.id"), nullable=False),
    Column("issued", String(40), nullable=False),
)
Index("ix_instructions_motion", instructions.c.motion_id)

factions = Table(
    "factions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(120), nullable=False, unique=True),
    Column("platform", Text, nullable=False),
    Column("formed_by", ForeignKey("members.id"), nullable=False),
    Column("formed", String(40), nullable=False),
)

faction_members = Table(
    "faction_members",
    metadata,
    Column("faction_id", ForeignKey("factions.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("joined", String(40), nullable=False),
)
Index("ix_faction_members_member", faction_members.c.member_id)

faction_statements = Table(
    "faction_statements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("faction_id", ForeignKey("factions.id"), nullable=False),
    Column("author", ForeignKey("members.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=True),
    Column("published", String(40), nullable=False),
)
Index("ix_faction_statements_faction", faction_statements.c.faction_id)
Index("ix_faction_statements_motion", faction_statements.c.motion_id)

elections = Table(
    "elections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("constituency_id", ForeignKey("councils.id"), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("method", String(16), nullable=False),
    Column("phase", String(16), nullable=False),
    Column("opened", String(40), nullable=False),
    Column("nominations_close", String(40), nullable=False),
    Column("closes", String(40), nullable=False),
    Column("term_starts", Date, nullable=False),
    Column("term_months", Integer, nullable=False),
    Column("eligible", Integer, nullable=True),
    Column("seed", String(64), nullable=True),
    Column("closed", String(40), nullable=True),
    Column("ballots_cast", Integer, nullable=True),
    Column("report", Text, nullable=True),
    Column("office", String(40), nullable=True),
    Column("by_election", Boolean, nullable=False),
)
"""Elections of a constituency's seats, of the seats a recall left vacant (a by-election)
or of an office of the council (its own constituency)."""
Index("ix_elections_council", elections.c.council_id, elections.c.phase)

candidates = Table(
    "candidates",
    metadata,
    Column("election_id", ForeignKey("elections.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("nominated_by", ForeignKey("members.id"), nullable=False),
    Column("nominated", String(40), nullable=False),
    Column("consented", String(40), nullable=True),
    Column("statement", Text, nullable=True),
    Column("place", Integer, nullable=True),
    Column("outcome", String(16), nullable=True),
    Column("mandate_id", ForeignKey("mandates.id"), nullable=True),
)

election_register = Table(
    "election_register",
    metadata,
    Column("election_id", ForeignKey("elections.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("under", String(40), nullable=False),
    Column("voted", Boolean, nullable=False),
)
Index("ix_election_register_member", election_register.c.member_id, election_register.c.voted)

published_rankings = Table(
    "published_rankings",
    metadata,
    Column("election_id", ForeignKey("elections.id"), primary_key=True),
    Column("receipt_hash", LargeBinary(32), primary_key=True),
    Column("ranking", Text, nullable=False),
)

products = Table(
    "products",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("added_by", ForeignKey("councils.id"), nullable=False),
    Column("entry", Integer, nullable=False),
)

book_processes = Table(
    "book_processes",
    metadata,
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("product", ForeignKey("products.code"), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("labour", Float, nullable=False),
    Column("capacity", Float, nullable=False),
    Column("retired", Boolean, nullable=False),
    Column("entry", Integer, nullable=False),
)

book_inputs = Table(
    "book_inputs",
    metadata,
    Column("council_id", Integer, primary_key=True),
    Column("process", String(40), primary_key=True),
    Column("product", ForeignKey("products.code"), primary_key=True),
    Column("quantity", Float, nullable=False),
    Column("unit", String(16), nullable=False),
    ForeignKeyConstraint(
        ["council_id", "process"], ["book_processes.council_id", "book_processes.code"]
    ),
)

book_stocks = Table(
    "book_stocks",
    metadata,
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("product", ForeignKey("products.code"), primary_key=True),
    Column("quantity", Float, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("entry", Integer, nullable=False),
)

book_flows = Table(
    "book_flows",
    metadata,
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("period", String(7), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("product", ForeignKey("products.code"), primary_key=True),
    Column("quantity", Float, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("entry", Integer, nullable=False),
)

demand_targets = Table(
    "demand_targets",
    metadata,
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("period", String(7), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("product", ForeignKey("products.code"), primary_key=True),
    Column("quantity", Float, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=False),
)
Index("ix_demand_targets_period", demand_targets.c.period)

BOOKS = (products, book_processes, book_inputs, book_stocks, book_flows, demand_targets)
"""The open books' projections, compared by ``replay --check`` with the others."""

planning_periods = Table(
    "planning_periods",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("name", String(7), nullable=False),
    Column("round_limit", Integer, nullable=False),
    Column("tolerance", Float, nullable=False),
    Column("labour", Float, nullable=True),
    Column("proposals_due", String(40), nullable=False),
    Column("state", String(16), nullable=False),
    Column("rounds", Integer, nullable=False),
    Column("adopted_round", Integer, nullable=True),
    Column("plan_motion", ForeignKey("motions.id"), nullable=True),
    Column("opened", String(40), nullable=False),
)
"""A planning period of the council that holds the planning competence."""
Index("ix_planning_periods_council", planning_periods.c.council_id)

plan_proposals = Table(
    "plan_proposals",
    metadata,
    Column("period_id", ForeignKey("planning_periods.id"), primary_key=True),
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("round", Integer, nullable=False),
    Column("processes", Text, nullable=False),
    Column("filed_by", ForeignKey("members.id"), nullable=False),
    Column("entry", Integer, nullable=False),
)
"""Each workplace's current proposal for a period (its processes as JSON)."""

plan_targets = Table(
    "plan_targets",
    metadata,
    Column("period_id", ForeignKey("planning_periods.id"), primary_key=True),
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("product", ForeignKey("products.code"), primary_key=True),
    Column("quantity", Float, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("round", Integer, nullable=False),
    Column("entry", Integer, nullable=False),
)
"""Each demand council's current targets for a period's next round."""

plan_rounds = Table(
    "plan_rounds",
    metadata,
    Column("period_id", ForeignKey("planning_periods.id"), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("scale", Float, nullable=False),
    Column("balanced", Boolean, nullable=False),
    Column("shortfall", Float, nullable=False),
    Column("published", String(40), nullable=False),
    Column("entry", Integer, nullable=False),
)
"""Each published round; its balance is read from its entry in the record."""

plan_parts = Table(
    "plan_parts",
    metadata,
    Column("period_id", ForeignKey("planning_periods.id"), primary_key=True),
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
    Column("round", Integer, nullable=False),
    Column("outputs", Text, nullable=False),
    Column("inputs", Text, nullable=False),
    Column("labour", Float, nullable=False),
    Column("state", String(16), nullable=False),
    Column("motion_id", ForeignKey("motions.id"), nullable=True),
    Column("entry", Integer, nullable=False),
)
"""Each workplace's part of an adopted plan, and its council's answer."""

STAGE_LENGTH = 200
"""The longest stage a round job keeps; longer reports from the engine are cut short."""

round_jobs = Table(
    "round_jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period_id", ForeignKey("planning_periods.id"), nullable=False, index=True),
    Column("round", Integer, nullable=False),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("started", String(40), nullable=False),
    Column("stage", String(STAGE_LENGTH), nullable=False),
    Column("beat", String(40), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("message", Text, nullable=True),
    Column("finished", String(40), nullable=True),
)
"""Rounds computed in the background, and how far each has come: not a projection, since
publishing the round is the act (its entry is written then), and not compared by
``replay --check``."""

PLANNING = (planning_periods, plan_proposals, plan_targets, plan_rounds, plan_parts)
"""Planning in rounds, compared by ``replay --check`` with the others."""

PROJECTIONS = (
    *BOOKS,
    *PLANNING,
    members,
    councils,
    memberships,
    constituents,
    join_requests,
    mandates,
    substitutes,
    offices,
    vacancies,
    motions,
    motion_versions,
    supporters,
    secrecy_requests,
    amendments,
    referendums,
    referendum_signatures,
    votes,
    vote_register,
    ballots,
    published_ballots,
    decisions,
    minority_reports,
    comments,
    instructions,
    factions,
    faction_members,
    faction_statements,
    elections,
    candidates,
    election_register,
    published_rankings,
)

ballot_box = Table(
    "ballot_box",
    metadata,
    Column("receipt_hash", LargeBinary(32), primary_key=True),
    Column("vote_id", ForeignKey("votes.id"), nullable=False),
    Column("choice", String(8), nullable=False),
    sqlite_with_rowid=False,
)
"""The open box of a secret vote: not a projection of the record, and never linked to a
voter. Its key is the hash of the voter's random receipt, so even its physical order
(SQLite stores it WITHOUT ROWID, ordered by key) is random; it has no time and no
sequence. At close its ballots are published in one entry, in key order, and it is
emptied. Replay cannot rebuild a box that is still open: see docs/architecture.md."""

ranked_ballot_box = Table(
    "ranked_ballot_box",
    metadata,
    Column("receipt_hash", LargeBinary(32), primary_key=True),
    Column("election_id", ForeignKey("elections.id"), nullable=False),
    Column("ranking", Text, nullable=False),
    sqlite_with_rowid=False,
)
"""The open box of an election, like ``ballot_box``: each ranking (candidates' member ids,
best first, space-separated) under the hash of its voter's receipt, with no voter, no
time and no sequence; published in one entry, in key order, when voting closes."""

accounts = Table(
    "accounts",
    metadata,
    Column("member_id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("contact", String(200), nullable=True),
    Column("password_hash", String(200), nullable=True),
    Column("invitation_hash", LargeBinary(32), nullable=True),
    Column("notices", Boolean, nullable=False, server_default=true()),
)
"""A member's private details; ``notices``: whether they want an e-mail when something
they can act in opens (``services.notices``)."""

notices_sent = Table(
    "notices_sent",
    metadata,
    Column("channel", String(20), primary_key=True),
    Column("position", Integer, nullable=False),
)
"""How far along the record the notices of a channel (``mail``) have been sent: not a
projection of the record, but the sender's own progress."""

reminders_sent = Table(
    "reminders_sent",
    metadata,
    Column("channel", String(20), primary_key=True),
    Column("about", String(40), primary_key=True),
)
"""The votes and elections (``vote:ID``, ``election:ID``) whose closing a channel has
reminded their voters of: the sender's own progress, like ``notices_sent``."""

invitation_failures = Table(
    "invitation_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("importer_id", ForeignKey("members.id"), nullable=False),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("attempted", String(40), nullable=False),
    Column("reason", String(500), nullable=False),
)
"""The invitation e-mails of an imported member list that the mail server did not take,
kept for the member who imported it until they dismiss them: not a projection of the
record, but the sender's own outcome, like ``notices_sent``."""

emailed_codes = Table(
    "emailed_codes",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("member_id", ForeignKey("accounts.member_id"), nullable=False),
    Column("purpose", String(16), nullable=False),
    Column("email", String(254), nullable=True),
    Column("expires", String(40), nullable=False),
)
"""The codes of links e-mailed to a member, by hash: to set a new password (``purpose``
``password``, ``services.reset_password``) or to confirm a new address (``email``, the
address in ``email``, ``services.change_email``)."""

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("member_id", ForeignKey("accounts.member_id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("created", String(40), nullable=False),
)
