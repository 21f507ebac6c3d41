"""The database schema: the record, its checkpoints, the projections, and accounts.

Projection tables (members, councils, ...) hold only what the record says; ``sovet
replay`` rebuilds them from it. Accounts (log-in, contact) are private to the instance
and not part of the public record. No table uses a database-generated key for anything
in the record: ids are entry positions, so a replay yields the same ids.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
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

PROJECTIONS = (members, councils, memberships, constituents, mandates, substitutes)

accounts = Table(
    "accounts",
    metadata,
    Column("member_id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("contact", String(200), nullable=True),
    Column("password_hash", String(200), nullable=True),
    Column("invitation_hash", LargeBinary(32), nullable=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("member_id", ForeignKey("accounts.member_id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("created", String(40), nullable=False),
)
