"""Members: the people of the federation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal


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


CodePurpose = Literal["password", "email"]
"""What a link e-mailed to a member does: set a new password, or confirm a new address."""


@dataclass(frozen=True)
class EmailedCode:
    """A link e-mailed to a member: whose account, what it does (with the new address, for
    ``email``), and until when its code works."""

    member_id: int
    purpose: CodePurpose
    email: str | None
    expires: datetime


@dataclass(frozen=True)
class OpenSession:
    """A member's log-in that still works: a browser's session (``web``) or an API token
    (``api``), and when it was opened (ISO 8601, UTC)."""

    kind: str
    opened: str
