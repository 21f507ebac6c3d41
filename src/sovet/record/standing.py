"""The standing an act is done under, as an entry's ``under`` holds it.

Every form an act may be recorded under is in ``FORMS``, and ``Store.append`` refuses
any other, so that every page that shows the record can say each one in words:

- ``self``: a person acting in their own name (registering, founding their workplace's
  council, forming or joining a faction);
- ``membership:<council>``: a member of a base council, by the council's id;
- ``mandate:<mandate>``: a delegate, by the mandate of the seat they hold;
- ``office:<office>``: an officer, by the mandate of the office they hold.
"""

from __future__ import annotations

from dataclasses import dataclass

SELF = "self"
FORMS: tuple[str, ...] = (SELF, "membership", "mandate", "office")
"""Every form of ``under``: the bare ``self``, and the others followed by an id."""


@dataclass(frozen=True)
class Standing:
    """An ``under`` read: its form, and the id it names (None for ``self``)."""

    form: str
    id: int | None = None


def parse_standing(under: str) -> Standing | None:
    """The standing ``under`` names, or None where it is no form of ``FORMS`` (an old or
    foreign record may hold anything)."""
    if under == SELF:
        return Standing(SELF)
    form, colon, number = under.partition(":")
    if not colon or form == SELF or form not in FORMS:
        return None
    if not number.isascii() or not number.isdigit():
        return None
    return Standing(form, int(number))
