"""SQL reads of offices, mandates ended early and vacancies, for the use cases.

``RecallStore`` is a part of ``sql.SqlStore`` (which implements ``services.ports.Store``),
kept apart only to keep each module short.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Date, Subquery, exists, func, select

from sovet.adapters import tables as t
from sovet.domain.mandates import Mandate
from sovet.domain.recall import Vacancy


def _term(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "council_id": row.council_id,
        "member_id": row.member_id,
        "starts": row.starts,
        "ends": row.ends,
        "ended_on": row.ended_on,
        "end_reason": row.end_reason,
        "via_mandate_id": row.via_mandate_id,
    }


def mandate_from_row(row: Any) -> Mandate:
    """A delegate's mandate to a seat of a constituency."""
    return Mandate(**_term(row), seat_number=row.seat_number, constituency_id=row.constituency_id)


def office_from_row(row: Any) -> Mandate:
    """An office held, as a mandate whose constituency is the council itself."""
    return Mandate(**_term(row), seat_number=0, constituency_id=row.council_id, office=row.office)


class RecallStore:
    conn: Connection

    def mandate(self, mandate_id: int) -> Mandate | None:
        """A delegate's mandate or an office held, by id."""
        row = self.conn.execute(select(t.mandates).where(t.mandates.c.id == mandate_id)).first()
        if row is not None:
            return mandate_from_row(row)
        row = self.conn.execute(select(t.offices).where(t.offices.c.id == mandate_id)).first()
        return None if row is None else office_from_row(row)

    def offices_in(self, council_id: int) -> list[Mandate]:
        query = select(t.offices).where(t.offices.c.council_id == council_id)
        return [office_from_row(row) for row in self.conn.execute(query.order_by(t.offices.c.id))]

    def offices_of_member(self, member_id: int) -> list[Mandate]:
        query = select(t.offices).where(t.offices.c.member_id == member_id)
        return [office_from_row(row) for row in self.conn.execute(query.order_by(t.offices.c.id))]

    def held_via(self, mandate_id: int) -> list[Mandate]:
        """The mandates and offices held through ``mandate_id``."""
        seats = select(t.mandates).where(t.mandates.c.via_mandate_id == mandate_id)
        offices = select(t.offices).where(t.offices.c.via_mandate_id == mandate_id)
        return [
            mandate_from_row(row) for row in self.conn.execute(seats.order_by(t.mandates.c.id))
        ] + [office_from_row(row) for row in self.conn.execute(offices.order_by(t.offices.c.id))]

    def open_vacancies(self, council_id: int, on: date) -> list[Vacancy]:
        """The seats and offices of ``council_id`` that need a by-election on ``on``:
        those a mandate left by ending early, not filled since and whose term still runs,
        in the order they fell vacant, then the seats an election left unfilled."""
        m, o, v = t.mandates.c, t.offices.c, t.vacancies.c
        seat_ends = select(m.ends).where(m.id == v.mandate_id).scalar_subquery()
        office_ends = select(o.ends).where(o.id == v.mandate_id).scalar_subquery()
        ends = func.coalesce(seat_ends, office_ends, type_=Date).label("ends")
        vacated_in = select(t.vacancies, ends).where(v.council_id == council_id).subquery("vacated")
        rows = self.conn.execute(
            select(vacated_in)
            .where(vacated_in.c.ends > on, ~_filled_since(vacated_in))
            .order_by(vacated_in.c.entry)
        )
        vacated = [
            Vacancy(
                council_id=row.council_id,
                constituency_id=row.constituency_id,
                seat_number=row.seat_number,
                office=row.office,
                ends=row.ends,
                opened=row.opened,
                mandate_id=row.mandate_id,
            )
            for row in rows
        ]
        return vacated + self._unfilled(council_id, on, vacated)

    def _unfilled(self, council_id: int, on: date, vacated: list[Vacancy]) -> list[Vacancy]:
        """The seats of each constituency whose term runs on ``on`` that no mandate holds
        and none left vacant: its election elected fewer than it has seats. Each is filled
        until the term of the constituency's other seats ends."""
        m, c = t.mandates.c, t.constituents.c
        running = self.conn.execute(
            select(m.constituency_id, m.seat_number, m.starts, m.ends).where(
                m.council_id == council_id,
                m.starts <= on,
                m.ends > on,
                (m.ended_on.is_(None)) | (m.ended_on > on),
            )
        ).all()
        seats = self.conn.execute(
            select(c.constituent_id, c.seats)
            .where(c.council_id == council_id, c.seats > 0)
            .order_by(c.constituent_id)
        ).all()
        found = []
        for constituency, count in seats:
            held = [row for row in running if row.constituency_id == constituency]
            empty = [v for v in vacated if v.office is None and v.constituency_id == constituency]
            if not held:
                continue
            taken = {row.seat_number for row in held} | {v.seat_number for v in empty}
            ends = max(row.ends for row in held)
            began = min(row.starts for row in held)
            found += [
                Vacancy(
                    council_id=council_id,
                    constituency_id=constituency,
                    seat_number=seat,
                    office=None,
                    ends=ends,
                    opened=began.isoformat(),
                )
                for seat in range(1, count + 1)
                if seat not in taken
            ]
        return found

    def substitutes_of(self, mandate_id: int) -> list[int]:
        query = (
            select(t.substitutes.c.member_id)
            .where(t.substitutes.c.mandate_id == mandate_id)
            .order_by(t.substitutes.c.rank)
        )
        return [int(member) for member in self.conn.execute(query).scalars()]


def _filled_since(vacated: Subquery) -> ColumnElement[bool]:
    """Whether a later mandate took a vacancy's seat or office before its vacated term
    ended (one for the next term, elected meanwhile, leaves the rest of this term
    vacant): a condition on a row of ``vacated``, the vacancies with the ``ends`` of
    their term."""
    v, seat, office = vacated.c, t.mandates.c, t.offices.c
    seat_taken = exists().where(
        seat.council_id == v.council_id,
        seat.constituency_id == v.constituency_id,
        seat.seat_number == v.seat_number,
        seat.id > v.entry,
        seat.starts < v.ends,
    )
    office_taken = exists().where(
        office.council_id == v.council_id,
        office.office == v.office,
        office.id > v.entry,
        office.starts < v.ends,
    )
    return (v.office.is_(None) & seat_taken) | (v.office.is_not(None) & office_taken)
