"""Mandates: a member holding a seat for a term, on behalf of a constituency.

The checks that every way of filling a seat goes through (election, substitution) live
here: the cap on concurrent mandates, the term limit and the rotation pause. The cap
counts seats and offices together (``check_under_cap``), wherever a seat or an office is
taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sovet.domain.charter import Charter
from sovet.domain.errors import Conflict


@dataclass(frozen=True)
class Mandate:
    id: int
    seat_number: int
    council_id: int
    constituency_id: int
    member_id: int
    starts: date
    ends: date
    ended_on: date | None = None
    end_reason: str | None = None
    via_mandate_id: int | None = None
    office: str | None = None
    """For an office of the council (``offices``): its name; the council is then its own
    constituency and the seat number is 0."""

    def active_on(self, day: date) -> bool:
        return self.starts <= day < self.ends and (self.ended_on is None or day < self.ended_on)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def check_can_take_seat(
    *,
    member_name: str,
    council_name: str,
    charter: Charter,
    council_id: int,
    mandates_of_member: Iterable[Mandate],
    today: date,
) -> None:
    """Refuse a seat that would break the council's cap or its term limit;
    ``mandates_of_member`` holds the member's seats and offices."""
    held = list(mandates_of_member)
    mandates = [m for m in held if m.office is None]
    if any(m.council_id == council_id and m.active_on(today) for m in mandates):
        raise Conflict(f"{member_name} already holds a seat in {council_name}")
    check_under_cap(
        member_name=member_name,
        council_name=council_name,
        cap=charter.max_concurrent_mandates,
        held=held,
        today=today,
    )
    terms_here = sum(1 for m in mandates if m.council_id == council_id)
    if terms_here >= charter.term_limit:
        raise Conflict(
            f"{member_name} has served {terms_here} terms in {council_name}; "
            f"the charter's term limit is {charter.term_limit}"
        )
    _check_rotation_pause(member_name, council_name, charter, council_id, mandates, today)


def check_under_cap(
    *, member_name: str, council_name: str, cap: int, held: Iterable[Mandate], today: date
) -> None:
    """Refuse another mandate to a member who holds ``cap`` seats and offices already."""
    active = sum(1 for m in held if m.active_on(today))
    if active >= cap:
        raise Conflict(
            f"{member_name} already holds {active} mandates; the charter of "
            f"{council_name} caps concurrent mandates at {cap}"
        )


def check_can_take_office(
    *,
    member_name: str,
    council_name: str,
    council_id: int,
    cap: int,
    held: Iterable[Mandate],
    today: date,
) -> None:
    """Refuse an office to a member who holds one in the council already, or who is at the
    council's cap on concurrent mandates (seats and offices together)."""
    held = list(held)
    if any(
        m.office is not None and m.council_id == council_id and m.active_on(today) for m in held
    ):
        raise Conflict(f"{member_name} already holds an office in {council_name}")
    check_under_cap(
        member_name=member_name, council_name=council_name, cap=cap, held=held, today=today
    )


def _check_rotation_pause(
    member_name: str,
    council_name: str,
    charter: Charter,
    council_id: int,
    mandates: list[Mandate],
    today: date,
) -> None:
    """Refuse a new term to a member who served the charter's terms in a row and whose
    rotation pause has not yet run since the last of them ended."""
    if charter.rotation_pause_months == 0:
        return
    terms = sorted((m for m in mandates if m.council_id == council_id), key=lambda m: m.starts)
    in_a_row = 0
    last_end: date | None = None
    for term in terms:
        in_a_row = in_a_row + 1 if last_end is not None and term.starts <= last_end else 1
        last_end = term.ended_on or term.ends
    if last_end is None or in_a_row < charter.rotation_after_terms:
        return
    resumes = add_months(last_end, charter.rotation_pause_months)
    if today < resumes:
        raise Conflict(
            f"{member_name} has served {in_a_row} terms in a row in {council_name}; the "
            f"charter asks for a pause of {charter.rotation_pause_months} months, until "
            f"{resumes.isoformat()}"
        )
