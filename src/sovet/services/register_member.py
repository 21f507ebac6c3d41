"""A person registers as a member of the federation, for themselves."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict
from sovet.domain.members import Member
from sovet.services.credentials import hash_password
from sovet.services.ports import Store


@dataclass(frozen=True)
class RegisterMember:
    name: str
    email: str
    password: str
    contact: str | None = None


def register_member(store: Store, request: RegisterMember) -> Member:
    name = text.name(request.name, "name")
    email = text.email(request.email)
    password = text.password(request.password)
    contact = (
        None if request.contact is None else text.name(request.contact, "contact", max_length=200)
    )
    if store.account_by_email(email) is not None:
        raise Conflict(f"email: {email} is already registered")
    position = store.next_position()
    store.append("member.registered", {"name": name}, actor=position, under="self")
    store.save_account(
        member_id=position,
        email=email,
        contact=contact,
        password_hash=hash_password(password),
        invitation_hash=None,
    )
    return Member(id=position, name=name)
