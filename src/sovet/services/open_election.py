"""A member of a constituency opens the election of its seats in a council.

The election fills every seat the constituency holds there, for the council's charter
term, counted by the charter's method. Nominations run for the given days (by default
the charter's agenda period, at least one day), then voting for the given days (by
default the charter's voting period). The elected take their seats at the close, or when
the current delegates' mandates end, whichever is later. One election at a time per
constituency and council.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sovet.domain.elections import (
    MAX_NOMINATION_DAYS,
    MAX_VOTING_DAYS,
    Election,
    days,
    method_for,
)
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import stamp
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.election_cycle import election_named, term_starts
from sovet.services.ports import Store


@dataclass(frozen=True)
class OpenElection:
    council: str
    constituency: str
    nomination_days: int | None = None
    voting_days: int | None = None


def open_election(store: Store, request: OpenElection, *, actor: Actor) -> Election:
    member = acting_member(store, actor)
    council = council_named(store, request.council)
    constituency = council_named(store, request.constituency)
    under = standing(store, constituency, member)
    seats = store.seats_of(council.id, constituency.id)
    if not seats:
        raise Invalid(f"{constituency.name} fills no seats in {council.name}")
    charter = council.charter
    method = method_for(charter, seats)
    nominating = days(
        request.nomination_days,
        "nomination_days",
        default=charter.agenda_period_days,
        most=MAX_NOMINATION_DAYS,
    )
    voting = days(
        request.voting_days, "voting_days", default=charter.voting_period_days, most=MAX_VOTING_DAYS
    )
    running = store.election_in_progress(council.id, constituency.id)
    if running is not None:
        raise Conflict(
            f"election {running.id} of {constituency.name}'s seats in {council.name} is "
            f"already under way; it closes at {stamp(running.closes)}"
        )
    nominations_close = store.now() + timedelta(days=nominating)
    closes = nominations_close + timedelta(days=voting)
    starts = term_starts(store, council, constituency, closes.date())
    entry = store.append(
        "election.opened",
        {
            "council": council.id,
            "constituency": constituency.id,
            "seats": seats,
            "method": method,
            "nominations_close": stamp(nominations_close),
            "closes": stamp(closes),
            "term_starts": starts.isoformat(),
            "term_months": charter.term_months,
        },
        actor=member.id,
        under=under,
    )
    return election_named(store, entry.position)
