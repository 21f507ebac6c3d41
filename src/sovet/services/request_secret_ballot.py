"""A member asks for a secret vote on a motion, before its vote opens.

When the requests reach the charter's share (``secret_vote_share`` of the members or
seats) the motion and its amendments are voted by secret ballot. A vote about a person
is secret without asking.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict
from sovet.domain.motions import check_pending
from sovet.services.agenda import Acting, advance, council_with_id, motion_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class RequestSecretBallot:
    motion: int


def request_secret_ballot(store: Store, request: RequestSecretBallot, *, actor: Actor) -> None:
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    council = council_with_id(store, motion.council_id)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    check_pending(motion_named(store, motion.id), "asking for a secret ballot")
    if member.id in store.secrecy_requests(motion.id):
        raise Conflict(f"{member.name} has already asked for a secret ballot on {motion.title!r}")
    store.append(
        "secret_ballot.requested", {"motion": motion.id}, actor=acting.member, under=acting.under
    )
