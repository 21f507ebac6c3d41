"""A member who forgot their password sets a new one through a link sent to their own
address: the link's code works once, for an hour, and a reset logs them out everywhere
else.

Nobody but the member is given the code: not a council, not an officer, not the
operator (none of them may act as a member). Asking for a link says the same whether or
not the address is registered, so nobody learns who is. Like a log-in, neither asking
nor resetting is a governing act: nothing is written to the record. The code's hash is
stored, never the code (``emailed_codes``), and the link carries it after ``#``, which
browsers never send to a server, so no access log holds it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import timedelta

from sovet.domain import text
from sovet.domain.errors import Invalid, Unauthenticated
from sovet.domain.members import EmailedCode
from sovet.domain.notices import Notice
from sovet.services.credentials import hash_password, new_token, token_hash
from sovet.services.log_in import Session, open_session
from sovet.services.ports import Store

LIFETIME = timedelta(hours=1)
EXPIRED = "this link to set a new password is not valid: ask for a new one"
WIDTH = 72


@dataclass(frozen=True)
class ForgotPassword:
    email: str


def forgot_password(store: Store, request: ForgotPassword, *, site: str) -> Notice | None:
    """The message with a link to set a new password, for the account with this address;
    None where there is none (the caller answers alike either way)."""
    address = text.email(request.email)
    account = store.account_by_email(address)
    if account is None or store.member(account.member_id) is None:
        return None
    code = new_token()
    expires = store.now() + LIFETIME
    sent = EmailedCode(account.member_id, "password", None, expires)
    store.save_emailed_code(token_hash(code), sent)
    says = textwrap.fill(
        "Someone asked to set a new password for your account here, perhaps you. To set "
        f"one, open this link before {expires:%Y-%m-%d %H:%M} UTC; it works once:",
        width=WIDTH,
    )
    ignore = textwrap.fill(
        "If it was not you, do nothing: your password stays as it is.", width=WIDTH
    )
    link = f"{site}/password/reset#code={code}"
    by_hand = f"Or enter its code there by hand: {code}"
    return Notice(address, "Set a new password", f"{says}\n\n{link}\n\n{by_hand}\n\n{ignore}\n")


@dataclass(frozen=True)
class ResetPassword:
    code: str
    password: str
    kind: str = "web"


@dataclass(frozen=True)
class Reset:
    """A reset whose new password is hashed, before its transaction (no writer waits on
    argon2)."""

    code: str
    password_hash: str
    kind: str


def prepare_reset(request: ResetPassword) -> Reset:
    if not request.code or len(request.code) > 128:
        raise Invalid("code: missing or too long")
    return Reset(request.code, hash_password(text.password(request.password)), request.kind)


def reset_password(store: Store, reset: Reset) -> Session:
    """Set the new password of the member the code was sent to; every session and code of
    theirs ends, and a new session opens."""
    found = store.emailed_code(token_hash(reset.code), "password")
    if found is None or found.expires <= store.now():
        raise Unauthenticated(EXPIRED)
    store.set_password(found.member_id, reset.password_hash)
    store.end_emailed_codes(found.member_id, "password")
    store.drop_sessions(found.member_id, keeping=None)
    return open_session(store, found.member_id, reset.kind)
