"""Councils and the graph that federates them.

A base council's members are the workers of one workplace; a delegate council's seats
are filled by delegates of its constituent councils. Constituent links form a directed
acyclic graph: an articulated federation, not a chain of command.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Literal

from sovet.domain.charter import Charter

CouncilKind = Literal["base", "delegate"]
MAX_SEATS_PER_CONSTITUENT = 50


@dataclass(frozen=True)
class Council:
    id: int
    slug: str
    name: str
    kind: CouncilKind
    charter: Charter
    workplace: str | None = None


@dataclass(frozen=True)
class Seat:
    """A place in a delegate council that belongs to one constituency."""

    id: int
    council_id: int
    constituency_id: int
    number: int


@dataclass(frozen=True)
class JoinRequest:
    """A council's request to join a delegate council whose delegates already sit; the
    delegate council admits it, with at most ``seats`` seats, by its own decision."""

    council_id: int
    constituent_id: int
    seats: int
    entry: int


def path_down(constituents: Mapping[int, Set[int]], start: int, goal: int) -> list[int] | None:
    """The chain of councils from ``start`` down through constituents to ``goal``, if any."""
    stack: list[list[int]] = [[start]]
    seen: set[int] = set()
    while stack:
        path = stack.pop()
        here = path[-1]
        if here == goal:
            return path
        if here in seen:
            continue
        seen.add(here)
        stack.extend([*path, below] for below in constituents.get(here, ()))
    return None


def cycle_if_joined(
    constituents: Mapping[int, Set[int]], *, constituent: int, higher: int
) -> list[int] | None:
    """The cycle that seating ``constituent`` in ``higher`` would close, or None.

    ``constituents`` maps each delegate council to the councils that seat it. Joining
    closes a cycle exactly when ``higher`` already sits, directly or not, in ``constituent``.
    """
    path = path_down(constituents, constituent, higher)
    return None if path is None else [*path, constituent]
