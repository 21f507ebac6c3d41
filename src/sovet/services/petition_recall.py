"""A member of a constituency opens a petition to recall its delegate or officer.

The petition is a motion of kind ``recall`` in the constituency (the council whose
members the delegate represents; for an office, the council itself), with the reasons
as its text. The petitioner is its first signature. Signatures are its support: when they
reach the charter's ``recall_petition_threshold`` it goes on the agenda and its vote
opens by itself when the agenda period ends (``agenda``). The vote is secret, as every
vote about a person. Nothing a higher council does can block, delay or reverse it
(``domain.recall``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.mandates import Mandate
from sovet.domain.motions import MAX_TITLE, Motion, Recall
from sovet.domain.recall import RECALL_MATTER
from sovet.services.agenda import Acting, advance, council_with_id, lodge_motion
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store
from sovet.services.recall import open_petition


@dataclass(frozen=True)
class PetitionRecall:
    mandate: int
    reasons: str


def petition_recall(store: Store, request: PetitionRecall, *, actor: Actor) -> Motion:
    """The recall motion, filed in the mandate's constituency."""
    member = acting_member(store, actor)
    mandate = store.mandate(request.mandate)
    if mandate is None:
        raise NotFound(f"mandate: there is no mandate {request.mandate}")
    constituency = council_with_id(store, mandate.constituency_id)
    holder = store.member(mandate.member_id)
    assert holder is not None
    seat = seat_words(store, mandate)
    try:
        under = standing(store, constituency, member)
    except Forbidden:
        raise Forbidden(
            f"only members of {constituency.name}, the constituency of {seat}, can petition "
            f"to recall {holder.name}: {member.name} is not one of them"
        ) from None
    acting = Acting(member.id, under)
    advance(store, constituency, acting)
    if not mandate.active_on(store.today()):
        raise Conflict(f"{holder.name} no longer holds {seat}: there is nothing to recall")
    pending = open_petition(store, constituency.id, mandate.id)
    if pending is not None:
        raise Conflict(
            f"a petition to recall {holder.name} from {seat} is open already: sign "
            f"motion {pending.id}"
        )
    reasons = text.markdown(request.reasons, "reasons")
    title = f"Recall {holder.name} from {seat}"
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1] + "…"
    return lodge_motion(
        store,
        constituency,
        acting,
        kind="recall",
        matter=RECALL_MATTER,
        title=title,
        text=reasons,
        effects=(Recall(mandate.id),),
    )


def seat_words(store: Store, mandate: Mandate) -> str:
    """The seat a mandate holds, in words."""
    council = council_with_id(store, mandate.council_id)
    if mandate.office is not None:
        return f"the office of {mandate.office} of {council.name}"
    constituency = council_with_id(store, mandate.constituency_id)
    return f"seat {mandate.seat_number} of {constituency.name} in {council.name}"
