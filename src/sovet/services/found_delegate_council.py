"""Constituent councils found a delegate council; the founding one is its first
constituent.

The founder acts under their standing in the constituent council that founds it; every
other constituent joins by its own act (``join_delegate_council``). Founding seats nobody:
each constituency elects its delegates to the seats it fills (``open_election``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sovet.domain import text
from sovet.domain.charter import DELEGATE_DEFAULT, Charter
from sovet.domain.federation import Council
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.found_base_council import check_unique
from sovet.services.join_delegate_council import check_seats
from sovet.services.ports import Store


@dataclass(frozen=True)
class FoundDelegateCouncil:
    slug: str
    name: str
    constituent: str
    seats: int = 1
    charter: dict[str, Any] = field(default_factory=dict)


def found_delegate_council(store: Store, request: FoundDelegateCouncil, *, actor: Actor) -> Council:
    founder = acting_member(store, actor)
    slug = text.slug(request.slug, "slug")
    name = text.name(request.name, "name")
    charter = Charter.from_json(request.charter, defaults=DELEGATE_DEFAULT)
    seats = check_seats(request.seats)
    constituent = council_named(store, request.constituent)
    under = standing(store, constituent, founder)
    check_unique(store, slug, name)
    entry = store.append(
        "council.founded",
        {
            "slug": slug,
            "name": name,
            "kind": "delegate",
            "workplace": None,
            "charter": charter.to_json(),
        },
        actor=founder.id,
        under=under,
    )
    store.append(
        "council.joined",
        {"council": entry.position, "constituent": constituent.id, "seats": seats},
        actor=founder.id,
        under=under,
    )
    return Council(id=entry.position, slug=slug, name=name, kind="delegate", charter=charter)
