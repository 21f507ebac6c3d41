"""A member leaves a faction, for themselves, at any time."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict
from sovet.domain.factions import Faction
from sovet.services.authority import Actor, acting_member
from sovet.services.join_faction import faction_numbered
from sovet.services.ports import Store


@dataclass(frozen=True)
class LeaveFaction:
    faction: int


def leave_faction(store: Store, request: LeaveFaction, *, actor: Actor) -> Faction:
    member = acting_member(store, actor)
    faction = faction_numbered(store, request.faction)
    if not store.in_faction(faction.id, member.id):
        raise Conflict(f"{member.name} does not belong to {faction.name}")
    store.append("faction.left", {"faction": faction.id}, actor=member.id, under="self")
    return faction
