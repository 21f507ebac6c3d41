"""A member of a constituency opens the election of its seats in a council, or a member
of a council the election of one of its offices.

The election fills every seat the constituency holds there, for the council's charter
term, counted by the charter's method; while any of those seats is vacant after a recall,
it is their by-election instead, unless it is opened for the next term. An office is elected by its own council (the
constituency is the council itself), one seat counted by the charter's single-seat
method. Nominations run for the charter's agenda period (at least one day), then voting
for its voting period; whoever opens the election may lengthen either, never shorten it,
so no member calls a snap election (``domain.elections.days``).
One election at a time per constituency and council, and per office (``election_seats``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.elections import Election
from sovet.domain.errors import Invalid
from sovet.domain.federation import Council
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.election_cycle import election_named
from sovet.services.election_seats import start_election
from sovet.services.ports import Store


@dataclass(frozen=True)
class OpenElection:
    council: str
    constituency: str
    nomination_days: int | None = None
    voting_days: int | None = None
    office: str | None = None
    """Elect this office of the council instead; the constituency is the council itself."""
    next_term: bool = False
    """Elect for the next term even while a seat (or the office) is vacant, instead of
    holding the vacant seat's by-election."""


def open_election(store: Store, request: OpenElection, *, actor: Actor) -> Election:
    member = acting_member(store, actor)
    council = council_named(store, request.council)
    constituency = council_named(store, request.constituency)
    under = standing(store, constituency, member)
    if request.office is not None:
        check_office(council, constituency, request.office)
    position = start_election(
        store,
        council=council,
        constituency=constituency,
        office=request.office,
        nomination_days=request.nomination_days,
        voting_days=request.voting_days,
        next_term=request.next_term,
        actor=member.id,
        under=under,
    )
    return election_named(store, position)


def check_office(council: Council, constituency: Council, office: str) -> None:
    """Refuse an office the charter does not list, or one elected by another council."""
    if constituency.id != council.id:
        raise Invalid(
            f"office: the {office} of {council.name} is elected by {council.name} itself, "
            f"not by {constituency.name}"
        )
    if council.charter.powers_of(office) is None:
        listed = ", ".join(name for name, _ in council.charter.offices) or "none"
        raise Invalid(
            f"office: the charter of {council.name} has no office {office!r} (its offices: "
            f"{listed})"
        )
