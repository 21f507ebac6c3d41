"""A delegate council refers a pending motion down for consultation: each of its
constituent councils votes on it, and the results are aggregated beside the motion.

Each constituent gets a consultation motion, on its agenda at once, due for a vote when
its own charter's agenda period ends. A consultation gives the council's view and
decides nothing, so it needs no competence; one about a person is voted in secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import (
    ConcernsMember,
    ExpelMember,
    Motion,
    check_pending,
    effect_to_json,
    stamp,
)
from sovet.domain.text import name
from sovet.services.agenda import Acting, advance, council_with_id, motion_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store

TITLE = "Consultation: {title}"


@dataclass(frozen=True)
class ReferForConsultation:
    motion: int


def refer_for_consultation(
    store: Store, request: ReferForConsultation, *, actor: Actor
) -> list[Motion]:
    """The consultation motions, one in each constituent council."""
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    council = council_with_id(store, motion.council_id)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    motion = motion_named(store, motion.id)
    if council.kind != "delegate":
        raise Invalid(f"{council.name} is a base council: it has no constituents to consult")
    if motion.kind in ("consultation", "instruction", "recall"):
        raise Invalid(f"a {motion.kind} is not referred for consultation")
    check_pending(motion, "referring for consultation")
    if store.consultations_of(motion.id):
        raise Conflict(f"{motion.title!r} has already been referred for consultation")
    text = store.motion_text(motion.id, motion.version)
    person = [
        ConcernsMember(effect.member)
        for effect in motion.effects
        if isinstance(effect, ExpelMember | ConcernsMember)
    ]
    title = name(TITLE.format(title=motion.title)[:200], "title", max_length=200)
    consultations = []
    for constituent_id in sorted(store.constituents().get(council.id, ())):
        constituent = council_with_id(store, constituent_id)
        due = store.now() + timedelta(days=constituent.charter.agenda_period_days)
        entry = store.append(
            "consultation.opened",
            {
                "consults": motion.id,
                "council": constituent.id,
                "kind": "consultation",
                "matter": motion.matter,
                "title": title,
                "text": text,
                "effects": [effect_to_json(effect) for effect in person],
                "due": stamp(due),
            },
            actor=acting.member,
            under=acting.under,
        )
        consultations.append(motion_named(store, entry.position))
    return consultations
