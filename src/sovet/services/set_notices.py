"""A member turns on or off, for themselves, the e-mail notices of what they can act in
(``services.notices``). A private setting of their account, as their password is: not a
governing act, and not in the record."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import NotFound
from sovet.services.authority import Actor, acting_member
from sovet.services.ports import Store


@dataclass(frozen=True)
class SetNotices:
    wanted: bool


def set_notices(store: Store, request: SetNotices, *, actor: Actor) -> bool:
    """Whether the actor now wants the notices."""
    member = acting_member(store, actor)
    if store.account(member.id) is None:
        raise NotFound(f"{member.name} has no account on this instance to send notices to")
    store.set_notices(member.id, request.wanted)
    return request.wanted
