"""What the record's entries refer to by id, named for the pages that show the record.

The ids are those of their payloads and of the standing each act was done under (its
council, or the mandate of its seat or office). Every id in an entry is the position of
the entry that made the thing, so each name is read from the projection of the public
record and says nothing the record does not.
``record_names`` reads a whole page of entries' names in a fixed number of queries,
however many entries the page lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select

from sovet.adapters import tables as t


@dataclass(frozen=True)
class CouncilName:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class MotionName:
    id: int
    title: str
    council_id: int


@dataclass(frozen=True)
class VoteName:
    """A vote, as its opening entry made it: never a choice."""

    id: int
    motion_id: int
    subject: str
    secret: bool


@dataclass(frozen=True)
class ElectionName:
    id: int
    council_id: int
    constituency_id: int
    office: str | None


@dataclass(frozen=True)
class MandateName:
    """A seat's mandate, with the constituency it holds the seat for, or an office
    (``office`` names it; its constituency is the council itself)."""

    id: int
    member_id: int
    council_id: int
    office: str | None
    constituency_id: int | None = None


@dataclass
class Wanted:
    """The ids a page of entries refers to, by what they name."""

    members: set[int] = field(default_factory=set)
    councils: set[int] = field(default_factory=set)
    motions: set[int] = field(default_factory=set)
    votes: set[int] = field(default_factory=set)
    elections: set[int] = field(default_factory=set)
    periods: set[int] = field(default_factory=set)
    factions: set[int] = field(default_factory=set)
    comments: set[int] = field(default_factory=set)
    amendments: set[int] = field(default_factory=set)
    referendums: set[int] = field(default_factory=set)
    instructions: set[int] = field(default_factory=set)
    mandates: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class RecordNames:
    """The names of what ``Wanted`` asked for, and of what those refer to in turn: a
    vote's, comment's or amendment's motion, a motion's council, a mandate's member, its
    council and its constituency."""

    members: dict[int, str] = field(default_factory=dict)
    councils: dict[int, CouncilName] = field(default_factory=dict)
    motions: dict[int, MotionName] = field(default_factory=dict)
    votes: dict[int, VoteName] = field(default_factory=dict)
    elections: dict[int, ElectionName] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)
    factions: dict[int, str] = field(default_factory=dict)
    comments: dict[int, int] = field(default_factory=dict)
    """Each comment's motion."""
    amendments: dict[int, int] = field(default_factory=dict)
    """Each amendment's motion."""
    referendums: dict[int, int] = field(default_factory=dict)
    """Each referendum's motion."""
    instructions: dict[int, int] = field(default_factory=dict)
    """Each instruction's motion, while it stands (a withdrawn one is gone)."""
    mandates: dict[int, MandateName] = field(default_factory=dict)


def _rows(conn: Connection, table: Table, ids: Iterable[int]) -> list[Any]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(conn.execute(select(table).where(table.c.id.in_(wanted))))


def record_names(conn: Connection, wanted: Wanted) -> RecordNames:
    """The names of everything in ``wanted``: one query for each kind of thing."""
    motions = set(wanted.motions)
    members = set(wanted.members)
    councils = set(wanted.councils)
    votes = {
        r.id: VoteName(r.id, r.motion_id, r.subject, r.secret)
        for r in _rows(conn, t.votes, wanted.votes)
    }
    comments = {r.id: r.motion_id for r in _rows(conn, t.comments, wanted.comments)}
    amendments = {r.id: r.motion_id for r in _rows(conn, t.amendments, wanted.amendments)}
    referendums = {r.id: r.motion_id for r in _rows(conn, t.referendums, wanted.referendums)}
    instructions = {r.id: r.motion_id for r in _rows(conn, t.instructions, wanted.instructions)}
    for named in (comments, amendments, referendums, instructions):
        motions.update(named.values())
    motions.update(vote.motion_id for vote in votes.values())
    elections = {
        r.id: ElectionName(r.id, r.council_id, r.constituency_id, r.office)
        for r in _rows(conn, t.elections, wanted.elections)
    }
    mandates = {
        r.id: MandateName(r.id, r.member_id, r.council_id, r.office)
        for r in _rows(conn, t.offices, wanted.mandates)
    }
    mandates |= {
        r.id: MandateName(r.id, r.member_id, r.council_id, None, r.constituency_id)
        for r in _rows(conn, t.mandates, wanted.mandates)
    }
    members.update(mandate.member_id for mandate in mandates.values())
    motion_names = {
        r.id: MotionName(r.id, r.title, r.council_id) for r in _rows(conn, t.motions, motions)
    }
    councils.update(motion.council_id for motion in motion_names.values())
    for mandate in mandates.values():
        councils.add(mandate.council_id)
        if mandate.constituency_id is not None:
            councils.add(mandate.constituency_id)
    for election in elections.values():
        councils.update((election.council_id, election.constituency_id))
    return RecordNames(
        members={r.id: r.name for r in _rows(conn, t.members, members)},
        councils={
            r.id: CouncilName(r.id, r.slug, r.name) for r in _rows(conn, t.councils, councils)
        },
        motions=motion_names,
        votes=votes,
        elections=elections,
        periods={r.id: r.name for r in _rows(conn, t.planning_periods, wanted.periods)},
        factions={r.id: r.name for r in _rows(conn, t.factions, wanted.factions)},
        comments=comments,
        amendments=amendments,
        referendums=referendums,
        instructions=instructions,
        mandates=mandates,
    )
