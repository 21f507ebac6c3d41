"""Log-in: check a member's password and open a session (web) or token (API).

Logging in is not a governing act and writes nothing to the record. argon2 is slow by
design, so the password is checked in a read-only view, outside the writers' lock.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sovet.domain import text
from sovet.domain.errors import Invalid, Unauthenticated
from sovet.domain.members import Member, OpenSession
from sovet.services.credentials import (
    hash_password,
    new_token,
    password_matches,
    token_hash,
)
from sovet.services.ports import Storage, Store

WRONG = "wrong e-mail or password"
LIFETIMES = {"web": timedelta(days=30), "api": timedelta(days=365)}
"""How long a browser's session and an API token work from when they opened: a phone
left logged in, or a token forgotten in a script, stops working by itself."""


@dataclass(frozen=True)
class LogIn:
    email: str
    password: str
    kind: Literal["web", "api"] = "web"


@dataclass(frozen=True)
class Session:
    member: Member
    token: str


def log_in(storage: Storage, request: LogIn) -> Session:
    with storage.reading() as store:
        member = authenticate(store, request.email, request.password)
    with storage.transaction() as store:
        return open_session(store, member.id, request.kind)


def authenticate(store: Store, email: str, password: str) -> Member:
    """The member with these credentials; the same refusal whichever of the two is wrong."""
    try:
        address = text.email(email)
    except Invalid:
        raise Unauthenticated(WRONG) from None
    account = store.account_by_email(address)
    member = None if account is None else store.member(account.member_id)
    if account is None or member is None or not password_matches(account.password_hash, password):
        raise Unauthenticated(WRONG)
    return member


@dataclass(frozen=True)
class ClaimInvitation:
    """A member imported by their council sets their password with the invitation code."""

    email: str
    code: str
    password: str
    kind: Literal["web", "api"] = "web"


@dataclass(frozen=True)
class Claim:
    """A claim checked, its password hashed, before any transaction (as a
    ``register_member.Registration``): no writer waits on the hash."""

    email: str
    code: str
    password_hash: str
    kind: Literal["web", "api"]


def prepare_claim(request: ClaimInvitation) -> Claim:
    email = text.email(request.email)
    password = text.password(request.password)
    return Claim(email, request.code, hash_password(password), request.kind)


def claim_invitation(store: Store, request: ClaimInvitation | Claim) -> Session:
    """Set the password with the invitation code, and log in."""
    claim = request if isinstance(request, Claim) else prepare_claim(request)
    return open_session(store, accept_invitation(store, claim), claim.kind)


def accept_invitation(store: Store, claim: Claim) -> int:
    """Spend the invitation code on the password it sets; the member's id. Its hash was
    taken before (``prepare_claim``), or, where many members are to have one password,
    once for them all (the demo's)."""
    account = store.account_by_email(claim.email)
    expected = None if account is None else store.invitation_hash(account.member_id)
    if (
        account is None
        or expected is None
        or not hmac.compare_digest(expected, token_hash(claim.code))
    ):
        raise Unauthenticated("this invitation code is not valid for this e-mail")
    store.set_password(account.member_id, claim.password_hash)
    return account.member_id


def opened_since(store: Store) -> dict[str, datetime]:
    """By kind, the time after which a session must have opened to work now."""
    now = store.now()
    return {kind: now - lifetime for kind, lifetime in LIFETIMES.items()}


def sessions_elsewhere(store: Store, member_id: int, token: str) -> list[OpenSession]:
    """The member's sessions and tokens that work now, but the one ``token`` names."""
    return store.sessions_of(member_id, besides=token_hash(token), opened_since=opened_since(store))


def member_for_token(store: Store, token: str) -> Member:
    member = store.session_holder(token_hash(token), opened_since=opened_since(store))
    if member is None:
        raise Unauthenticated("log in first: this session or token is not valid")
    return member


def log_out(store: Store, token: str) -> None:
    store.drop_session(token_hash(token))


def open_session(store: Store, member_id: int, kind: str) -> Session:
    member = store.member(member_id)
    if member is None:
        raise Unauthenticated(WRONG)
    token = new_token()
    store.drop_ended_sessions(member_id, opened_since=opened_since(store))
    store.save_session(token_hash=token_hash(token), member_id=member_id, kind=kind)
    return Session(member=member, token=token)
