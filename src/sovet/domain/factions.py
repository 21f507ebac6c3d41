"""Factions: members who share a platform, free to form, join, leave and publish.

Faction rights are entrenched (``entrenched.BY_KEY["faction_rights"]``): no motion, at
any level, may ban a faction, silence a platform, or expel a member for belonging to
one. The check reads a motion's typed effects (see ``motions``), not its prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden
from sovet.domain.motions import BanFaction, Effect, ExpelMember, SilencePlatform


@dataclass(frozen=True)
class Faction:
    id: int
    name: str
    platform: str
    formed_by: int


def check_faction_rights(effects: Sequence[Effect]) -> None:
    """Refuse effects that would ban a faction, silence a platform or expel for membership."""
    for effect in effects:
        if isinstance(effect, BanFaction):
            what = f"it would ban faction {effect.faction}"
        elif isinstance(effect, SilencePlatform):
            what = f"it would silence the platform of faction {effect.faction}"
        elif isinstance(effect, ExpelMember) and effect.grounds == "faction_membership":
            what = f"it would expel member {effect.member} for belonging to a faction"
        else:
            continue
        raise Forbidden(
            f"no council can decide this motion: {what}. {BY_KEY['faction_rights'].text}"
        )
