"""A notice: one message to one member's address, telling them something they can act in
has opened (``services.notices`` says which; ``adapters.mail`` sends them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    to: str
    subject: str
    text: str


@dataclass(frozen=True)
class Invitation:
    """The notice that brings a member their invitation code, and who they are."""

    member: int
    name: str
    notice: Notice
