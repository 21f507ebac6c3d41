"""A faction's member publishes a statement in its name, on a motion or in general.

A statement on a motion appears beside it, for the members of its council to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Forbidden
from sovet.services.agenda import motion_named
from sovet.services.authority import Actor, acting_member
from sovet.services.join_faction import faction_numbered
from sovet.services.ports import Store


@dataclass(frozen=True)
class PublishStatement:
    faction: int
    text: str
    motion: int | None = None


def publish_statement(store: Store, request: PublishStatement, *, actor: Actor) -> int:
    """The statement's id."""
    member = acting_member(store, actor)
    faction = faction_numbered(store, request.faction)
    if not store.in_faction(faction.id, member.id):
        raise Forbidden(f"{member.name} does not belong to {faction.name}")
    body = text.markdown(request.text, "text")
    if request.motion is not None:
        motion_named(store, request.motion)
    entry = store.append(
        "faction.statement_published",
        {"faction": faction.id, "text": body, "motion": request.motion},
        actor=member.id,
        under="self",
    )
    return entry.position
