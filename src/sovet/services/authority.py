"""Who may act, and under what standing.

Every governing act is done by a member under a membership (base councils) or a
mandate (delegate councils); the ``under`` text this returns is written into the
entry. The operator is not a member and has no standing anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden, NotFound
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.ports import Store


@dataclass(frozen=True)
class Operator:
    """Whoever runs the server: reads the record, governs nothing."""


OPERATOR: Final = Operator()
Actor = Member | Operator


def acting_member(store: Store, actor: Actor) -> Member:
    """The member behind an act; refuses the operator and unknown members."""
    if isinstance(actor, Operator):
        raise Forbidden(
            "the operator has no governance powers: " + BY_KEY["no_operator_powers"].text
        )
    member = store.member(actor.id)
    if member is None:
        raise Forbidden(f"member {actor.id} is not registered")
    return member


def standing(store: Store, council: Council, member: Member) -> str:
    """The membership or mandate under which ``member`` acts in ``council``."""
    if council.kind == "base":
        if store.is_member(council.id, member.id):
            return f"membership:{council.id}"
        raise Forbidden(f"{member.name} is not a member of {council.name}")
    today = store.today()
    for mandate in store.mandates_in(council.id):
        if mandate.member_id == member.id and mandate.active_on(today):
            return f"mandate:{mandate.id}"
    raise Forbidden(f"{member.name} holds no mandate in {council.name}")


def council_named(store: Store, slug: str) -> Council:
    council = store.council_by_slug(slug)
    if council is None:
        raise NotFound(f"there is no council {slug!r}")
    return council
