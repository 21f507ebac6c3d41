"""Any elector, or member of the constituency, closes an election whose voting time is
up: the ballots are published, counted by the charter's method, and the elected take
their mandates, with the others as ordered substitutes.

Nobody needs to: the next act of any member in the election closes it too
(``election_cycle``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.elections import Election
from sovet.domain.errors import Conflict
from sovet.domain.motions import stamp
from sovet.services.agenda import Acting
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.election_cycle import (
    advance_election,
    election_named,
    seats_and_constituency,
)
from sovet.services.ports import Store


@dataclass(frozen=True)
class CloseElection:
    election: int


def close_election(store: Store, request: CloseElection, *, actor: Actor) -> Election:
    member = acting_member(store, actor)
    election = election_named(store, request.election)
    elector = store.elector(election.id, member.id)
    if elector is not None:
        under = elector.under
    else:
        _, constituency = seats_and_constituency(store, election)
        under = standing(store, constituency, member)
    if election.phase in ("counted", "lapsed"):
        assert election.closed is not None
        raise Conflict(f"election {election.id} closed at {stamp(election.closed)}")
    if store.now() < election.closes:
        raise Conflict(f"voting in election {election.id} is open until {stamp(election.closes)}")
    return advance_election(store, election, Acting(member.id, under))
