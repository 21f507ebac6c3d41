"""A candidate publishes a statement to the electors, until voting closes; a later one
replaces it."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.elections import MAX_STATEMENT, Candidate
from sovet.domain.errors import Conflict, Forbidden
from sovet.domain.motions import stamp
from sovet.services.agenda import Acting
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.election_cycle import (
    advance_election,
    candidate_in,
    election_named,
    seats_and_constituency,
)
from sovet.services.ports import Store


@dataclass(frozen=True)
class PublishCandidateStatement:
    election: int
    text: str


def publish_candidate_statement(
    store: Store, request: PublishCandidateStatement, *, actor: Actor
) -> Candidate:
    member = acting_member(store, actor)
    election = election_named(store, request.election)
    candidate = candidate_in(store, election, member.id)
    if candidate is None or not candidate.consented:
        raise Forbidden(f"{member.name} is not a candidate in election {election.id}")
    body = text.markdown(request.text, "text", max_length=MAX_STATEMENT)
    _, constituency = seats_and_constituency(store, election)
    under = standing(store, constituency, member)
    election = advance_election(store, election, Acting(member.id, under))
    if election.phase not in ("nominating", "voting"):
        raise Conflict(f"election {election.id} closed at {stamp(election.closes)}")
    store.append(
        "candidate.statement_published",
        {"election": election.id, "text": body},
        actor=member.id,
        under=under,
    )
    published = candidate_in(store, election, member.id)
    assert published is not None
    return published
