"""Any member opens the vote on a motion whose agenda period has ended.

Nobody needs to: the next act of any member in the council opens it too (``agenda``).
This is the explicit way, and it is refused before the motion is due, naming when it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict
from sovet.domain.motions import check_pending, stamp
from sovet.domain.votes import Vote
from sovet.services.agenda import (
    Acting,
    advance,
    council_with_id,
    motion_named,
    support_needed,
)
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class OpenVote:
    motion: int


def open_vote(store: Store, request: OpenVote, *, actor: Actor) -> list[Vote]:
    """The votes opened: on each pending amendment, or else on the motion itself."""
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    council = council_with_id(store, motion.council_id)
    acting = Acting(member.id, standing(store, council, member))
    check_pending(motion, "opening the vote")
    if motion.state == "filed":
        raise Conflict(
            f"the motion {motion.title!r} is not on the agenda: it has "
            f"{len(store.supporters(motion.id))} of the {support_needed(store, council, motion.kind)} "
            "supporters it needs"
        )
    if motion.due is not None and store.now() < motion.due:
        raise Conflict(
            f"voting on {motion.title!r} opens at {stamp(motion.due)}, when the agenda "
            f"period of {council.name}'s charter ends"
        )
    advance(store, council, acting)
    return [vote for vote in store.votes_on(motion.id) if vote.closed is None]
