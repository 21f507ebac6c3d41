"""A council joins a delegate council as a constituent, by its own act, or asks to.

A delegate council being founded (no delegate has sat in it yet) is joined by the
joining council's act alone, so that its founding constituents can join before any of
them has elected its delegates. Once
delegates sit in it, it gains a constituent only by its own decision: the act records the
request (``council.join_requested``), and the delegate council admits the council by a
resolution whose ``admit_constituent`` effect names it (``services/admission``).

The federation stays a directed acyclic graph: a join that would close a cycle is
refused, naming the cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sovet.domain.errors import Conflict, Invalid
from sovet.domain.federation import MAX_SEATS_PER_CONSTITUENT
from sovet.services.admission import awaiting, check_can_join, joins_directly
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class JoinDelegateCouncil:
    council: str
    constituent: str
    seats: int = 1


@dataclass(frozen=True)
class Joining:
    """What came of it: joined at once, or a request that awaits the council's decision."""

    joined: bool
    message: str


def join_delegate_council(store: Store, request: JoinDelegateCouncil, *, actor: Actor) -> Joining:
    member = acting_member(store, actor)
    seats = check_seats(request.seats)
    council = council_named(store, request.council)
    constituent = council_named(store, request.constituent)
    under = standing(store, constituent, member)
    check_can_join(store, council, constituent)
    payload = {"council": council.id, "constituent": constituent.id, "seats": seats}
    if joins_directly(store, council):
        store.append("council.joined", payload, actor=member.id, under=under)
        noun = "seat" if seats == 1 else "seats"
        return Joining(True, f"{constituent.name} joined {council.name} with {seats} {noun}")
    if store.join_request(council.id, constituent.id) is not None:
        raise Conflict(
            f"{constituent.name} has asked to join {council.name} already; "
            f"{awaiting(council, constituent)}"
        )
    store.append("council.join_requested", payload, actor=member.id, under=under)
    return Joining(False, awaiting(council, constituent))


def check_seats(value: Any) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_SEATS_PER_CONSTITUENT
    ):
        raise Invalid(f"seats: a whole number from 1 to {MAX_SEATS_PER_CONSTITUENT}, not {value!r}")
    return value
