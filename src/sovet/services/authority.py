"""Who may act, and under what standing.

Every governing act is done by a member under a membership (base councils) or a
mandate (delegate councils); the ``under`` text this returns is written into the
entry. The operator is not a member and has no standing anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sovet.domain import text
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden, Invalid, NotFound
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
    """The membership or mandate under which ``member`` acts in ``council``: looked up
    from the member's own membership or seats, so an act costs the same however many
    seats the council has."""
    if council.kind == "base":
        if store.is_member(council.id, member.id):
            return f"membership:{council.id}"
        raise Forbidden(f"{member.name} is not a member of {council.name}")
    today = store.today()
    for mandate in store.mandates_held_in(council.id, member.id):
        if mandate.active_on(today):
            return f"mandate:{mandate.id}"
    raise Forbidden(f"{member.name} holds no mandate in {council.name}")


def council_named(store: Store, slug: str) -> Council:
    council = store.council_by_slug(slug)
    if council is None:
        raise NotFound(f"there is no council {slug!r}")
    return council


def member_named(store: Store, given: str, field: str = "member") -> Member:
    """The member ``given`` names, by their e-mail address or their number, as whoever
    names a member on the command line knows them; refused naming ``field`` where no
    member has it."""
    given = given.strip()
    if given.isascii() and given.isdigit():
        member = store.member(int(given)) if int(given) <= text.MAX_ID else None
        if member is None:
            raise NotFound(f"{field}: there is no member {given}")
        return member
    if "@" not in given:
        raise Invalid(f"{field}: {given!r} is neither an e-mail address nor a member's number")
    account = store.account_by_email(text.email(given, field))
    member = None if account is None else store.member(account.member_id)
    if member is None:
        raise NotFound(f"{field}: no member has the e-mail address {given!r}")
    return member
