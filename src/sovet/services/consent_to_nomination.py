"""A member nominated by another consents to stand; until then they are no candidate.

Consent is checked again against the cap on concurrent mandates, the term limit and the
rotation pause, as they stand now.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.elections import Candidate
from sovet.domain.errors import Conflict, Forbidden
from sovet.services.agenda import Acting
from sovet.services.authority import Actor, acting_member
from sovet.services.election_cycle import (
    advance_election,
    candidate_in,
    check_may_stand,
    election_named,
)
from sovet.services.ports import Store


@dataclass(frozen=True)
class ConsentToNomination:
    election: int


def consent_to_nomination(store: Store, request: ConsentToNomination, *, actor: Actor) -> Candidate:
    member = acting_member(store, actor)
    election = election_named(store, request.election)
    candidate = candidate_in(store, election, member.id)
    if candidate is None:
        raise Forbidden(f"{member.name} is not nominated in election {election.id}")
    under = check_may_stand(store, election, member)
    election = advance_election(store, election, Acting(member.id, under))
    election.check_nominating(store.now())
    if candidate.consented:
        raise Conflict(f"{member.name} has already consented to stand in election {election.id}")
    store.append("candidate.consented", {"election": election.id}, actor=member.id, under=under)
    consented = candidate_in(store, election, member.id)
    assert consented is not None
    return consented
