"""The read side of recall and offices: a council's recall petitions, and its seats and
offices with who holds (or held) them and what is vacant."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select

from sovet.adapters import tables as t
from sovet.adapters.motion_queries import MotionSummary
from sovet.adapters.queries import Queries
from sovet.adapters.recall_store import RecallStore, mandate_from_row, office_from_row
from sovet.adapters.sql import Database, council_from_row
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
    """``Queries`` with the reads of recall and offices. Each read takes a fixed number of
    queries, however many mandates it returns: the councils and holders of a list of
    mandates are read together (``held``), not one mandate at a time."""

    def held(self, mandates: Sequence[Mandate]) -> list[Held]:
        """Each of ``mandates`` with its holder, its council and its constituency."""
        places = self._councils(
            {m.council_id for m in mandates} | {m.constituency_id for m in mandates}
        )
        holders = self.members(sorted({m.member_id for m in mandates}))
        return [
            Held(m, holders[m.member_id], places[m.council_id], places[m.constituency_id])
            for m in mandates
        ]

    def vacant(self, vacancies: Sequence[Vacancy]) -> list[Vacant]:
        """Each of ``vacancies`` with its council and its constituency."""
        places = self._councils(
            {v.council_id for v in vacancies} | {v.constituency_id for v in vacancies}
        )
        return [Vacant(v, places[v.council_id], places[v.constituency_id]) for v in vacancies]

    def _councils(self, ids: set[int]) -> dict[int, Council]:
        rows = self.conn.execute(select(t.councils).where(t.councils.c.id.in_(sorted(ids))))
        return {row.id: council_from_row(row) for row in rows}

    def petitions(self, council_id: int) -> list[Petition] | None:
        """The council's recall petitions, newest first."""
        agenda = self.agenda(council_id, decided=1000)
        if agenda is None:
            return None
        summaries = [*agenda.gathering, *agenda.scheduled, *agenda.voting, *agenda.decided]
        recalls = [
            (summary, effect.mandate)
            for summary in summaries
            for effect in summary.motion.effects
            if isinstance(effect, Recall)
        ]
        targets = self._mandates_by_id({mandate for _, mandate in recalls})
        held = {h.mandate.id: h for h in self.held(list(targets.values()))}
        found = [
            Petition(summary, held[mandate]) for summary, mandate in recalls if mandate in held
        ]
        return sorted(found, key=lambda p: -p.summary.motion.id)

    def _mandates_by_id(self, ids: set[int]) -> dict[int, Mandate]:
        """The delegates' mandates and offices held among ``ids``, by id."""
        m, o = t.mandates.c, t.offices.c
        seats = self.conn.execute(select(t.mandates).where(m.id.in_(sorted(ids))))
        offices = self.conn.execute(select(t.offices).where(o.id.in_(sorted(ids))))
        return {row.id: mandate_from_row(row) for row in seats} | {
            row.id: office_from_row(row) for row in offices
        }

    def recallable(self, council_id: int) -> list[Held]:
        """The mandates ``council_id`` is the constituency of and that are held today: its
        delegates elsewhere, then its officers, each in the order it began."""
        m, o, today = t.mandates.c, t.offices.c, self.today
        seats = select(t.mandates).where(
            m.constituency_id == council_id,
            m.starts <= today,
            m.ends > today,
            m.ended_on.is_(None) | (m.ended_on > today),
        )
        offices = select(t.offices).where(
            o.council_id == council_id,
            o.starts <= today,
            o.ends > today,
            o.ended_on.is_(None) | (o.ended_on > today),
        )
        return self.held(
            [mandate_from_row(row) for row in self.conn.execute(seats.order_by(m.id))]
            + [office_from_row(row) for row in self.conn.execute(offices.order_by(o.id))]
        )

    def council_mandates(self, council_id: int) -> CouncilMandates | None:
        council = self._council(council_id)
        if council is None:
            return None
        seats = self.held(
            [
                mandate_from_row(row)
                for row in self.conn.execute(
                    select(t.mandates)
                    .where(t.mandates.c.council_id == council_id)
                    .order_by(t.mandates.c.id)
                )
            ]
        )
        offices = self.held(self.offices_in(council_id))
        return CouncilMandates(
            council=council,
            seats=sorted(seats, key=lambda h: not h.mandate.active_on(self.today)),
            offices=sorted(offices, key=lambda h: not h.mandate.active_on(self.today)),
            vacancies=self.vacant(self.open_vacancies(council_id, self.today)),
            recallable=self.recallable(council_id),
        )


@contextmanager
def open_recall_queries(db: Database) -> Iterator[RecallQueries]:
    """``RecallQueries`` over a read-only transaction."""
    with db.engine.connect() as conn, conn.begin():
        yield RecallQueries(conn, db.clock().date())
