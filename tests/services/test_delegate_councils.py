"""Constituent councils found delegate councils and join them, by their own acts; the
federation stays a graph without cycles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sovet.domain.charter import DELEGATE_DEFAULT
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.federation import Council
from sovet.services.authority import Actor
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.ports import Store

from .federation import Federation, Region


def founding(
    constituent: Council,
    actor: Actor,
    *,
    slug: str = "congress",
    name: str = "Congress of Councils",
    seats: Any = 1,
    charter: dict[str, Any] | None = None,
) -> Callable[[Store], Council]:
    request = FoundDelegateCouncil(
        slug=slug, name=name, constituent=constituent.slug, seats=seats, charter=charter or {}
    )
    return lambda store: found_delegate_council(store, request, actor=actor)


def joining(
    council: Council, constituent: Council, actor: Actor, seats: Any = 1
) -> Callable[[Store], None]:
    request = JoinDelegateCouncil(council=council.slug, constituent=constituent.slug, seats=seats)
    return lambda store: join_delegate_council(store, request, actor=actor)


def seats_of(federation: Federation, council: Council, constituent: Council) -> int:
    with federation.sovet.db.reading() as store:
        return store.seats_of(council.id, constituent.id)


def test_a_member_of_a_base_council_founds_a_delegate_council_that_it_seats(
    federation: Federation,
) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    size = federation.record_size()
    council = federation.act(founding(works, ana, slug="north", name="Northern Council", seats=3))
    assert (council.slug, council.name, council.kind) == ("north", "Northern Council", "delegate")
    assert council.workplace is None
    assert council.charter == DELEGATE_DEFAULT
    assert seats_of(federation, council, works) == 3
    with federation.sovet.db.reading() as store:
        assert store.constituents() == {council.id: {works.id}}
        assert store.council_by_slug("north") == council
    founded, joined = federation.entries(size)
    under = f"membership:{works.id}"
    assert (founded.kind, founded.actor, founded.under) == ("council.founded", ana.id, under)
    assert founded.payload["kind"] == "delegate"
    assert (joined.kind, joined.actor, joined.under) == ("council.joined", ana.id, under)
    assert joined.payload == {"council": council.id, "constituent": works.id, "seats": 3}


def test_founding_a_delegate_council_admits_nobody_into_it(federation: Federation) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    council = federation.act(founding(works, ana))
    assert not federation.is_member(council, ana)


def test_a_delegate_council_takes_the_charter_given_over_the_delegate_defaults(
    federation: Federation,
) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    council = federation.act(founding(works, ana, charter={"term_months": 6}))
    assert council.charter.term_months == 6
    assert council.charter.decides == DELEGATE_DEFAULT.decides


def test_a_delegate_seated_in_a_delegate_council_founds_a_higher_one_under_their_mandate(
    region: Region, federation: Federation
) -> None:
    [mandate] = federation.elect(region.regional, region.works, region.boris)
    size = federation.record_size()
    congress = federation.act(founding(region.regional, region.boris))
    assert seats_of(federation, congress, region.regional) == 1
    assert {entry.under for entry in federation.entries(size)} == {f"mandate:{mandate.id}"}
    assert {entry.actor for entry in federation.entries(size)} == {region.boris.id}


def test_only_a_member_of_the_constituent_council_may_found_through_it(
    region: Region, federation: Federation
) -> None:
    federation.refused(
        Forbidden, founding(region.works, region.vera), "Vera is not a member of Tractor Works"
    )


def test_a_member_of_a_constituent_below_holds_no_standing_in_the_delegate_council(
    region: Region, federation: Federation
) -> None:
    federation.refused(
        Forbidden,
        founding(region.regional, region.ana),
        "Ana holds no mandate in Northern Regional Council",
    )


@pytest.mark.parametrize("seats", [0, 51, -1, True, 2.0, "2", None])
def test_seats_outside_one_to_fifty_are_refused_when_founding(
    federation: Federation, seats: Any
) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    federation.refused(
        Invalid,
        founding(works, ana, seats=seats),
        f"seats: a whole number from 1 to 50, not {seats!r}",
    )


def test_fifty_seats_is_the_most_a_constituent_fills(federation: Federation) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    council = federation.act(founding(works, ana, seats=50))
    assert seats_of(federation, council, works) == 50


def test_a_delegate_council_with_a_taken_slug_or_name_is_refused(
    region: Region, federation: Federation
) -> None:
    federation.refused(
        Conflict,
        founding(region.works, region.ana, slug="north"),
        "slug: a council 'north' already exists",
    )
    federation.refused(
        Conflict,
        founding(region.works, region.ana, name="textile mill"),
        "name: a council named 'textile mill' already exists",
    )


def test_a_delegate_council_with_a_bad_charter_is_refused(federation: Federation) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    federation.refused(
        Invalid,
        founding(works, ana, charter={"instant_recall": False}),
        "'instant_recall' is an entrenched rule",
        "A constituency can recall its delegate or officer at any time",
    )


def test_founding_through_an_unknown_council_is_refused(federation: Federation) -> None:
    ana = federation.register("Ana")
    nowhere = Council(id=99, slug="nowhere", name="Nowhere", kind="base", charter=DELEGATE_DEFAULT)
    federation.refused(NotFound, founding(nowhere, ana), "there is no council 'nowhere'")


def test_a_member_of_a_council_joins_it_to_a_delegate_council(
    region: Region, federation: Federation
) -> None:
    lev = federation.register("Lev")
    depot = federation.found_base(lev, "tram-depot", "Tram Depot")
    size = federation.record_size()
    federation.act(joining(region.regional, depot, lev, seats=4))
    assert seats_of(federation, region.regional, depot) == 4
    with federation.sovet.db.reading() as store:
        assert store.constituents()[region.regional.id] == {
            region.works.id,
            region.mill.id,
            depot.id,
        }
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "council.joined",
        lev.id,
        f"membership:{depot.id}",
    )
    assert entry.payload == {"council": region.regional.id, "constituent": depot.id, "seats": 4}


def test_a_council_seats_delegates_in_several_higher_councils(
    region: Region, federation: Federation
) -> None:
    union = federation.found_delegate(region.vera, "textile-union", "Textile Union", region.mill)
    federation.join(region.ana, union, region.works, seats=2)
    assert seats_of(federation, union, region.works) == 2
    assert seats_of(federation, region.regional, region.works) == 2


def test_nobody_joins_a_council_they_do_not_belong_to_into_a_delegate_council(
    region: Region, federation: Federation
) -> None:
    lev = federation.register("Lev")
    depot = federation.found_base(lev, "tram-depot", "Tram Depot")
    federation.refused(
        Forbidden, joining(region.regional, depot, region.ana), "Ana is not a member of Tram Depot"
    )


def test_a_delegate_of_the_higher_council_cannot_join_a_council_into_it_from_above(
    region: Region, federation: Federation
) -> None:
    lev = federation.register("Lev")
    depot = federation.found_base(lev, "tram-depot", "Tram Depot")
    federation.elect(region.regional, region.works, region.boris)
    federation.refused(
        Forbidden,
        joining(region.regional, depot, region.boris),
        "Boris is not a member of Tram Depot",
    )


def test_joining_twice_is_refused(region: Region, federation: Federation) -> None:
    federation.refused(
        Conflict,
        joining(region.regional, region.mill, region.gleb, seats=2),
        "Textile Mill already seats delegates in Northern Regional Council",
    )
    assert seats_of(federation, region.regional, region.mill) == 1


def test_a_base_council_has_no_constituents(region: Region, federation: Federation) -> None:
    federation.refused(
        Invalid,
        joining(region.works, region.mill, region.vera),
        "Tractor Works is a base council: only delegate councils have constituents",
    )


@pytest.mark.parametrize("seats", [0, 51, True, "1"])
def test_seats_outside_one_to_fifty_are_refused_when_joining(
    region: Region, federation: Federation, seats: Any
) -> None:
    lev = federation.register("Lev")
    depot = federation.found_base(lev, "tram-depot", "Tram Depot")
    federation.refused(Invalid, joining(region.regional, depot, lev, seats=seats), "seats: ")


def test_a_join_that_would_close_a_cycle_is_refused_naming_the_councils(
    region: Region, federation: Federation
) -> None:
    federation.elect(region.regional, region.works, region.boris)
    congress = federation.found_delegate(region.boris, "congress", "Congress", region.regional)
    federation.elect(congress, region.regional, region.boris)
    federation.refused(
        Conflict,
        joining(region.regional, congress, region.boris),
        "joining would make the federation a cycle: "
        "Congress → Northern Regional Council → Congress",
    )


def test_a_delegate_council_cannot_seat_itself(region: Region, federation: Federation) -> None:
    federation.elect(region.regional, region.works, region.boris)
    federation.refused(
        Conflict,
        joining(region.regional, region.regional, region.boris),
        "joining would make the federation a cycle: "
        "Northern Regional Council → Northern Regional Council",
    )


def test_a_long_cycle_is_refused_naming_every_council_on_it(
    region: Region, federation: Federation
) -> None:
    federation.elect(region.regional, region.works, region.boris)
    congress = federation.found_delegate(region.boris, "congress", "Congress", region.regional)
    federation.elect(congress, region.regional, region.boris)
    union = federation.found_delegate(region.vera, "textile-union", "Textile Union", region.mill)
    federation.join(region.boris, union, congress)
    federation.elect(union, region.mill, region.gleb)
    federation.refused(
        Conflict,
        joining(region.regional, union, region.gleb),
        "Textile Union → Congress → Northern Regional Council → Textile Union",
    )
