"""A member joins a faction, for themselves; nobody's leave is needed."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, NotFound
from sovet.domain.factions import Faction
from sovet.services.authority import Actor, acting_member
from sovet.services.ports import Store


@dataclass(frozen=True)
class JoinFaction:
    faction: int


def join_faction(store: Store, request: JoinFaction, *, actor: Actor) -> Faction:
    member = acting_member(store, actor)
    faction = faction_numbered(store, request.faction)
    if store.in_faction(faction.id, member.id):
        raise Conflict(f"{member.name} already belongs to {faction.name}")
    store.append("faction.joined", {"faction": faction.id}, actor=member.id, under="self")
    return faction


def faction_numbered(store: Store, faction_id: int) -> Faction:
    faction = store.faction(faction_id)
    if faction is None:
        raise NotFound(f"there is no faction {faction_id}")
    return faction
