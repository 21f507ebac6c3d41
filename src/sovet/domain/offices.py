"""Offices: seats of a council with the powers its charter lists, and no others.

The powers come from a fixed vocabulary, each one an act that exists in sovet and that a
member may do in the name of an office: the act is then recorded under the office
(``office:<id>``) and refused unless the charter lists the power for it
(``entrenched.BY_KEY["decisions_belong_to_councils"]``). An office is held like a
delegate's seat: a mandate, for the charter's term, under the cap on concurrent mandates,
recallable by the council it serves.
"""

from __future__ import annotations

from collections.abc import Mapping

from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden

OFFICER_POWERS: Mapping[str, str] = {
    "moderate": "hide a comment, with the reason recorded",
    "admit_members": "admit members and import the workplace's member list",
}
"""Every act an officer may do as an officer, with what it is in words."""

RETIRED_POWERS: Mapping[str, str] = {
    "open_vote": "a vote opens by the clock when its motion is due, at any member's act",
    "close_vote": "a vote closes by the clock when its time is up, at any member's act",
}
"""Powers that charters once listed and that granted nothing, since any member does the
act alike: a stored charter that lists one still loads without it, a new one is refused."""


def check_power(*, council_name: str, office: str, powers: tuple[str, ...], power: str) -> None:
    """Refuse ``power`` to an office whose charter entry does not list it."""
    if power in powers:
        return
    given = " and to ".join(OFFICER_POWERS[held] for held in powers if held in OFFICER_POWERS)
    listed = f"the power to {given}" if given else "no powers"
    raise Forbidden(
        f"the {office} of {council_name} has no power to {OFFICER_POWERS[power]}: the charter "
        f"gives it {listed}. {BY_KEY['decisions_belong_to_councils'].text}"
    )
