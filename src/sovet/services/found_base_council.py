"""Workers found the base council of their workplace; the founder is its first member."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sovet.domain import text
from sovet.domain.charter import BASE_DEFAULT, Charter
from sovet.domain.errors import Conflict
from sovet.domain.federation import Council
from sovet.services.authority import Actor, acting_member
from sovet.services.ports import Store


@dataclass(frozen=True)
class FoundBaseCouncil:
    slug: str
    name: str
    workplace: str
    charter: dict[str, Any] = field(default_factory=dict)


def found_base_council(store: Store, request: FoundBaseCouncil, *, actor: Actor) -> Council:
    founder = acting_member(store, actor)
    slug = text.slug(request.slug, "slug")
    name = text.name(request.name, "name")
    workplace = text.name(request.workplace, "workplace")
    charter = Charter.from_json(request.charter, defaults=BASE_DEFAULT)
    check_unique(store, slug, name)
    entry = store.append(
        "council.founded",
        {
            "slug": slug,
            "name": name,
            "kind": "base",
            "workplace": workplace,
            "charter": charter.to_json(),
        },
        actor=founder.id,
        under="self",
    )
    store.append(
        "member.admitted",
        {"council": entry.position, "member": founder.id},
        actor=founder.id,
        under="self",
    )
    return Council(
        id=entry.position, slug=slug, name=name, kind="base", charter=charter, workplace=workplace
    )


def check_unique(store: Store, slug: str, name: str) -> None:
    if store.council_by_slug(slug) is not None:
        raise Conflict(f"slug: a council {slug!r} already exists")
    if store.council_name_taken(name):
        raise Conflict(f"name: a council named {name!r} already exists")
