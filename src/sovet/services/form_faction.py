"""Members form a faction with a name and a platform; the founder is its first member.

Faction rights are entrenched: forming, joining, leaving and publishing need no
council's leave and no decision can take them away. A member acts for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict
from sovet.domain.factions import Faction
from sovet.services.authority import Actor, acting_member
from sovet.services.ports import Store


@dataclass(frozen=True)
class FormFaction:
    name: str
    platform: str


def form_faction(store: Store, request: FormFaction, *, actor: Actor) -> Faction:
    member = acting_member(store, actor)
    name = text.name(request.name, "name")
    platform = text.markdown(request.platform, "platform")
    if store.faction_name_taken(name):
        raise Conflict(f"name: a faction named {name!r} already exists")
    entry = store.append(
        "faction.formed", {"name": name, "platform": platform}, actor=member.id, under="self"
    )
    return Faction(id=entry.position, name=name, platform=platform, formed_by=member.id)
