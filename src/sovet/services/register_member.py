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


@dataclass(frozen=True)
class Registration:
    """A registration checked, its password hashed (argon2, about 0.1 to 0.2 s of a core),
    before any transaction: the routes prepare it first, so no writer waits on the hash."""

    name: str
    email: str
    contact: str | None
    password_hash: str


def prepare_registration(request: RegisterMember) -> Registration:
    name = text.name(request.name, "name")
    email = text.email(request.email)
    password = text.password(request.password)
    contact = (
        None if request.contact is None else text.name(request.contact, "contact", max_length=200)
    )
    return Registration(name, email, contact, hash_password(password))


def register_member(store: Store, request: RegisterMember | Registration) -> Member:
    registration = request if isinstance(request, Registration) else prepare_registration(request)
    if store.account_by_email(registration.email) is not None:
        raise Conflict(f"email: {registration.email} is already registered")
    position = store.next_position()
    store.append("member.registered", {"name": registration.name}, actor=position, under="self")
    store.save_account(
        member_id=position,
        email=registration.email,
        contact=registration.contact,
        password_hash=registration.password_hash,
        invitation_hash=None,
    )
    return Member(id=position, name=registration.name)
