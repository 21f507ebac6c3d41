"""Acting as an officer: the act is recorded under the office, and only if the charter
lists the power for it.

Every officer act goes through ``acting_as``; ``domain.offices.OFFICER_POWERS`` names
them all.
"""

from __future__ import annotations

from sovet.domain.errors import Forbidden, Invalid
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.offices import check_power
from sovet.services.ports import Store


def acting_as(store: Store, council: Council, member: Member, office: str, power: str) -> str:
    """The ``office:<id>`` standing of ``member`` as ``office`` of ``council``, for an
    act that needs ``power``; refuses an office the member does not hold, or one whose
    charter entry does not list the power."""
    powers = council.charter.powers_of(office)
    if powers is None:
        raise Invalid(f"office: the charter of {council.name} has no office {office!r}")
    today = store.today()
    held = next(
        (
            o
            for o in store.offices_in(council.id)
            if o.office == office and o.member_id == member.id and o.active_on(today)
        ),
        None,
    )
    if held is None:
        raise Forbidden(f"{member.name} does not hold the office of {office} of {council.name}")
    check_power(council_name=council.name, office=office, powers=powers, power=power)
    return f"office:{held.id}"


def offices_with(store: Store, council: Council, member: Member, power: str) -> tuple[str, ...]:
    """The offices of ``council`` that ``member`` holds today and whose charter entry
    lists ``power``: those they may act as to use it."""
    today = store.today()
    return tuple(
        held.office
        for held in store.offices_in(council.id)
        if held.office is not None
        and held.member_id == member.id
        and held.active_on(today)
        and power in (council.charter.powers_of(held.office) or ())
    )
