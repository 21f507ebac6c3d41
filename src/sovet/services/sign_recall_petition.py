"""A member of the constituency signs a petition to recall its delegate or officer, once.

A signature is support of the recall motion (``support_motion``): at the charter's
``recall_petition_threshold`` the petition goes on the agenda and its vote opens by
itself. Only the constituency's members sign.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.domain.motions import Motion
from sovet.services.agenda import council_with_id, motion_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store
from sovet.services.support_motion import SupportMotion, support_motion


@dataclass(frozen=True)
class SignRecallPetition:
    motion: int


def sign_recall_petition(store: Store, request: SignRecallPetition, *, actor: Actor) -> Motion:
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    if motion.kind != "recall":
        raise Invalid(f"motion {motion.id} ({motion.title!r}) is not a recall petition")
    constituency = council_with_id(store, motion.council_id)
    try:
        standing(store, constituency, member)
    except Forbidden:
        raise Forbidden(
            f"only members of {constituency.name}, the constituency, can sign the petition "
            f"{motion.title!r}: {member.name} is not one of them"
        ) from None
    if member.id in store.supporters(motion.id):
        raise Conflict(f"{member.name} has already signed the petition {motion.title!r}")
    return support_motion(store, SupportMotion(motion.id), actor=actor)
