"""A member supports (seconds) a motion; at the charter's threshold it goes on the agenda.

Once on the agenda it must be put to the vote when the charter's agenda period ends
(``agenda``); no officer can stop or delay it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict
from sovet.domain.motions import STATE_WORDS, Motion
from sovet.services.agenda import (
    Acting,
    advance,
    council_with_id,
    motion_named,
    schedule_if_supported,
)
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class SupportMotion:
    motion: int


def support_motion(store: Store, request: SupportMotion, *, actor: Actor) -> Motion:
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    council = council_with_id(store, motion.council_id)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    motion = motion_named(store, motion.id)
    if motion.state != "filed":
        raise Conflict(
            f"the motion {motion.title!r} is past gathering support: it is "
            f"{STATE_WORDS[motion.state]}"
        )
    if member.id in store.supporters(motion.id):
        raise Conflict(f"{member.name} already supports the motion {motion.title!r}")
    store.append("motion.supported", {"motion": motion.id}, actor=acting.member, under=acting.under)
    schedule_if_supported(store, council, motion, acting)
    return motion_named(store, motion.id)
