"""The read side: what pages and the API show, as plain dataclasses.

Reads never change state; they run in a read-only transaction and take no write lock.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, select

from sovet.adapters import tables as t
from sovet.adapters.motion_queries import MotionQueries
from sovet.adapters.recall_store import mandate_from_row
from sovet.adapters.record_names import RecordNames, Wanted, record_names
from sovet.adapters.sql import Database, council_from_row, read_only
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.record.entry import Entry


@dataclass(frozen=True)
class CouncilSummary:
    council: Council
    members: int
    seats: int
    filled: int


@dataclass(frozen=True)
class SeatView:
    constituency: Council
    number: int
    holder: Member | None
    mandate: Mandate | None
    substitutes: tuple[Member, ...] = ()


@dataclass(frozen=True)
class CouncilView:
    council: Council
    members: list[Member]
    seats: list[SeatView]
    constituents: list[tuple[Council, int]]
    sits_in: list[Council]
    asking: list[tuple[Council, int]] = field(default_factory=list)
    """Councils that asked to join this delegate council and await its decision, with
    the seats each asked for."""
    asked: list[Council] = field(default_factory=list)
    """Delegate councils this council asked to join, awaiting their decision."""


@dataclass(frozen=True)
class MandateView:
    mandate: Mandate
    council: Council
    constituency: Council


@dataclass(frozen=True)
class MemberView:
    member: Member
    councils: list[Council]
    mandates: list[MandateView]


@dataclass(frozen=True)
class Graph:
    nodes: list[CouncilSummary]
    edges: list[tuple[int, int, int]]
    """(constituent, council, seats): the constituent seats delegates in the council."""


@dataclass(frozen=True)
class RecordPage:
    entries: list[Entry]
    total: int
    start: int


class Queries(MotionQueries):
    """Reads over one connection."""

    def __init__(self, conn: Connection, today: date) -> None:
        self.conn = conn
        self.today = today

    def councils(self) -> list[CouncilSummary]:
        members: dict[int, int] = dict(
            self.conn.execute(
                select(t.memberships.c.council_id, func.count()).group_by(
                    t.memberships.c.council_id
                )
            ).all()
        )
        seats = dict(
            self.conn.execute(
                select(t.constituents.c.council_id, func.sum(t.constituents.c.seats)).group_by(
                    t.constituents.c.council_id
                )
            ).all()
        )
        filled: dict[int, int] = {}
        for row in self.conn.execute(select(t.mandates)):
            if mandate_from_row(row).active_on(self.today):
                filled[row.council_id] = filled.get(row.council_id, 0) + 1
        rows = self.conn.execute(select(t.councils).order_by(t.councils.c.kind, t.councils.c.name))
        return [
            CouncilSummary(
                council=council_from_row(row),
                members=int(members.get(row.id, 0)),
                seats=int(seats.get(row.id, 0) or 0),
                filled=filled.get(row.id, 0),
            )
            for row in rows
        ]

    def council(self, slug: str) -> CouncilView | None:
        row = self.conn.execute(select(t.councils).where(t.councils.c.slug == slug)).first()
        if row is None:
            return None
        council = council_from_row(row)
        members = [
            Member(id=r.id, name=r.name)
            for r in self.conn.execute(
                select(t.members.c.id, t.members.c.name)
                .join(t.memberships, t.memberships.c.member_id == t.members.c.id)
                .where(t.memberships.c.council_id == council.id)
                .order_by(t.members.c.name)
            )
        ]
        constituents = [
            (council_from_row(r), int(r.seats))
            for r in self.conn.execute(
                select(t.councils, t.constituents.c.seats)
                .join(t.constituents, t.constituents.c.constituent_id == t.councils.c.id)
                .where(t.constituents.c.council_id == council.id, t.constituents.c.seats > 0)
                .order_by(t.councils.c.name)
            )
        ]
        sits_in = [
            council_from_row(r)
            for r in self.conn.execute(
                select(t.councils)
                .join(t.constituents, t.constituents.c.council_id == t.councils.c.id)
                .where(t.constituents.c.constituent_id == council.id, t.constituents.c.seats > 0)
                .order_by(t.councils.c.name)
            )
        ]
        pending = (
            select(t.join_requests)
            .outerjoin(
                t.constituents,
                and_(
                    t.constituents.c.council_id == t.join_requests.c.council_id,
                    t.constituents.c.constituent_id == t.join_requests.c.constituent_id,
                ),
            )
            .where(t.constituents.c.council_id.is_(None))
            .subquery()
        )
        asking = [
            (council_from_row(r), int(r.seats))
            for r in self.conn.execute(
                select(t.councils, pending.c.seats)
                .join(pending, pending.c.constituent_id == t.councils.c.id)
                .where(pending.c.council_id == council.id)
                .order_by(t.councils.c.name)
            )
        ]
        asked = [
            council_from_row(r)
            for r in self.conn.execute(
                select(t.councils)
                .join(pending, pending.c.council_id == t.councils.c.id)
                .where(pending.c.constituent_id == council.id)
                .order_by(t.councils.c.name)
            )
        ]
        return CouncilView(
            council=council,
            members=members,
            seats=self._seats(council, constituents),
            constituents=constituents,
            sits_in=sits_in,
            asking=asking,
            asked=asked,
        )

    def _seats(
        self, council: Council, constituents: Sequence[tuple[Council, int]]
    ) -> list[SeatView]:
        holders: dict[tuple[int, int], tuple[Mandate, Member]] = {}
        for row in self.conn.execute(
            select(t.mandates, t.members.c.name)
            .join(t.members, t.members.c.id == t.mandates.c.member_id)
            .where(t.mandates.c.council_id == council.id)
        ):
            mandate = mandate_from_row(row)
            if mandate.active_on(self.today):
                holders[mandate.constituency_id, mandate.seat_number] = (
                    mandate,
                    Member(id=mandate.member_id, name=row.name),
                )
        substitutes = self._substitutes([mandate.id for mandate, _ in holders.values()])
        seats = []
        for constituency, count in constituents:
            for number in range(1, count + 1):
                held = holders.get((constituency.id, number))
                seats.append(
                    SeatView(
                        constituency=constituency,
                        number=number,
                        holder=None if held is None else held[1],
                        mandate=None if held is None else held[0],
                        substitutes=() if held is None else substitutes.get(held[0].id, ()),
                    )
                )
        return seats

    def _substitutes(self, mandate_ids: Sequence[int]) -> dict[int, tuple[Member, ...]]:
        found: dict[int, list[Member]] = {}
        for row in self.conn.execute(
            select(t.substitutes.c.mandate_id, t.members.c.id, t.members.c.name)
            .join(t.members, t.members.c.id == t.substitutes.c.member_id)
            .where(t.substitutes.c.mandate_id.in_(mandate_ids))
            .order_by(t.substitutes.c.mandate_id, t.substitutes.c.rank)
        ):
            found.setdefault(row.mandate_id, []).append(Member(id=row.id, name=row.name))
        return {mandate_id: tuple(members) for mandate_id, members in found.items()}

    def member(self, member_id: int) -> MemberView | None:
        row = self.conn.execute(select(t.members).where(t.members.c.id == member_id)).first()
        if row is None:
            return None
        councils = [
            council_from_row(r)
            for r in self.conn.execute(
                select(t.councils)
                .join(t.memberships, t.memberships.c.council_id == t.councils.c.id)
                .where(t.memberships.c.member_id == member_id)
                .order_by(t.councils.c.name)
            )
        ]
        by_id = {c.council.id: c.council for c in self.councils()}
        mandates = [
            MandateView(
                mandate=m, council=by_id[m.council_id], constituency=by_id[m.constituency_id]
            )
            for m in (
                mandate_from_row(r)
                for r in self.conn.execute(
                    select(t.mandates)
                    .where(t.mandates.c.member_id == member_id)
                    .order_by(t.mandates.c.id)
                )
            )
        ]
        return MemberView(
            member=Member(id=row.id, name=row.name), councils=councils, mandates=mandates
        )

    def members(self, ids: Sequence[int]) -> dict[int, Member]:
        rows = self.conn.execute(select(t.members).where(t.members.c.id.in_(ids)))
        return {row.id: Member(id=row.id, name=row.name) for row in rows}

    def graph(self) -> Graph:
        edges = [
            (int(r.constituent_id), int(r.council_id), int(r.seats))
            for r in self.conn.execute(select(t.constituents).where(t.constituents.c.seats > 0))
        ]
        return Graph(nodes=self.councils(), edges=edges)

    def record(self, *, start: int = 0, limit: int = 50, kind: str | None = None) -> RecordPage:
        query = select(t.entries.c.body).where(t.entries.c.position >= start)
        count = select(func.count()).select_from(t.entries)
        if kind:
            query = query.where(t.entries.c.kind == kind)
            count = count.where(t.entries.c.kind == kind)
        bodies = self.conn.execute(query.order_by(t.entries.c.position).limit(limit)).scalars()
        return RecordPage(
            entries=[Entry.from_body(body) for body in bodies],
            total=int(self.conn.execute(count).scalar() or 0),
            start=start,
        )

    def record_names(self, wanted: Wanted) -> RecordNames:
        return record_names(self.conn, wanted)

    def entry(self, position: int) -> Entry | None:
        body = self.conn.execute(
            select(t.entries.c.body).where(t.entries.c.position == position)
        ).scalar()
        return None if body is None else Entry.from_body(body)


@contextmanager
def open_queries(db: Database) -> Iterator[Queries]:
    """``Queries`` over a connection for reading (see ``read_only``)."""
    with read_only(db.engine) as conn:
        yield Queries(conn, db.clock().date())


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def pretty(payload: dict[str, Any]) -> str:
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)
