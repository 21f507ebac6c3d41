"""A constituent council instructs its delegates on a motion pending in a higher council.

The instruction is itself a motion of the constituent council (kind ``instruction``):
supported, put on its agenda and voted like any other. When it passes while the higher
council's motion is still undecided, it binds: the delegates' votes on that motion are
public to the constituency, and a vote against the instruction is marked on the
delegate's record (``cast_vote``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import INSTRUCTION_MATTER, MAX_TITLE, Instruct, Motion
from sovet.domain.votes import choice
from sovet.services.agenda import Acting, advance, council_with_id, lodge_motion, motion_named
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class InstructDelegates:
    council: str
    """The constituent council that instructs."""
    motion: int
    """The motion pending in the higher council."""
    choice: str
    text: str
    """The reasons, as members will read them."""


def instruct_delegates(store: Store, request: InstructDelegates, *, actor: Actor) -> Motion:
    """The instruction motion filed in the constituent council."""
    member = acting_member(store, actor)
    council = council_named(store, request.council)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    target = motion_named(store, request.motion)
    higher = council_with_id(store, target.council_id)
    if not store.seats_of(higher.id, council.id):
        raise Invalid(f"{council.name} seats no delegates in {higher.name}")
    if target.decided:
        raise Conflict(f"the motion {target.title!r} is closed ({target.state})")
    chosen = choice(request.choice)
    body = text.markdown(request.text, "text")
    title = f"Instruction to our delegates in {higher.name}: vote {chosen} on {target.title}"
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1] + "…"
    return lodge_motion(
        store,
        council,
        acting,
        kind="instruction",
        matter=INSTRUCTION_MATTER,
        title=text.name(title, "title", max_length=MAX_TITLE),
        text=body,
        effects=(Instruct(target.id, chosen),),
    )
