"""The read side of recall and offices: a council's recall petitions, and its seats and
offices with who holds (or held) them and what is vacant."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select

from sovet.adapters import tables as t
from sovet.adapters.motion_queries import MotionSummary
from sovet.adapters.queries import Queries
from sovet.adapters.recall_store import RecallStore, mandate_from_row
from sovet.adapters.sql import Database
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.domain.motions import Recall
from sovet.domain.recall import Vacancy


def seat_words(office: str | None, seat: int, council: Council, constituency: Council) -> str:
    """A seat or an office in words: ``seat 2 of Tractor Works in North``."""
    if office is not None:
        return f"the office of {office} of {council.name}"
    return f"seat {seat} of {constituency.name} in {council.name}"


@dataclass(frozen=True)
class Held:
    """A mandate (a seat or an office) with its holder, its constituency and its place."""

    mandate: Mandate
    holder: Member
    council: Council
    constituency: Council

    @property
    def seat(self) -> str:
        return seat_words(
            self.mandate.office, self.mandate.seat_number, self.council, self.constituency
        )


@dataclass(frozen=True)
class Vacant:
    """A seat or office that needs a by-election, with the council that fills it."""

    vacancy: Vacancy
    council: Council
    constituency: Council

    @property
    def seat(self) -> str:
        return seat_words(
            self.vacancy.office, self.vacancy.seat_number, self.council, self.constituency
        )

    @property
    def why(self) -> str:
        if self.vacancy.mandate_id is None:
            return "its election filled fewer seats than there are"
        return f"mandate {self.vacancy.mandate_id} ended early"


@dataclass(frozen=True)
class Petition:
    summary: MotionSummary
    """The recall motion: its signatures (supporters), how many it needs, its vote."""
    target: Held


@dataclass(frozen=True)
class CouncilMandates:
    council: Council
    seats: list[Held]
    """Every delegate mandate in the council, the current ones first."""
    offices: list[Held]
    vacancies: list[Vacant]
    recallable: list[Held]
    """The mandates this council is the constituency of and that are held now: the ones
    its members may petition to recall (its delegates elsewhere, and its officers)."""


class RecallQueries(Queries, RecallStore):
    """``Queries`` with the reads of recall and offices."""

    def held(self, mandate: Mandate) -> Held:
        council = self._council(mandate.council_id)
        constituency = self._council(mandate.constituency_id)
        holder = self.members([mandate.member_id])[mandate.member_id]
        assert council is not None and constituency is not None
        return Held(mandate, holder, council, constituency)

    def vacant(self, vacancy: Vacancy) -> Vacant:
        council = self._council(vacancy.council_id)
        constituency = self._council(vacancy.constituency_id)
        assert council is not None and constituency is not None
        return Vacant(vacancy, council, constituency)

    def petitions(self, council_id: int) -> list[Petition] | None:
        """The council's recall petitions, newest first."""
        agenda = self.agenda(council_id, decided=1000)
        if agenda is None:
            return None
        summaries = [*agenda.gathering, *agenda.scheduled, *agenda.voting, *agenda.decided]
        found = []
        for summary in summaries:
            for effect in summary.motion.effects:
                target = self.mandate(effect.mandate) if isinstance(effect, Recall) else None
                if target is not None:
                    found.append(Petition(summary, self.held(target)))
        return sorted(found, key=lambda p: -p.summary.motion.id)

    def council_mandates(self, council_id: int) -> CouncilMandates | None:
        council = self._council(council_id)
        if council is None:
            return None
        seats = [
            self.held(mandate_from_row(row))
            for row in self.conn.execute(
                select(t.mandates)
                .where(t.mandates.c.council_id == council_id)
                .order_by(t.mandates.c.id)
            )
        ]
        offices = [self.held(office) for office in self.offices_in(council_id)]
        represents = [
            mandate_from_row(row)
            for row in self.conn.execute(
                select(t.mandates)
                .where(t.mandates.c.constituency_id == council_id)
                .order_by(t.mandates.c.id)
            )
        ]
        recallable = [
            self.held(m)
            for m in [*represents, *self.offices_in(council_id)]
            if m.active_on(self.today)
        ]
        return CouncilMandates(
            council=council,
            seats=sorted(seats, key=lambda h: not h.mandate.active_on(self.today)),
            offices=sorted(offices, key=lambda h: not h.mandate.active_on(self.today)),
            vacancies=[self.vacant(v) for v in self.open_vacancies(council_id, self.today)],
            recallable=recallable,
        )


@contextmanager
def open_recall_queries(db: Database) -> Iterator[RecallQueries]:
    """``RecallQueries`` over a read-only transaction."""
    with db.engine.connect() as conn, conn.begin():
        yield RecallQueries(conn, db.clock().date())
