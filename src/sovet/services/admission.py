"""A delegate council whose delegates already sit gains a constituent only by its own
decision, and only at that constituent's own request.

A council asks to join (``join_delegate_council`` records ``council.join_requested``);
the delegate council admits it by a resolution on ``delegation`` whose
``admit_constituent`` effect names it, with at most the seats it asked for. When that
motion passes, ``agenda`` calls ``constituent_admitted``, which appends the same
``council.joined`` entry a direct join appends (``council.rejoined`` for a council that
left it when a referendum overturned its admission), or returns why the decision can no
longer take effect. Only a delegate council in which no delegate has ever sat (one being
founded) is joined by the joining council's act alone.
"""

from __future__ import annotations

from typing import Any

from sovet.domain.errors import Conflict, Invalid, NotFound, Refused
from sovet.domain.federation import Council, cycle_if_joined
from sovet.domain.motions import ADMISSION_MATTER, AdmitConstituent, Motion
from sovet.services.ports import Store

Consequences = tuple[list[tuple[str, dict[str, Any]]], str | None]


def joins_directly(store: Store, council: Council) -> bool:
    """Whether a council joins ``council`` by its own act alone: only while no delegate
    has ever sat in it, so that its founding constituents can join and seat it."""
    return not store.mandates_in(council.id)


def check_can_join(store: Store, council: Council, constituent: Council) -> None:
    """Refuse seating ``constituent`` in ``council``: a base council has no constituents,
    a constituent sits once, and the federation stays without cycles."""
    if council.kind != "delegate":
        raise Invalid(f"{council.name} is a base council: only delegate councils have constituents")
    if store.seats_of(council.id, constituent.id):
        raise Conflict(f"{constituent.name} already seats delegates in {council.name}")
    cycle = cycle_if_joined(store.constituents(), constituent=constituent.id, higher=council.id)
    if cycle is not None:
        names = " → ".join(_name(store, council_id) for council_id in cycle)
        raise Conflict(f"joining would make the federation a cycle: {names}")


def awaiting(council: Council, constituent: Council) -> str:
    """What a request to join waits for, in words."""
    return (
        f"{constituent.name}'s request to join awaits the decision of {council.name}: its "
        f"delegates already sit, so it admits a constituent by a resolution on "
        f"{ADMISSION_MATTER} that admits it"
    )


def check_admission(store: Store, council: Council, effect: AdmitConstituent) -> Council:
    """The council that ``effect`` admits into ``council``, or a refusal: it must have
    asked to join ``council``, for at least the seats admitted, and be free to join."""
    if council.kind != "delegate":
        raise Invalid(
            f"effects: {council.name} is a base council; only a delegate council admits "
            "constituents"
        )
    constituent = _council(store, effect.constituent)
    check_can_join(store, council, constituent)
    request = store.join_request(council.id, constituent.id)
    if request is None:
        raise Conflict(
            f"{constituent.name} has not asked to join {council.name}; a council joins a "
            "delegate council only at its own request"
        )
    if effect.seats > request.seats:
        raise Invalid(
            f"effects: {constituent.name} asked for {_seats(request.seats)} in "
            f"{council.name}, not {effect.seats}"
        )
    return constituent


def constituent_admitted(
    store: Store, council: Council, motion: Motion, effect: AdmitConstituent
) -> Consequences:
    """A passed resolution of ``council`` admits the constituent it names, unless it can
    no longer: the entry is the one a direct join appends."""
    if (
        motion.kind != "resolution"
        or motion.matter != ADMISSION_MATTER
        or ADMISSION_MATTER not in council.charter.decides
    ):
        return [], (
            "a constituent is admitted only by a resolution on "
            f"{ADMISSION_MATTER} of the delegate council asked to admit it"
        )
    try:
        constituent = check_admission(store, council, effect)
    except Refused as error:
        return [], error.message
    payload = {"council": council.id, "constituent": constituent.id, "seats": effect.seats}
    return [
        ("council.rejoined" if _left(store, council, constituent) else "council.joined", payload)
    ], None


def _left(store: Store, council: Council, constituent: Council) -> bool:
    """Whether ``constituent`` sat in ``council`` once and left it (``council.left``): it
    comes back into the row its past delegates' mandates name."""
    return any(
        entry.payload["council"] == council.id and entry.payload["constituent"] == constituent.id
        for entry in store.recorded(("council.left",))
    )


def _council(store: Store, ref: int | str) -> Council:
    council = store.council(ref) if isinstance(ref, int) else store.council_by_slug(ref)
    if council is None:
        raise NotFound(f"effects: there is no council {ref!r}")
    return council


def _seats(count: int) -> str:
    return "1 seat" if count == 1 else f"{count} seats"


def _name(store: Store, council_id: int) -> str:
    council = store.council(council_id)
    return str(council_id) if council is None else council.name
