"""The federation graph: paths down through constituents, and joins that would close a cycle."""

from __future__ import annotations

from collections.abc import Mapping, Set
from graphlib import CycleError, TopologicalSorter
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from sovet.domain.federation import cycle_if_joined, path_down

# Two workplaces seat a regional council, which seats the congress with an industry union
# that the second workplace also seats: an articulated graph, not a chain.
WORKS, MILL, REGION, UNION, CONGRESS = 1, 2, 3, 4, 5
FEDERATION: dict[int, Set[int]] = {
    REGION: {WORKS, MILL},
    UNION: {MILL},
    CONGRESS: {REGION, UNION},
}


def is_acyclic(constituents: Mapping[int, Set[int]]) -> bool:
    try:
        tuple(TopologicalSorter(constituents).static_order())
    except CycleError:
        return False
    return True


def joined(
    constituents: Mapping[int, Set[int]], constituent: int, higher: int
) -> dict[int, set[int]]:
    graph = {council: set(below) for council, below in constituents.items()}
    graph.setdefault(higher, set()).add(constituent)
    return graph


def test_a_path_goes_down_from_a_council_through_its_constituents() -> None:
    assert path_down(FEDERATION, REGION, WORKS) == [REGION, WORKS]
    assert path_down(FEDERATION, CONGRESS, WORKS) == [CONGRESS, REGION, WORKS]
    assert path_down(FEDERATION, CONGRESS, MILL) in (
        [CONGRESS, REGION, MILL],
        [CONGRESS, UNION, MILL],
    )


def test_there_is_no_path_up_or_sideways() -> None:
    assert path_down(FEDERATION, WORKS, CONGRESS) is None
    assert path_down(FEDERATION, REGION, UNION) is None
    assert path_down(FEDERATION, UNION, WORKS) is None
    assert path_down({}, REGION, WORKS) is None


def test_a_council_is_its_own_path() -> None:
    assert path_down(FEDERATION, UNION, UNION) == [UNION]
    assert path_down({}, WORKS, WORKS) == [WORKS]


def test_joining_a_higher_council_from_below_closes_no_cycle() -> None:
    assert cycle_if_joined(FEDERATION, constituent=WORKS, higher=UNION) is None
    assert cycle_if_joined(FEDERATION, constituent=UNION, higher=REGION) is None
    assert cycle_if_joined(FEDERATION, constituent=WORKS, higher=CONGRESS) is None


def test_a_council_seating_a_council_it_sits_in_closes_a_cycle() -> None:
    assert cycle_if_joined(FEDERATION, constituent=CONGRESS, higher=REGION) == [
        CONGRESS,
        REGION,
        CONGRESS,
    ]


def test_the_cycle_named_runs_through_every_council_between() -> None:
    cycle = cycle_if_joined(FEDERATION, constituent=CONGRESS, higher=WORKS)
    assert cycle == [CONGRESS, REGION, WORKS, CONGRESS]


def test_a_council_cannot_seat_itself() -> None:
    assert cycle_if_joined(FEDERATION, constituent=REGION, higher=REGION) == [REGION, REGION]
    assert cycle_if_joined({}, constituent=WORKS, higher=WORKS) == [WORKS, WORKS]


COUNCILS = 8
joins = st.lists(st.tuples(st.integers(0, COUNCILS - 1), st.integers(0, COUNCILS - 1)), max_size=60)


@given(joins)
def test_a_federation_built_only_from_allowed_joins_stays_acyclic(
    requested: list[tuple[int, int]],
) -> None:
    constituents: dict[int, set[int]] = {}
    for constituent, higher in requested:
        if cycle_if_joined(constituents, constituent=constituent, higher=higher) is None:
            constituents = joined(constituents, constituent, higher)
            assert is_acyclic(constituents)
    assert is_acyclic(constituents)


@given(joins)
def test_every_refused_join_really_would_close_the_cycle_it_names(
    requested: list[tuple[int, int]],
) -> None:
    constituents: dict[int, set[int]] = {}
    for constituent, higher in requested:
        cycle = cycle_if_joined(constituents, constituent=constituent, higher=higher)
        if cycle is None:
            constituents = joined(constituents, constituent, higher)
            continue
        with_join = joined(constituents, constituent, higher)
        assert not is_acyclic(with_join)
        assert cycle[0] == cycle[-1] == constituent
        assert higher in cycle
        for upper, lower in pairwise(cycle):
            assert lower in with_join.get(upper, set()), f"{upper} does not seat {lower}"
