"""Any member on a vote's register, or with standing in its council, closes a vote whose
time is up: its result is counted and recorded, and a passed motion becomes a decision.

Nobody needs to: the next act of any member in the council closes it too (``agenda``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict
from sovet.domain.motions import stamp
from sovet.domain.votes import Vote
from sovet.services.agenda import Acting, advance, council_with_id, vote_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class CloseVote:
    vote: int


def close_vote(store: Store, request: CloseVote, *, actor: Actor) -> Vote:
    member = acting_member(store, actor)
    vote = vote_named(store, request.vote)
    council = council_with_id(store, vote.council_id)
    voter = store.voter(vote.id, member.id)
    under = standing(store, council, member) if voter is None else voter.under
    if vote.closed is not None:
        raise Conflict(f"vote {vote.id} closed at {stamp(vote.closed)}")
    if store.now() < vote.closes:
        raise Conflict(f"vote {vote.id} is open until {stamp(vote.closes)}")
    advance(store, council, Acting(member.id, under))
    return vote_named(store, vote.id)
