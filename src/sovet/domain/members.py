"""Members: the people of the federation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Member:
    id: int
    name: str


@dataclass(frozen=True)
class Account:
    """A member's private log-in details; never part of the public record."""

    member_id: int
    email: str
    password_hash: str | None
    contact: str | None = None
    notices: bool = True
    """Whether they want an e-mail when something they can act in opens
    (``services.notices``)."""


@dataclass(frozen=True)
class PasswordReset:
    """A link sent to set a new password: whose account, and until when its code works."""

    member_id: int
    expires: datetime


@dataclass(frozen=True)
class PendingEmail:
    """A new address a member asked for: until when its code confirms it."""

    member_id: int
    email: str
    expires: datetime


@dataclass(frozen=True)
class OpenSession:
    """A member's log-in that still works: a browser's session (``web``) or an API token
    (``api``), and when it was opened (ISO 8601, UTC)."""

    kind: str
    opened: str
