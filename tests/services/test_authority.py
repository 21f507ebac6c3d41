"""Every governing act needs a member acting under a membership or a mandate. The operator,
who runs the server, governs nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.authority import OPERATOR, Actor
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.open_election import OpenElection, open_election
from sovet.services.ports import Store

from .congress import seated_council, statements_and_rows
from .deliberation import Steps
from .federation import Federation, Region


@dataclass(frozen=True)
class Stage:
    """The region, plus an industry union the tractor works has not joined yet."""

    region: Region
    union: Council


@pytest.fixture
def stage(region: Region, federation: Federation) -> Stage:
    union = federation.found_delegate(region.vera, "textile-union", "Textile Union", region.mill)
    return Stage(region, union)


Act = Callable[[Store], object]
ActFor = Callable[[Stage, Actor], Act]


def found_base(stage: Stage, actor: Actor) -> Act:
    request = FoundBaseCouncil(slug="tram-depot", name="Tram Depot", workplace="Depot 3")
    return lambda store: found_base_council(store, request, actor=actor)


def admit(stage: Stage, actor: Actor) -> Act:
    request = AdmitMember(council=stage.region.works.slug, member=stage.region.gleb.id)
    return lambda store: admit_member(store, request, actor=actor)


def import_list(stage: Stage, actor: Actor) -> Act:
    request = ImportMembers(council=stage.region.works.slug, csv_text="name,email\nLev,lev@x.org\n")
    return lambda store: import_members(store, request, actor=actor)


def found_delegate(stage: Stage, actor: Actor) -> Act:
    request = FoundDelegateCouncil(
        slug="metal-union", name="Metal Union", constituent=stage.region.works.slug
    )
    return lambda store: found_delegate_council(store, request, actor=actor)


def join(stage: Stage, actor: Actor) -> Act:
    request = JoinDelegateCouncil(council=stage.union.slug, constituent=stage.region.works.slug)
    return lambda store: join_delegate_council(store, request, actor=actor)


def elect_delegates(stage: Stage, actor: Actor) -> Act:
    request = OpenElection(council=stage.region.regional.slug, constituency=stage.region.works.slug)
    return lambda store: open_election(store, request, actor=actor)


ACTS_UNDER_STANDING: list[ActFor] = [admit, import_list, found_delegate, join, elect_delegates]
GOVERNING_ACTS: list[ActFor] = [found_base, *ACTS_UNDER_STANDING]


@pytest.mark.parametrize("act", GOVERNING_ACTS, ids=lambda act: act.__name__)
def test_a_member_with_standing_may_do_each_governing_act(
    stage: Stage, federation: Federation, act: ActFor
) -> None:
    size = federation.record_size()
    federation.act(act(stage, stage.region.ana))
    assert federation.record_size() > size
    assert {entry.actor for entry in federation.entries(size)} == {stage.region.ana.id}


@pytest.mark.parametrize("act", GOVERNING_ACTS, ids=lambda act: act.__name__)
def test_the_operator_is_refused_every_governing_act(
    stage: Stage, federation: Federation, act: ActFor
) -> None:
    message = federation.refused(
        Forbidden, act(stage, OPERATOR), "the operator has no governance powers"
    )
    assert BY_KEY["no_operator_powers"].text in message


@pytest.mark.parametrize("act", ACTS_UNDER_STANDING, ids=lambda act: act.__name__)
def test_a_registered_member_without_membership_or_mandate_is_refused(
    stage: Stage, federation: Federation, act: ActFor
) -> None:
    newcomer = federation.register("Lev")
    federation.refused(Forbidden, act(stage, newcomer), "Lev is not a member of Tractor Works")


@pytest.mark.parametrize("act", GOVERNING_ACTS, ids=lambda act: act.__name__)
def test_someone_who_is_not_a_registered_member_is_refused(
    stage: Stage, federation: Federation, act: ActFor
) -> None:
    impostor = Member(id=stage.region.ana.id + 1000, name=stage.region.ana.name)
    federation.refused(Forbidden, act(stage, impostor), f"member {impostor.id} is not registered")


def test_an_actor_is_checked_against_the_record_not_the_name_they_give(
    stage: Stage, federation: Federation
) -> None:
    """Acting with Boris's id and Ana's name is acting as Boris, who may not found through
    the mill: the record's name is what every message uses."""
    posing = Member(id=stage.region.boris.id, name="Ana")
    request = FoundDelegateCouncil(
        slug="metal-union", name="Metal Union", constituent=stage.region.mill.slug
    )
    federation.refused(
        Forbidden,
        lambda store: found_delegate_council(store, request, actor=posing),
        "Boris is not a member of Textile Mill",
    )


def test_a_delegates_standing_is_read_alike_in_a_council_of_200_seats_and_one_of_10(
    federation: Federation, steps: Steps
) -> None:
    """A delegate's standing is looked up from their own seats, not every seat of the
    council, so filing a motion reads no more in a congress than in a council of ten."""
    small, small_delegate = seated_council(federation, "small", 10)
    large, large_delegate = seated_council(federation, "large", 200)
    in_small = statements_and_rows(
        federation, lambda: steps.file(small_delegate, small, matter="coordination")
    )
    in_large = statements_and_rows(
        federation, lambda: steps.file(large_delegate, large, matter="coordination")
    )
    assert in_large == in_small
