"""A member changes their own password, knowing the current one, and ends their other
sessions: after a phone is lost or a password is seen, nobody else stays logged in.

A private matter of their account, as logging in is: not a governing act, and not in
the record. The current password is checked, and the new one hashed, before the
transaction that stores it (as ``register_member.prepare_registration``): no writer waits
on argon2.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.members import Member
from sovet.services.credentials import hash_password, password_matches, token_hash
from sovet.services.ports import Storage, Store

WRONG_CURRENT = "current password: that is not your password"


@dataclass(frozen=True)
class ChangePassword:
    current: str
    new: str


@dataclass(frozen=True)
class PasswordChange:
    """A change checked and its new password hashed, ready for its transaction."""

    member_id: int
    checked: str
    """The stored hash the current password was checked against."""
    new_hash: str


def prepare_password_change(
    storage: Storage, request: ChangePassword, *, member: Member
) -> PasswordChange:
    """Check ``request`` for ``member``: the new password's length, then the current
    password (refused as ``Forbidden``, which the log-in throttle counts)."""
    new = text.password(request.new)
    if new == request.current:
        raise Invalid("new password: the same as the current one")
    with storage.reading() as store:
        account = store.account(member.id)
    if account is None:
        raise NotFound(f"{member.name} has no account on this instance")
    checked = account.password_hash
    if checked is None or not password_matches(checked, request.current):
        raise Forbidden(WRONG_CURRENT)
    return PasswordChange(member.id, checked, hash_password(new))


def change_password(store: Store, change: PasswordChange, *, keeping: str) -> int:
    """Store the new password and end every other session and token of the member's,
    keeping only the one ``keeping`` names; how many ended."""
    account = store.account(change.member_id)
    if account is None or account.password_hash != change.checked:
        raise Conflict("password: it changed meanwhile; log in again with the new one")
    store.set_password(change.member_id, change.new_hash)
    return store.drop_sessions(change.member_id, keeping=token_hash(keeping))


def log_out_elsewhere(store: Store, member: Member, *, keeping: str) -> int:
    """End every session and token of ``member`` but the one ``keeping`` names; how many."""
    return store.drop_sessions(member.id, keeping=token_hash(keeping))
