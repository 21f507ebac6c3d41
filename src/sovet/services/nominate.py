"""A member of a constituency nominates a candidate in its election: themselves, or
another member, whose nomination then waits for their consent (``consent_to_nomination``).

A nominee who could not take the seat when the term starts (the cap on concurrent
mandates, the term limit, the rotation pause) is refused at once, naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.elections import Candidate
from sovet.domain.errors import Conflict
from sovet.services.agenda import Acting
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.election_cycle import (
    advance_election,
    candidate_in,
    check_may_stand,
    election_named,
    member_numbered,
    seats_and_constituency,
)
from sovet.services.ports import Store


@dataclass(frozen=True)
class Nominate:
    election: int
    member: int


def nominate(store: Store, request: Nominate, *, actor: Actor) -> Candidate:
    nominator = acting_member(store, actor)
    election = election_named(store, request.election)
    _, constituency = seats_and_constituency(store, election)
    under = standing(store, constituency, nominator)
    election = advance_election(store, election, Acting(nominator.id, under))
    election.check_nominating(store.now())
    nominee = member_numbered(store, request.member)
    if candidate_in(store, election, nominee.id) is not None:
        raise Conflict(f"{nominee.name} is already nominated in election {election.id}")
    check_may_stand(store, election, nominee)
    store.append(
        "candidate.nominated",
        {"election": election.id, "member": nominee.id, "consented": nominee.id == nominator.id},
        actor=nominator.id,
        under=under,
    )
    candidate = candidate_in(store, election, nominee.id)
    assert candidate is not None
    return candidate
