"""A member changes the e-mail address they log in with and get notices at, giving their
password. Where the instance sends e-mail, the new address must answer first: a link
goes to it (its code works once, for a day), and a word to the old one, so a change
nobody asked for is seen. Where it sends none, the address changes at once: it is only
the name the member logs in with.

A private matter of their account, as a password is: not a governing act, and not in
the record. Only the code's hash is stored (``emailed_codes``).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import timedelta

from sovet.domain import text
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from sovet.domain.members import EmailedCode, Member
from sovet.domain.notices import Notice
from sovet.services.credentials import new_token, password_matches, token_hash
from sovet.services.ports import Storage, Store

LIFETIME = timedelta(days=1)
WRONG_PASSWORD = "password: that is not your password"
EXPIRED = "this link to confirm an e-mail address is not valid: ask for a new one"
WIDTH = 72


@dataclass(frozen=True)
class ChangeEmail:
    email: str
    password: str


@dataclass(frozen=True)
class EmailChange:
    """A change whose password is checked (off the writer's transaction)."""

    member_id: int
    old: str
    new: str


def prepare_email_change(storage: Storage, request: ChangeEmail, *, member: Member) -> EmailChange:
    """Check the new address, then the password (refused as ``Forbidden``, which the
    log-in throttle counts)."""
    new = text.email(request.email)
    with storage.reading() as store:
        account = store.account(member.id)
    if account is None:
        raise NotFound(f"{member.name} has no account on this instance")
    if new == account.email:
        raise Invalid(f"email: {new} is your address already")
    if account.password_hash is None or not password_matches(
        account.password_hash, request.password
    ):
        raise Forbidden(WRONG_PASSWORD)
    return EmailChange(member.id, account.email, new)


def change_email(store: Store, change: EmailChange) -> None:
    """Change the address at once (an instance that sends no e-mail)."""
    _check_free(store, change.new)
    store.set_email(change.member_id, change.new)


def ask_to_confirm(store: Store, change: EmailChange, *, site: str) -> list[Notice]:
    """Keep a code that confirms the new address; the messages to send: the link to the
    new address, and a word to the old one."""
    _check_free(store, change.new)
    code = new_token()
    expires = store.now() + LIFETIME
    store.save_emailed_code(
        token_hash(code), EmailedCode(change.member_id, "email", change.new, expires)
    )
    confirm = _paragraph(
        f"Someone asked to log in to your account here with {change.new}, perhaps you. To "
        f"confirm this address, open this link before {expires:%Y-%m-%d %H:%M} UTC; it "
        "works once:"
    )
    link = f"{site}/email/confirm#code={code}"
    by_hand = f"Or enter its code there by hand: {code}"
    warn = _paragraph(
        f"Someone who knows your password asked to move your account here to {change.new}. "
        "It moves only once that address confirms it. If it was not you, change your "
        "password now:"
    )
    return [
        Notice(change.new, "Confirm your e-mail address", f"{confirm}\n\n{link}\n\n{by_hand}\n"),
        Notice(change.old, "Your e-mail address is being changed", f"{warn}\n\n{site}/login\n"),
    ]


def confirm_email(store: Store, code: str) -> Member:
    """Move the account the code was sent for to its new address; the member."""
    found = store.emailed_code(token_hash(code), "email") if 0 < len(code) <= 128 else None
    if found is None or found.email is None or found.expires <= store.now():
        raise Unauthenticated(EXPIRED)
    _check_free(store, found.email)
    store.set_email(found.member_id, found.email)
    store.end_emailed_codes(found.member_id, "email")
    member = store.member(found.member_id)
    assert member is not None  # an account's member is never removed
    return member


def _check_free(store: Store, email: str) -> None:
    if store.account_by_email(email) is not None:
        raise Conflict(f"email: {email} is already registered")


def _paragraph(words: str) -> str:
    return textwrap.fill(words, width=WIDTH, break_long_words=False, break_on_hyphens=False)
