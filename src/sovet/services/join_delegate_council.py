"""A council joins a delegate council as a constituent, by its own act.

The federation stays a directed acyclic graph: a join that would close a cycle is
refused, naming the cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sovet.domain.errors import Conflict, Invalid
from sovet.domain.federation import MAX_SEATS_PER_CONSTITUENT, cycle_if_joined
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class JoinDelegateCouncil:
    council: str
    constituent: str
    seats: int = 1


def join_delegate_council(store: Store, request: JoinDelegateCouncil, *, actor: Actor) -> None:
    member = acting_member(store, actor)
    seats = check_seats(request.seats)
    council = council_named(store, request.council)
    constituent = council_named(store, request.constituent)
    under = standing(store, constituent, member)
    if council.kind != "delegate":
        raise Invalid(f"{council.name} is a base council: only delegate councils have constituents")
    if store.seats_of(council.id, constituent.id):
        raise Conflict(f"{constituent.name} already seats delegates in {council.name}")
    cycle = cycle_if_joined(store.constituents(), constituent=constituent.id, higher=council.id)
    if cycle is not None:
        names = " → ".join(_name(store, council_id) for council_id in cycle)
        raise Conflict(f"joining would make the federation a cycle: {names}")
    store.append(
        "council.joined",
        {"council": council.id, "constituent": constituent.id, "seats": seats},
        actor=member.id,
        under=under,
    )


def check_seats(value: Any) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_SEATS_PER_CONSTITUENT
    ):
        raise Invalid(f"seats: a whole number from 1 to {MAX_SEATS_PER_CONSTITUENT}, not {value!r}")
    return value


def _name(store: Store, council_id: int) -> str:
    council = store.council(council_id)
    return str(council_id) if council is None else council.name
