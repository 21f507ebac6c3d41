"""Mandates: a member holding a seat for a term, on behalf of a constituency.

The checks that every way of filling a seat goes through (founding, election,
substitution) live here: the cap on concurrent mandates and the term limit.
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
    """Refuse a mandate that would break the council's cap or its term limit."""
    mandates = list(mandates_of_member)
    active = [m for m in mandates if m.active_on(today)]
    if any(m.council_id == council_id for m in active):
        raise Conflict(f"{member_name} already holds a seat in {council_name}")
    if len(active) >= charter.max_concurrent_mandates:
        raise Conflict(
            f"{member_name} already holds {len(active)} mandates; the charter of "
            f"{council_name} caps concurrent mandates at {charter.max_concurrent_mandates}"
        )
    terms_here = sum(1 for m in mandates if m.council_id == council_id)
    if terms_here >= charter.term_limit:
        raise Conflict(
            f"{member_name} has served {terms_here} terms in {council_name}; "
            f"the charter's term limit is {charter.term_limit}"
        )
