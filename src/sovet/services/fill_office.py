"""A council fills one of the offices its charter lists, at its founding.

Only once: an office that has ever been filled is filled by election from then on, by
the council it serves. The officer must belong to the council (a member of a base
council, or a delegate holding a mandate in a delegate council, through which the office
is then held, so that recalling the delegate ends the office too). The council's cap on
concurrent mandates counts seats and offices together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.mandates import Mandate, add_months, check_can_take_office
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.holdings import held_by
from sovet.services.ports import Store


@dataclass(frozen=True)
class FillOffice:
    council: str
    office: str
    member: int


def fill_office(store: Store, request: FillOffice, *, actor: Actor) -> Mandate:
    filler = acting_member(store, actor)
    council = council_named(store, request.council)
    under = standing(store, council, filler)
    if council.charter.powers_of(request.office) is None:
        listed = ", ".join(office for office, _ in council.charter.offices) or "none"
        raise Invalid(
            f"office: the charter of {council.name} has no office {request.office!r} "
            f"(its offices: {listed})"
        )
    if any(held.office == request.office for held in store.offices_in(council.id)):
        raise Conflict(
            f"the office of {request.office} of {council.name} has been filled before; it "
            "is filled by election now"
        )
    officer = store.member(request.member)
    if officer is None:
        raise NotFound(f"member: there is no member {request.member}")
    try:
        officer_standing = standing(store, council, officer)
    except Forbidden:
        raise Forbidden(
            f"{officer.name} cannot hold an office of {council.name}: not one of its members"
        ) from None
    today = store.today()
    check_can_take_office(
        member_name=officer.name,
        council_name=council.name,
        council_id=council.id,
        cap=council.charter.max_concurrent_mandates,
        held=held_by(store, officer.id),
        today=today,
    )
    via = int(officer_standing.split(":")[1]) if officer_standing.startswith("mandate:") else None
    ends = add_months(today, council.charter.term_months)
    entry = store.append(
        "office.filled",
        {
            "council": council.id,
            "office": request.office,
            "member": officer.id,
            "starts": today.isoformat(),
            "ends": ends.isoformat(),
            "via": via,
            "founding": True,
        },
        actor=filler.id,
        under=under,
    )
    return Mandate(
        id=entry.position,
        seat_number=0,
        council_id=council.id,
        constituency_id=council.id,
        member_id=officer.id,
        starts=today,
        ends=ends,
        via_mandate_id=via,
        office=request.office,
    )
