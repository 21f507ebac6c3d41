"""A member leaves their base council (they left the workplace, or the union): their own
act, which nobody else can take for them (a council ends a membership by expulsion).

The membership ends (``member.left``), and with it the seats the member held for the
council and the offices they held in it, now or for a term to come, each as a recall
ends it (``recall.end_held_for``). Coming back is an admission, as joining was.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict
from sovet.domain.mandates import Mandate
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.ports import Store
from sovet.services.recall import LEFT, end_held_for


@dataclass(frozen=True)
class LeaveCouncil:
    council: str


def leave_council(store: Store, request: LeaveCouncil, *, actor: Actor) -> list[Mandate]:
    """End the actor's membership; the seats and offices that ended with it."""
    member = acting_member(store, actor)
    council = council_named(store, request.council)
    if council.kind != "base":
        raise Conflict(
            f"{council.name} is a delegate council: its delegates stand down from their "
            "seats instead"
        )
    under = standing(store, council, member)
    payload = {"council": council.id, "member": member.id}
    store.append("member.left", payload, actor=member.id, under=under)
    return end_held_for(store, council, member.id, LEFT, None, actor=member.id, under=under)
