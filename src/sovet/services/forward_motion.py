"""A member of a council forwards one of its decisions to another council: upward to a
delegate council it seats delegates in, or sideways to any other.

The forwarded motion is filed there with its final text, its lineage (the motion it came
from) and the origin's vote, and gathers support like any other. The receiving council
must hold the competence: otherwise the forwarding is refused, naming who holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import STATE_WORDS, Motion, check_competence, effect_to_json
from sovet.services.agenda import Acting, council_with_id, motion_named, vote_named
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class ForwardMotion:
    motion: int
    to: str
    """The short code of the council it goes to."""


def forward_motion(store: Store, request: ForwardMotion, *, actor: Actor) -> Motion:
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    origin = council_with_id(store, motion.council_id)
    acting = Acting(member.id, standing(store, origin, member))
    decision = store.decision(motion.id)
    if decision is None:
        raise Conflict(
            f"only a decision can be forwarded; {motion.title!r} is {STATE_WORDS[motion.state]}"
        )
    if motion.kind != "resolution":
        raise Invalid(f"a {motion.kind.replace('_', ' ')} concerns its own council only")
    target = council_named(store, request.to)
    if target.id == origin.id:
        raise Invalid(f"to: the motion is already {origin.name}'s")
    if target.id in store.forwarded_to(motion.id):
        raise Conflict(f"{motion.title!r} has already been forwarded to {target.name}")
    check_competence(motion.matter, target, store.councils(), store.constituents())
    vote = vote_named(store, decision.vote_id)
    tally = store.vote_tally(vote.id)
    assert tally is not None  # a decision's vote is closed
    entry = store.append(
        "motion.forwarded",
        {
            "origin": motion.id,
            "council": target.id,
            "kind": "resolution",
            "matter": motion.matter,
            "title": motion.title,
            "text": store.motion_text(motion.id, decision.version),
            "effects": [effect_to_json(effect) for effect in motion.effects],
            "origin_vote": {
                "council": origin.id,
                "vote": vote.id,
                "yes": tally.yes,
                "no": tally.no,
                "abstain": tally.abstain,
                "eligible": tally.eligible,
            },
        },
        actor=acting.member,
        under=acting.under,
    )
    return motion_named(store, entry.position)
