"""A constituency names its founding delegate to a seat it fills in a delegate council.

Only at founding: a seat that has ever been filled is filled by election from then on.
The constituency acts for itself; the delegate must belong to it (a member of a base
council, or a delegate holding a mandate in a delegate council, through which the new
mandate is then held). The council's cap on concurrent mandates (seats and offices
together) and term limit apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate, add_months, check_can_take_seat
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.holdings import held_by
from sovet.services.ports import Store


@dataclass(frozen=True)
class AssignFoundingDelegate:
    council: str
    constituency: str
    seat: int
    member: int
    substitutes: tuple[int, ...] = ()
    """Members next in line for the seat if the mandate ends early, in order."""


def assign_founding_delegate(
    store: Store, request: AssignFoundingDelegate, *, actor: Actor
) -> Mandate:
    assigner = acting_member(store, actor)
    council = council_named(store, request.council)
    constituency = council_named(store, request.constituency)
    under = standing(store, constituency, assigner)
    seats = store.seats_of(council.id, constituency.id)
    if not seats:
        raise Invalid(f"{constituency.name} fills no seats in {council.name}")
    if (
        isinstance(request.seat, bool)
        or not isinstance(request.seat, int)
        or not 1 <= request.seat <= seats
    ):
        raise Invalid(f"seat: {constituency.name} fills seats 1 to {seats} in {council.name}")
    mandates = store.mandates_in(council.id)
    if any(
        m.constituency_id == constituency.id and m.seat_number == request.seat for m in mandates
    ):
        raise Conflict(
            f"seat {request.seat} of {constituency.name} in {council.name} has been filled "
            "before; it is filled by election now"
        )
    delegate = store.member(request.member)
    if delegate is None:
        raise NotFound(f"member: there is no member {request.member}")
    try:
        delegate_standing = standing(store, constituency, delegate)
    except Forbidden:
        raise Forbidden(
            f"{delegate.name} cannot represent {constituency.name}: not one of its members"
        ) from None
    substitutes = _substitutes(store, request, constituency=constituency)
    today = store.today()
    check_can_take_seat(
        member_name=delegate.name,
        council_name=council.name,
        charter=council.charter,
        council_id=council.id,
        mandates_of_member=held_by(store, delegate.id),
        today=today,
    )
    via = int(delegate_standing.split(":")[1]) if delegate_standing.startswith("mandate:") else None
    ends = add_months(today, council.charter.term_months)
    entry = store.append(
        "mandate.assigned",
        {
            "council": council.id,
            "constituency": constituency.id,
            "seat": request.seat,
            "member": delegate.id,
            "starts": today.isoformat(),
            "ends": ends.isoformat(),
            "via": via,
            "founding": True,
            "substitutes": list(substitutes),
        },
        actor=assigner.id,
        under=under,
    )
    return Mandate(
        id=entry.position,
        seat_number=request.seat,
        council_id=council.id,
        constituency_id=constituency.id,
        member_id=delegate.id,
        starts=today,
        ends=ends,
        via_mandate_id=via,
    )


MAX_SUBSTITUTES = 10


def _substitutes(
    store: Store, request: AssignFoundingDelegate, *, constituency: Council
) -> tuple[int, ...]:
    """The substitutes in order, each a member of the constituency, none twice."""
    chosen = tuple(request.substitutes)
    if len(chosen) > MAX_SUBSTITUTES:
        raise Invalid(f"substitutes: at most {MAX_SUBSTITUTES}, not {len(chosen)}")
    if len(set(chosen)) != len(chosen) or request.member in chosen:
        raise Invalid("substitutes: each member may be named once, and not the delegate")
    for member_id in chosen:
        member = store.member(member_id)
        if member is None:
            raise NotFound(f"substitutes: there is no member {member_id}")
        try:
            standing(store, constituency, member)
        except Forbidden:
            raise Forbidden(
                f"{member.name} cannot stand in for {constituency.name}: not one of its members"
            ) from None
    return chosen
