"""What an election fills, and opening it: a constituency's seats in a council, the seats
left vacant in their term (a by-election), or an office of the council.

- A constituency's election fills every seat it holds in the council, for the charter's
  term, from the close or when the current mandates end, whichever is later.
- A seat is vacant (``domain.recall.Vacancy``) when its mandate ended early with no
  substitute left, or when its constituency's election elected fewer than it has seats.
  A by-election for a seat a mandate left opens by itself in the transaction that ended
  the mandate (``open_by_election``), alongside any election of the next term under way,
  unless a by-election of the same seats is under way. Any member of the constituency
  opens the next (``open_election``): while a seat will still be vacant in its term at
  the close, an election of the constituency's seats is its by-election, unless it is
  opened for the next term, whose mandates start when the vacant seat's term ends. The
  elected of a by-election take the vacant seats, in the order they fell vacant, for the
  rest of their term. Under a single-seat method a by-election fills one seat at a time.
- An office is elected by the council it serves (its own constituency), one seat counted
  by the charter's single-seat method, for the charter's term from the close or when the
  current officer's term ends. A recalled officer's office opens its by-election by itself
  too; its winner's term runs from the close. Opened for the next term while the office
  is vacant, its election elects the officer of the term after the vacant one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sovet.domain.elections import (
    MAX_NOMINATION_DAYS,
    SINGLE_SEAT_METHODS,
    Election,
    days,
    method_for,
    office_method,
    voting_time,
)
from sovet.domain.errors import Conflict, Invalid, NotFound
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate, add_months
from sovet.domain.motions import stamp
from sovet.domain.recall import Vacancy
from sovet.services.ports import Store


def start_election(
    store: Store,
    *,
    council: Council,
    constituency: Council,
    office: str | None,
    nomination_days: int | None,
    voting_days: int | None,
    next_term: bool = False,
    actor: int,
    under: str,
) -> int:
    """Open the election of ``office``, or else of the constituency's vacant seats
    (unless ``next_term``), or else of all its seats for the next term; the position of
    the opening entry (the election's id)."""
    charter = council.charter
    nominating = days(
        nomination_days,
        "nomination_days",
        default=charter.agenda_period_days,
        most=MAX_NOMINATION_DAYS,
    )
    voting = voting_time(voting_days, charter=charter.voting_period)
    nominations_close = store.now() + timedelta(days=nominating)
    closes = nominations_close + voting
    vacant = vacancies_of(store, council.id, constituency.id, office, closes.date())
    by_election = bool(vacant) and not next_term
    running = store.election_in_progress(
        council.id, constituency.id, office, by_election=by_election
    )
    if running is not None:
        said = _under_way(store, running, council, constituency, vacant if by_election else [])
        raise Conflict(said)
    if by_election:
        kind, payload = _by_election(council, constituency, office, closes.date(), vacant)
    elif office is not None:
        kind, payload = _office_election(store, council, office, closes.date(), vacant)
    else:
        kind, payload = _seats_election(store, council, constituency, closes.date(), vacant)
    payload |= {
        "nominations_close": stamp(nominations_close),
        "closes": stamp(closes),
        "term_months": charter.term_months,
    }
    return store.append(kind, payload, actor=actor, under=under).position


def _by_election(
    council: Council,
    constituency: Council,
    office: str | None,
    closes: date,
    vacant: list[Vacancy],
) -> tuple[str, dict[str, Any]]:
    """The by-election of the vacant office, or of the constituency's vacant seats (one
    at a time under a single-seat method), from the close for the rest of their term."""
    if office is not None:
        payload = {
            "council": council.id,
            "office": office,
            "method": office_method(council.charter),
            "term_starts": closes.isoformat(),
            "by_election": True,
        }
        return "office_election.opened", payload
    charter = council.charter
    seats = 1 if charter.election_method in SINGLE_SEAT_METHODS else len(vacant)
    payload = {
        "council": council.id,
        "constituency": constituency.id,
        "seats": seats,
        "method": method_for(charter, seats),
        "term_starts": closes.isoformat(),
        "vacated": [v.mandate_id for v in vacant[:seats] if v.mandate_id is not None],
        "unfilled": [v.seat_number for v in vacant[:seats] if v.mandate_id is None],
    }
    return "by_election.opened", payload


def _office_election(
    store: Store, council: Council, office: str, closes: date, vacant: list[Vacancy]
) -> tuple[str, dict[str, Any]]:
    """An office's election for the term after the current officer's, or after the term
    the office is vacant in."""
    starts = max([office_term_starts(store, council, office, closes), *_term_ends(vacant)])
    payload = {
        "council": council.id,
        "office": office,
        "method": office_method(council.charter),
        "term_starts": starts.isoformat(),
        "by_election": False,
    }
    return "office_election.opened", payload


def _seats_election(
    store: Store, council: Council, constituency: Council, closes: date, vacant: list[Vacancy]
) -> tuple[str, dict[str, Any]]:
    """The election of every seat, for the term after the current mandates', or after the
    term a seat is vacant in."""
    seats = store.seats_of(council.id, constituency.id)
    if not seats:
        raise Invalid(f"{constituency.name} fills no seats in {council.name}")
    starts = max([seat_term_starts(store, council, constituency, closes), *_term_ends(vacant)])
    payload = {
        "council": council.id,
        "constituency": constituency.id,
        "seats": seats,
        "method": method_for(council.charter, seats),
        "term_starts": starts.isoformat(),
    }
    return "election.opened", payload


def _term_ends(vacant: list[Vacancy]) -> list[date]:
    return [vacancy.ends for vacancy in vacant]


def _under_way(
    store: Store, running: Election, council: Council, constituency: Council, vacant: list[Vacancy]
) -> str:
    """The refusal of an election like ``running``; where that is a by-election and no
    election of the next term is under way, how to open that one instead."""
    said = f"{election_words(store, running)} is already under way; it closes at {stamp(running.closes)}"
    next_term = store.election_in_progress(
        council.id, constituency.id, running.office, by_election=False
    )
    if not vacant or next_term is not None:
        return said
    term_ends = max(_term_ends(vacant)).isoformat()
    if running.office is not None:
        return (
            f"{said}. While the {running.office} is vacant, its election is the by-election, "
            f"unless it closes on or after {term_ends}, when the vacant term ends, or is "
            "opened for the next term"
        )
    return (
        f"{said}. While a seat is vacant, an election of {constituency.name}'s seats is their "
        f"by-election, unless it closes on or after {term_ends}, when the vacant seat's term "
        "ends, or is opened for the next term"
    )


def open_by_election(store: Store, vacated: Mandate, *, actor: int, under: str) -> None:
    """Open the by-election of the seat or office ``vacated`` left empty, unless a
    by-election of it is under way already (the vacancy then waits for a member to open
    the next one once that one is counted)."""
    council = _council(store, vacated.council_id)
    constituency = _council(store, vacated.constituency_id)
    office = vacated.office
    if store.election_in_progress(council.id, constituency.id, office, by_election=True):
        return
    start_election(
        store,
        council=council,
        constituency=constituency,
        office=office,
        nomination_days=None,
        voting_days=None,
        actor=actor,
        under=under,
    )


def vacancies_of(
    store: Store, council_id: int, constituency_id: int, office: str | None, on: date
) -> list[Vacancy]:
    """The vacancies of ``office``, or else of the constituency's seats, on ``on``."""
    if office is None:
        return vacant_seats(store, council_id, constituency_id, on)
    return [v for v in store.open_vacancies(council_id, on) if v.office == office]


def vacant_seats(store: Store, council_id: int, constituency_id: int, on: date) -> list[Vacancy]:
    """The constituency's seats in the council vacant on ``on``, in the order they fell
    vacant (those left unfilled by its election last)."""
    return [
        vacancy
        for vacancy in store.open_vacancies(council_id, on)
        if vacancy.office is None and vacancy.constituency_id == constituency_id
    ]


def seats_to_fill(store: Store, election: Election) -> list[tuple[int, date]]:
    """Each seat the election fills, with when its term ends: a by-election's vacant seats
    (still vacant at the count) for the rest of their term, or else every seat for the
    charter's term."""
    if not election.by_election:
        ends = add_months(election.term_starts, election.term_months)
        return [(seat, ends) for seat in range(1, election.seats + 1)]
    vacant = vacant_seats(
        store, election.council_id, election.constituency_id, election.term_starts
    )
    return [(vacancy.seat_number, vacancy.ends) for vacancy in vacant[: election.seats]]


def seat_term_starts(store: Store, council: Council, constituency: Council, closes: date) -> date:
    """When the elected take their seats: at the close, or when the mandates of the
    constituency's current delegates end, whichever is later."""
    ends = [
        mandate.ended_on or mandate.ends
        for mandate in store.mandates_in(council.id)
        if mandate.constituency_id == constituency.id
    ]
    return max([closes, *ends])


def office_term_starts(store: Store, council: Council, office: str, closes: date) -> date:
    """When the elected officer takes the office: at the close, or when the current
    officer's term ends, whichever is later."""
    ends = [
        held.ended_on or held.ends for held in store.offices_in(council.id) if held.office == office
    ]
    return max([closes, *ends])


def election_words(store: Store, election: Election) -> str:
    """An election in words: ``election 12 of the secretary of Tractor Works``."""
    council = _council(store, election.council_id)
    if election.office is not None:
        return f"election {election.id} of the {election.office} of {council.name}"
    constituency = _council(store, election.constituency_id)
    what = "by-election" if election.by_election else "election"
    return f"{what} {election.id} of {constituency.name}'s seats in {council.name}"


def _council(store: Store, council_id: int) -> Council:
    council = store.council(council_id)
    if council is None:
        raise NotFound(f"there is no council {council_id}")
    return council
