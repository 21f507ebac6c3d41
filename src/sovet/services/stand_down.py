"""A delegate or officer stands down from their seat or office: their own act, which
nobody else can take for them (a constituency ends a mandate by recall).

The seat or office ends at once, as a recall ends it (``recall.end_mandate``): the first
substitute able to takes a seat, else it is vacant and its by-election opens; what was
held through it ends too. A mandate elected for a term to come may be stood down from
before it begins.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.mandates import Mandate
from sovet.services.authority import Actor, acting_member
from sovet.services.ports import Store
from sovet.services.recall import STOOD_DOWN, end_mandate


@dataclass(frozen=True)
class StandDown:
    mandate: int


def stand_down(store: Store, request: StandDown, *, actor: Actor) -> Mandate:
    """End the actor's own mandate or office; the mandate as it was."""
    member = acting_member(store, actor)
    mandate = store.mandate(request.mandate)
    if mandate is None:
        raise NotFound(f"there is no mandate or office {request.mandate}")
    if mandate.member_id != member.id:
        raise Forbidden(f"{member.name} can stand down only from their own seat or office")
    today = store.today()
    if mandate.ended_on is not None or mandate.ends <= today:
        ended = mandate.ended_on or mandate.ends
        raise Conflict(f"mandate {mandate.id} ended on {ended.isoformat()}")
    end_mandate(store, mandate, STOOD_DOWN, None, actor=member.id, under=f"mandate:{mandate.id}")
    return mandate
