"""A constituency names the founding delegate to a seat it fills in a delegate council."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from sovet.adapters.queries import open_queries
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.services.assign_founding_delegate import (
    AssignFoundingDelegate,
    assign_founding_delegate,
)
from sovet.services.authority import Actor
from sovet.services.ports import Store

from .federation import Clock, Federation, Region, build_region

TODAY = date(2026, 5, 1)


def assigning(
    council: Council,
    constituency: Council,
    seat: Any,
    member: Member | int,
    actor: Actor,
    substitutes: tuple[int, ...] = (),
) -> Callable[[Store], Mandate]:
    request = AssignFoundingDelegate(
        council=council.slug,
        constituency=constituency.slug,
        seat=seat,
        member=member if isinstance(member, int) else member.id,
        substitutes=substitutes,
    )
    return lambda store: assign_founding_delegate(store, request, actor=actor)


def mandates_in(federation: Federation, council: Council) -> list[Mandate]:
    with federation.sovet.db.reading() as store:
        return store.mandates_in(council.id)


def test_a_member_of_the_constituency_names_one_of_its_members_to_a_seat(
    region: Region, federation: Federation
) -> None:
    size = federation.record_size()
    mandate = federation.act(assigning(region.regional, region.works, 2, region.boris, region.ana))
    assert mandate == Mandate(
        id=size,
        seat_number=2,
        council_id=region.regional.id,
        constituency_id=region.works.id,
        member_id=region.boris.id,
        starts=TODAY,
        ends=date(2027, 5, 1),
        via_mandate_id=None,
    )
    assert mandates_in(federation, region.regional) == [mandate]
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "mandate.assigned",
        region.ana.id,
        f"membership:{region.works.id}",
    )
    assert entry.payload == {
        "council": region.regional.id,
        "constituency": region.works.id,
        "seat": 2,
        "member": region.boris.id,
        "starts": "2026-05-01",
        "ends": "2027-05-01",
        "via": None,
        "founding": True,
        "substitutes": [],
    }


def test_a_member_may_name_themselves(region: Region, federation: Federation) -> None:
    mandate = federation.act(assigning(region.regional, region.mill, 1, region.vera, region.vera))
    assert mandate.member_id == region.vera.id


def test_the_term_is_the_one_in_the_charter_of_the_council(
    federation: Federation, clock: Clock
) -> None:
    clock.moment = clock.moment.replace(month=1, day=31)
    region = build_region(federation, regional_charter={"term_months": 1})
    mandate = federation.act(assigning(region.regional, region.works, 1, region.boris, region.ana))
    assert (mandate.starts, mandate.ends) == (date(2026, 1, 31), date(2026, 2, 28))


def test_a_regional_delegate_holds_their_congress_seat_through_their_regional_mandate(
    region: Region, federation: Federation
) -> None:
    regional_mandate = federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    federation.assign(region.vera, region.regional, region.mill, 1, region.gleb)
    congress = federation.found_delegate(
        region.boris, "congress", "Congress", region.regional, seats=2
    )
    size = federation.record_size()
    mandate = federation.act(assigning(congress, region.regional, 1, region.boris, region.gleb))
    assert mandate.via_mandate_id == regional_mandate.id
    assert mandate.constituency_id == region.regional.id
    [entry] = federation.entries(size)
    gleb_mandate = next(
        m for m in mandates_in(federation, region.regional) if m.member_id == region.gleb.id
    )
    assert (entry.actor, entry.under) == (region.gleb.id, f"mandate:{gleb_mandate.id}")
    assert entry.payload["via"] == regional_mandate.id
    [stored] = mandates_in(federation, congress)
    assert stored.via_mandate_id == regional_mandate.id


def test_only_a_member_of_the_constituency_may_name_its_delegate(
    region: Region, federation: Federation
) -> None:
    federation.refused(
        Forbidden,
        assigning(region.regional, region.works, 1, region.boris, region.vera),
        "Vera is not a member of Tractor Works",
    )


def test_a_delegate_council_acts_for_itself_only_through_its_delegates(
    region: Region, federation: Federation
) -> None:
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    congress = federation.found_delegate(region.boris, "congress", "Congress", region.regional)
    federation.refused(
        Forbidden,
        assigning(congress, region.regional, 1, region.boris, region.ana),
        "Ana holds no mandate in Northern Regional Council",
    )


def test_a_higher_council_cannot_name_the_delegate_of_a_council_below_it(
    region: Region, federation: Federation
) -> None:
    """No appointment from above: Boris's regional mandate gives him no say over the mill's seat."""
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    federation.refused(
        Forbidden,
        assigning(region.regional, region.mill, 1, region.gleb, region.boris),
        "Boris is not a member of Textile Mill",
    )


def test_the_delegate_must_belong_to_the_constituency(
    region: Region, federation: Federation
) -> None:
    federation.refused(
        Forbidden,
        assigning(region.regional, region.works, 1, region.gleb, region.ana),
        "Gleb cannot represent Tractor Works: not one of its members",
    )


def test_a_delegate_council_is_represented_only_by_someone_holding_a_mandate_in_it(
    region: Region, federation: Federation
) -> None:
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    congress = federation.found_delegate(region.boris, "congress", "Congress", region.regional)
    federation.refused(
        Forbidden,
        assigning(congress, region.regional, 1, region.ana, region.boris),
        "Ana cannot represent Northern Regional Council: not one of its members",
    )


def test_an_unknown_delegate_is_refused(region: Region, federation: Federation) -> None:
    federation.refused(
        NotFound,
        assigning(region.regional, region.works, 1, 999, region.ana),
        "member: there is no member 999",
    )


@pytest.mark.parametrize("seat", [0, 3, -1, True, 1.0, "1", None])
def test_a_seat_number_outside_the_constituencys_seats_is_refused(
    region: Region, federation: Federation, seat: Any
) -> None:
    federation.refused(
        Invalid,
        assigning(region.regional, region.works, seat, region.boris, region.ana),
        "seat: Tractor Works fills seats 1 to 2 in Northern Regional Council",
    )


def test_a_council_that_seats_nobody_in_the_council_names_no_delegate(
    region: Region, federation: Federation
) -> None:
    lev = federation.register("Lev")
    depot = federation.found_base(lev, "tram-depot", "Tram Depot")
    federation.refused(
        Invalid,
        assigning(region.regional, depot, 1, lev, lev),
        "Tram Depot fills no seats in Northern Regional Council",
    )


def test_a_seat_filled_before_is_not_filled_again_by_founding(
    region: Region, federation: Federation
) -> None:
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    federation.refused(
        Conflict,
        assigning(region.regional, region.works, 1, region.ana, region.ana),
        "seat 1 of Tractor Works in Northern Regional Council has been filled before",
        "filled by election now",
    )


def test_a_seat_stays_closed_to_founding_after_its_first_term_ends(
    region: Region, federation: Federation, clock: Clock
) -> None:
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    clock.advance(days=400)
    federation.refused(
        Conflict,
        assigning(region.regional, region.works, 1, region.ana, region.ana),
        "has been filled before",
    )


def test_a_member_already_seated_in_the_council_is_refused_a_second_seat(
    region: Region, federation: Federation
) -> None:
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    federation.refused(
        Conflict,
        assigning(region.regional, region.works, 2, region.boris, region.ana),
        "Boris already holds a seat in Northern Regional Council",
    )


def test_the_cap_on_concurrent_mandates_in_the_councils_charter_is_enforced(
    region: Region, federation: Federation
) -> None:
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    congress = federation.found_delegate(
        region.boris,
        "congress",
        "Congress",
        region.regional,
        charter={"max_concurrent_mandates": 1},
    )
    federation.refused(
        Conflict,
        assigning(congress, region.regional, 1, region.boris, region.boris),
        "Boris already holds 1 mandates",
        "the charter of Congress caps concurrent mandates at 1",
    )


def test_the_term_limit_in_the_councils_charter_is_enforced(
    federation: Federation, clock: Clock
) -> None:
    region = build_region(federation, regional_charter={"term_months": 6, "term_limit": 1})
    federation.assign(region.ana, region.regional, region.works, 1, region.boris)
    clock.advance(days=200)
    federation.refused(
        Conflict,
        assigning(region.regional, region.works, 2, region.boris, region.ana),
        "Boris has served 1 terms in Northern Regional Council; the charter's term limit is 1",
    )
    mandate = federation.act(assigning(region.regional, region.works, 2, region.ana, region.ana))
    assert mandate.member_id == region.ana.id


def test_substitutes_are_named_in_order_with_the_founding_delegate(
    region: Region, federation: Federation
) -> None:
    lev = federation.register("Lev")
    federation.admit(region.ana, region.works, lev)
    size = federation.record_size()
    federation.act(
        assigning(
            region.regional, region.works, 1, region.boris, region.ana, (lev.id, region.ana.id)
        )
    )
    [entry] = federation.entries(size)
    assert entry.payload["substitutes"] == [lev.id, region.ana.id]
    with open_queries(federation.sovet.db) as queries:
        view = queries.council(region.regional.slug)
    assert view is not None
    seat = next(s for s in view.seats if (s.constituency.id, s.number) == (region.works.id, 1))
    assert seat.holder == region.boris
    assert seat.substitutes == (lev, region.ana)


def test_more_than_ten_substitutes_are_refused(region: Region, federation: Federation) -> None:
    federation.refused(
        Invalid,
        assigning(region.regional, region.works, 1, region.boris, region.ana, tuple(range(11))),
        "substitutes: at most 10, not 11",
    )


@pytest.mark.parametrize("twice", ["substitute", "delegate"])
def test_a_substitute_named_twice_or_the_delegate_as_substitute_is_refused(
    region: Region, federation: Federation, twice: str
) -> None:
    substitutes = (region.ana.id, region.ana.id) if twice == "substitute" else (region.boris.id,)
    federation.refused(
        Invalid,
        assigning(region.regional, region.works, 1, region.boris, region.ana, substitutes),
        "substitutes: each member may be named once, and not the delegate",
    )


def test_an_unknown_substitute_is_refused(region: Region, federation: Federation) -> None:
    federation.refused(
        NotFound,
        assigning(region.regional, region.works, 1, region.boris, region.ana, (999,)),
        "substitutes: there is no member 999",
    )


def test_a_substitute_must_belong_to_the_constituency(
    region: Region, federation: Federation
) -> None:
    federation.refused(
        Forbidden,
        assigning(region.regional, region.works, 1, region.boris, region.ana, (region.gleb.id,)),
        "Gleb cannot stand in for Tractor Works: not one of its members",
    )
