"""Concentration indicators: where mandates pile up, read from the projection.

For every member holding a seat or an office: how many they hold at once, and how many
levels up the federation they reach (a base council is level 0, a delegate council one
above the highest of its constituents). For every council: the largest share of its
seats (and offices) held by the members of one workplace or of one faction, and the share
of its agenda filed by its officers. Each is compared with what its charter sets: the cap
on concurrent mandates, and ``concentration_warning_share``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import Connection, select

from sovet.adapters import tables as t
from sovet.adapters.recall_store import mandate_from_row, office_from_row
from sovet.adapters.sql import council_from_row
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member


@dataclass(frozen=True)
class Share:
    """``held`` of ``out_of``, held by ``holder`` (a workplace, a faction or the officers)."""

    holder: str
    held: int
    out_of: int

    @property
    def value(self) -> float:
        return float(Fraction(self.held, self.out_of)) if self.out_of else 0.0


@dataclass(frozen=True)
class MemberIndicator:
    member: Member
    mandates: int
    """Seats and offices held now."""
    reach: int
    """The highest level among the councils where they hold them."""
    cap: int
    """The lowest cap on concurrent mandates among those councils' charters."""

    @property
    def warning(self) -> str | None:
        if self.mandates >= self.cap:
            return f"at the cap: {self.mandates} of {self.cap} concurrent mandates"
        if self.mandates == self.cap - 1:
            return f"one mandate below the cap of {self.cap}"
        return None


@dataclass(frozen=True)
class CouncilIndicator:
    council: Council
    level: int
    seats: int
    """Its delegate seats and its offices, filled or not."""
    filled: int
    workplace: Share | None
    """The workplace whose members hold most of its seats (delegate councils only)."""
    faction: Share | None
    """The faction whose members hold most of its seats."""
    officers_agenda: Share
    """Motions filed by its officers while in office, of all its motions."""

    @property
    def warning_share(self) -> float:
        return self.council.charter.concentration_warning_share

    @property
    def warnings(self) -> list[str]:
        found = []
        for what, share in (
            ("seats held by members of one workplace", self.workplace),
            ("seats held by members of one faction", self.faction),
            ("its agenda filed by its officers", self.officers_agenda),
        ):
            if share is not None and share.held and share.value >= self.warning_share:
                found.append(
                    f"{share.held} of {share.out_of} {what} ({share.holder}): at or above "
                    f"the charter's warning share of {self.warning_share:.0%}"
                )
        return found


@dataclass(frozen=True)
class Indicators:
    members: list[MemberIndicator]
    """Every member who holds a seat or an office now, most mandates first."""
    councils: list[CouncilIndicator]


@dataclass(frozen=True)
class _Snapshot:
    """What the indicators are computed from, read once."""

    councils: dict[int, Council]
    seats: dict[int, int]
    """Each delegate council's seats, filled or not."""
    levels: dict[int, int]
    held: list[Mandate]
    """Every seat and office held today."""
    names: dict[int, str]
    workplaces: dict[int, set[int]]
    """Each member's base councils."""
    factions: dict[int, set[int]]
    faction_names: dict[int, str]
    offices: list[Mandate]
    """Every office ever held, for who was an officer when a motion was filed."""
    motions: list[tuple[int, int, str]]
    """Each motion's council, mover and moment of filing."""


def indicators(conn: Connection, today: date) -> Indicators:
    found = _snapshot(conn, today)
    by_council: dict[int, list[int]] = {}
    for mandate in found.held:
        by_council.setdefault(mandate.council_id, []).append(mandate.member_id)
    councils = sorted(found.councils.values(), key=lambda c: (-found.levels[c.id], c.name))
    return Indicators(
        members=_members(found.held, found.councils, found.levels, found.names),
        councils=[_council(found, c, by_council.get(c.id, [])) for c in councils],
    )


def _snapshot(conn: Connection, today: date) -> _Snapshot:
    councils = {row.id: council_from_row(row) for row in conn.execute(select(t.councils))}
    constituents: dict[int, list[tuple[int, int]]] = {}
    for row in conn.execute(select(t.constituents).where(t.constituents.c.seats > 0)):
        constituents.setdefault(row.council_id, []).append((row.constituent_id, row.seats))
    offices = [office_from_row(row) for row in conn.execute(select(t.offices))]
    seats = [mandate_from_row(row) for row in conn.execute(select(t.mandates))]
    workplaces: dict[int, set[int]] = {}
    for row in conn.execute(select(t.memberships)):
        workplaces.setdefault(row.member_id, set()).add(row.council_id)
    factions: dict[int, set[int]] = {}
    for row in conn.execute(select(t.faction_members)):
        factions.setdefault(row.member_id, set()).add(row.faction_id)
    motions = select(t.motions.c.council_id, t.motions.c.filed_by, t.motions.c.filed)
    return _Snapshot(
        councils=councils,
        seats={c: sum(s for _, s in below) for c, below in constituents.items()},
        levels=_levels(councils, constituents),
        held=[m for m in [*seats, *offices] if m.active_on(today)],
        names={row.id: row.name for row in conn.execute(select(t.members))},
        workplaces=workplaces,
        factions=factions,
        faction_names={row.id: row.name for row in conn.execute(select(t.factions))},
        offices=offices,
        motions=[(row.council_id, row.filed_by, row.filed) for row in conn.execute(motions)],
    )


def _council(found: _Snapshot, council: Council, holders: list[int]) -> CouncilIndicator:
    seats = found.seats.get(council.id, 0) + len(council.charter.offices)
    workplace_names = {c.id: c.name for c in found.councils.values()}
    return CouncilIndicator(
        council=council,
        level=found.levels[council.id],
        seats=seats,
        filled=len(holders),
        workplace=None
        if council.kind == "base"
        else _top(holders, found.workplaces, workplace_names, seats),
        faction=_top(holders, found.factions, found.faction_names, seats),
        officers_agenda=_officers_agenda(council, found.motions, found.offices),
    )


def _levels(
    councils: Mapping[int, Council], constituents: Mapping[int, list[tuple[int, int]]]
) -> dict[int, int]:
    levels: dict[int, int] = {}

    def level(council_id: int) -> int:
        if council_id not in levels:
            below = [level(c) for c, _ in constituents.get(council_id, [])]
            levels[council_id] = 1 + max(below) if below else 0
        return levels[council_id]

    for council_id in councils:
        level(council_id)
    return levels


def _members(
    held: Iterable[Mandate],
    councils: Mapping[int, Council],
    levels: Mapping[int, int],
    names: Mapping[int, str],
) -> list[MemberIndicator]:
    by_member: dict[int, list[Mandate]] = {}
    for mandate in held:
        by_member.setdefault(mandate.member_id, []).append(mandate)
    found = [
        MemberIndicator(
            member=Member(id=member_id, name=names[member_id]),
            mandates=len(mandates),
            reach=max(levels[m.council_id] for m in mandates),
            cap=min(councils[m.council_id].charter.max_concurrent_mandates for m in mandates),
        )
        for member_id, mandates in by_member.items()
    ]
    return sorted(found, key=lambda m: (-m.mandates, -m.reach, m.member.name))


def _top(
    holders: list[int], groups: Mapping[int, set[int]], names: Mapping[int, str], seats: int
) -> Share | None:
    """The group (workplace or faction) whose members hold most of the seats."""
    counts = Counter(group for holder in holders for group in groups.get(holder, ()))
    if not counts:
        return None
    group, held = min(counts.items(), key=lambda item: (-item[1], names[item[0]]))
    return Share(holder=names[group], held=held, out_of=seats)


def _officers_agenda(
    council: Council, motions: list[tuple[int, int, str]], terms: list[Mandate]
) -> Share:
    here = [
        (filed_by, filed) for council_id, filed_by, filed in motions if council_id == council.id
    ]
    officers = [term for term in terms if term.council_id == council.id]
    by_officers = sum(
        1
        for filed_by, filed in here
        if any(
            term.member_id == filed_by and term.active_on(date.fromisoformat(filed[:10]))
            for term in officers
        )
    )
    return Share(holder="officers", held=by_officers, out_of=len(here))
