"""A workplace council answers its part of an adopted plan by its own vote.

A member of the workplace files a motion of kind ``plan_part`` in that council, to
accept the part or to return it (after which the workplace files a counter-proposal for a
further round). Only the workplace council's decision changes the part
(``plan_consequences.plan_part_answered``): no other council, its delegates or officers
included, has standing here, and no other council's motion can carry the effect.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict, NotFound
from sovet.domain.motions import BOOKS_MATTER, AnswerPlanPart, Motion
from sovet.services.agenda import Acting, advance, lodge_motion
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.books_rules import workplace_named
from sovet.services.planning_rules import period_named
from sovet.services.ports import Store


@dataclass(frozen=True)
class AnswerPart:
    period: int
    council: str
    accept: bool
    text: str = ""
    """The reasons, as members will read them."""


def answer_plan_part(store: Store, request: AnswerPart, *, actor: Actor) -> Motion:
    member = acting_member(store, actor)
    council = workplace_named(store, request.council)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    period = period_named(store, request.period)
    part = store.plan_part(period.id, council.id)
    if part is None or period.state != "adopted":
        raise NotFound(f"{council.name} has no part in an adopted plan for {period.name}")
    if part.state != "sent":
        raise Conflict(f"{council.name} has already {part.state} its part of the plan")
    verb = "Accept" if request.accept else "Return"
    summary = "\n".join(
        [f"{verb} our part of the plan for {period.name}:"]
        + [f"- make {item.quantity:g} {item.unit} of {item.product}" for item in part.outputs]
        + [f"- use {item.quantity:g} {item.unit} of {item.product}" for item in part.inputs]
        + [f"- work {part.labour:g} hours"]
    )
    return lodge_motion(
        store,
        council,
        acting,
        kind="plan_part",
        matter=BOOKS_MATTER,
        title=text.name(f"{verb} our part of the plan for {period.name}", "title"),
        text=text.markdown(request.text.strip() or summary, "text"),
        effects=(AnswerPlanPart(period.id, request.accept),),
    )
