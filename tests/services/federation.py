"""Acting on an instance as its members would, and checking that a refusal changed nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest
from sqlalchemy import select

from conftest import ElectDelegates
from sovet.adapters import tables
from sovet.adapters.audit import projection_differences, replay
from sovet.adapters.migrate import migrate
from sovet.adapters.sql import Database, make_engine
from sovet.bootstrap import Sovet
from sovet.domain.errors import Refused
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.record.entry import Entry
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.agenda import register_of
from sovet.services.authority import Actor
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.ports import Store
from sovet.services.register_member import RegisterMember, register_member

T = TypeVar("T")


class Clock(Protocol):
    """The hand-moved clock of the ``clock`` fixture."""

    moment: datetime

    def advance(self, **delta: float) -> None: ...


PASSWORD = "correct horse battery staple"
Act = Callable[[Store], object]


def email_of(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@example.org"


class Federation:
    """One instance, acted on through its use cases, each in its own transaction."""

    def __init__(self, sovet: Sovet, elect_delegates: ElectDelegates) -> None:
        self.sovet = sovet
        self._elect_delegates = elect_delegates

    def act(self, use_case: Callable[[Store], T]) -> T:
        with self.sovet.db.transaction() as store:
            return use_case(store)

    def register(self, name: str) -> Member:
        request = RegisterMember(name=name, email=email_of(name), password=PASSWORD)
        return self.act(lambda store: register_member(store, request))

    def found_base(
        self, founder: Actor, slug: str, name: str, charter: dict[str, Any] | None = None
    ) -> Council:
        request = FoundBaseCouncil(
            slug=slug, name=name, workplace=f"{name} site", charter=charter or {}
        )
        return self.act(lambda store: found_base_council(store, request, actor=founder))

    def admit(self, admitter: Actor, council: Council, *members: Member) -> None:
        for member in members:
            request = AdmitMember(council=council.slug, member=member.id)
            self.act(lambda store, request=request: admit_member(store, request, actor=admitter))

    def found_delegate(
        self,
        founder: Actor,
        slug: str,
        name: str,
        constituent: Council,
        *,
        seats: int = 1,
        charter: dict[str, Any] | None = None,
    ) -> Council:
        request = FoundDelegateCouncil(
            slug=slug,
            name=name,
            constituent=constituent.slug,
            seats=seats,
            charter=charter or {},
        )
        return self.act(lambda store: found_delegate_council(store, request, actor=founder))

    def join(self, actor: Actor, council: Council, constituent: Council, seats: int = 1) -> None:
        request = JoinDelegateCouncil(
            council=council.slug, constituent=constituent.slug, seats=seats
        )
        self.act(lambda store: join_delegate_council(store, request, actor=actor))

    def elect(
        self,
        council: Council,
        constituency: Council,
        *delegates: Member,
        substitutes: Sequence[Member] = (),
    ) -> list[Mandate]:
        """The constituency elects ``delegates`` to its seats in ``council``, in order,
        every elector it has (its members, or its delegates) ranking them; their
        mandates."""
        electors = self.electors(constituency)
        return self._elect_delegates(
            self.sovet, council.slug, constituency.slug, delegates, electors, substitutes
        )

    def electors(self, council: Council) -> list[Member]:
        """Who votes in ``council`` now: its members, or the holders of its seats."""
        with self.sovet.db.reading() as store:
            found = dict.fromkeys(member for member, _ in register_of(store, council))
            return [member for member in map(store.member, found) if member is not None]

    def is_member(self, council: Council, member: Member) -> bool:
        with self.sovet.db.reading() as store:
            return store.is_member(council.id, member.id)

    def entries(self, start: int = 0) -> list[Entry]:
        return list(self.sovet.db.entries(start))

    def record_size(self) -> int:
        return len(self.entries())

    def replays_the_same(self, folder: Path) -> None:
        """Replaying the record alone into an empty database in ``folder`` rebuilds every
        table as it stands, from every entry."""
        empty = make_engine(f"sqlite:///{folder / 'replayed.db'}")
        try:
            migrate(empty)
            db = self.sovet.db
            assert replay(db.bodies(), db.checkpoints(), empty) == self.record_size()
            assert projection_differences(db.engine, empty) == []
        finally:
            empty.dispose()

    @contextmanager
    def replayed_with_retired(
        self, folder: Path, kind: str, *, actor: int, under: str, payload: dict[str, Any]
    ) -> Iterator[tuple[Entry, Store]]:
        """The record with one more entry of the retired ``kind`` after its last, as an
        older record may hold it, replayed into an empty database in ``folder``: that
        entry, and a read of the state the replay rebuilt."""
        db = self.sovet.db
        bodies = list(db.bodies())
        legacy = Entry(
            position=len(bodies),
            time=Entry.from_body(bodies[-1]).time,
            kind=kind,
            version=1,
            actor=actor,
            under=under,
            payload=payload,
        )
        empty = make_engine(f"sqlite:///{folder / 'replayed.db'}")
        try:
            migrate(empty)
            assert replay([*bodies, legacy.body()], db.checkpoints(), empty) == len(bodies) + 1
            with Database(empty, self.sovet.key).reading() as store:
                yield legacy, store
        finally:
            empty.dispose()

    def state(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table: the record, its checkpoints, projections and accounts."""
        with self.sovet.db.engine.connect() as conn:
            return {
                table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for table in tables.metadata.sorted_tables
            }

    def refused(self, error: type[Refused], act: Act, *naming: str) -> str:
        """Run ``act`` expecting exactly ``error`` with a message naming each of ``naming``,
        and check that the record and every table are as they were."""
        size, before = self.record_size(), self.state()
        with pytest.raises(Refused) as raised, self.sovet.db.transaction() as store:
            act(store)
        message = raised.value.message
        assert type(raised.value) is error, f"{type(raised.value).__name__}: {message}"
        for words in naming:
            assert words in message, f"{words!r} is not in {message!r}"
        assert self.record_size() == size
        assert self.state() == before
        return message


@dataclass(frozen=True)
class Region:
    """Two workplaces seating a regional council: the tractor works (Ana, who founded it, and
    Boris) fills two seats, the textile mill (Vera, who founded it, and Gleb) one."""

    ana: Member
    boris: Member
    vera: Member
    gleb: Member
    works: Council
    mill: Council
    regional: Council


def build_region(federation: Federation, regional_charter: dict[str, Any] | None = None) -> Region:
    ana, boris, vera, gleb = (
        federation.register(name) for name in ("Ana", "Boris", "Vera", "Gleb")
    )
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    federation.admit(ana, works, boris)
    mill = federation.found_base(vera, "textile-mill", "Textile Mill")
    federation.admit(vera, mill, gleb)
    regional = federation.found_delegate(
        ana, "north", "Northern Regional Council", works, seats=2, charter=regional_charter
    )
    federation.join(vera, regional, mill, seats=1)
    return Region(ana, boris, vera, gleb, works, mill, regional)


def build_busy_federation(federation: Federation) -> Region:
    """A realistic sequence: two workplaces, a regional council, an import, the
    delegates each workplace elects, a congress whose seat the regional delegates fill by
    electing one of them, and an industry union."""
    region = build_region(federation)
    lev = federation.register("Lev")
    federation.admit(region.ana, region.works, lev)
    federation.act(
        lambda store: import_members(
            store,
            ImportMembers(
                council=region.mill.slug,
                csv_text="name,email,contact\nNadia,nadia@example.org,\nLev,lev@example.org,\n",
            ),
            actor=region.gleb,
        )
    )
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    congress = federation.found_delegate(
        region.boris, "congress", "Congress of Councils", region.regional, seats=2
    )
    federation.elect(congress, region.regional, region.boris)
    union = federation.found_delegate(
        region.vera, "textile-union", "Textile Workers' Union", region.mill, seats=3
    )
    federation.join(region.ana, union, region.works)
    federation.elect(union, region.works, lev)
    return region
