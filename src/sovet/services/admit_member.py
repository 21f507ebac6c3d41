"""A base council admits a member. Only its own members can: never a higher council.

A member admits alone while the council is being founded, or by the charter's
``admit_members`` power, or as an officer whose office has it; otherwise the council
admits by its decision (``services/membership_rules``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, Invalid, NotFound
from sovet.domain.members import Member
from sovet.services.authority import Actor, acting_member, council_named
from sovet.services.membership_rules import admitting
from sovet.services.ports import Store


@dataclass(frozen=True)
class AdmitMember:
    council: str
    member: int
    office: str | None = None
    """Admit as this officer of the council, under the office."""


def admit_member(store: Store, request: AdmitMember, *, actor: Actor) -> Member:
    admitter = acting_member(store, actor)
    council = council_named(store, request.council)
    if council.kind != "base":
        raise Invalid(
            f"{council.name} is a delegate council: its seats are filled by its "
            "constituencies, it admits no members"
        )
    under = admitting(store, council, admitter, request.office)
    member = store.member(request.member)
    if member is None:
        raise NotFound(f"member: there is no member {request.member}")
    if store.is_member(council.id, member.id):
        raise Conflict(f"{member.name} is already a member of {council.name}")
    store.append(
        "member.admitted",
        {"council": council.id, "member": member.id},
        actor=admitter.id,
        under=under,
    )
    return member
