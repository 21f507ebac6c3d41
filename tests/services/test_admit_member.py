"""A base council admits its members. Only its own members can: never a higher council."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import ElectOfficer
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.members import Member
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.authority import Actor
from sovet.services.open_election import OpenElection, open_election
from sovet.services.ports import Store

from .deliberation import Steps, Works, build_works
from .federation import Federation, Region


def admission(
    council: str, member: int, actor: Actor, office: str | None = None
) -> Callable[[Store], Member]:
    """The act of ``actor`` admitting ``member`` to ``council`` (as ``office``, if named)."""
    request = AdmitMember(council=council, member=member, office=office)
    return lambda store: admit_member(store, request, actor=actor)


def admitting(federation: Federation, actor: Actor, council: str, member: int) -> Member:
    return federation.act(admission(council, member, actor))


def test_a_member_of_a_base_council_admits_a_registered_member(federation: Federation) -> None:
    ana, boris = federation.register("Ana"), federation.register("Boris")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    size = federation.record_size()
    assert admitting(federation, ana, works.slug, boris.id) == boris
    assert federation.is_member(works, boris)
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "member.admitted",
        ana.id,
        f"membership:{works.id}",
    )
    assert entry.payload == {"council": works.id, "member": boris.id}


def test_a_newly_admitted_member_may_admit_others_in_turn(federation: Federation) -> None:
    ana, boris, vera = (federation.register(name) for name in ("Ana", "Boris", "Vera"))
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    admitting(federation, ana, works.slug, boris.id)
    admitting(federation, boris, works.slug, vera.id)
    assert federation.is_member(works, vera)
    assert federation.entries()[-1].actor == boris.id


def test_a_member_of_another_council_cannot_admit(region: Region, federation: Federation) -> None:
    outsider = federation.register("Lev")
    federation.refused(
        Forbidden,
        admission(region.works.slug, outsider.id, region.vera),
        "Vera is not a member of Tractor Works",
    )


def test_a_delegate_of_a_higher_council_cannot_admit_into_a_council_below_it(
    region: Region, federation: Federation
) -> None:
    """Never from above: a mandate in the regional council gives no power over the mill."""
    federation.elect(region.regional, region.works, region.boris)
    outsider = federation.register("Lev")
    federation.refused(
        Forbidden,
        admission(region.mill.slug, outsider.id, region.boris),
        "Boris is not a member of Textile Mill",
    )
    assert not federation.is_member(region.mill, outsider)


def test_a_delegate_council_admits_no_members(region: Region, federation: Federation) -> None:
    federation.elect(region.regional, region.works, region.boris)
    federation.refused(
        Invalid,
        admission(region.regional.slug, region.gleb.id, region.boris),
        "Northern Regional Council is a delegate council",
        "it admits no members",
    )


def test_an_unknown_member_cannot_be_admitted(federation: Federation) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    federation.refused(
        NotFound,
        admission(works.slug, 999, ana),
        "member: there is no member 999",
    )


def test_a_member_cannot_be_admitted_twice(federation: Federation) -> None:
    ana, boris = federation.register("Ana"), federation.register("Boris")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    admitting(federation, ana, works.slug, boris.id)
    federation.refused(
        Conflict,
        admission(works.slug, boris.id, ana),
        "Boris is already a member of Tractor Works",
    )


def test_an_unknown_council_is_refused(federation: Federation) -> None:
    ana, boris = federation.register("Ana"), federation.register("Boris")
    federation.refused(
        NotFound,
        admission("nowhere", boris.id, ana),
        "there is no council 'nowhere'",
    )


FOUNDED = (
    "Tractor Works decides membership",
    "resolution on membership that admits them",
    "an officer whose office the charter gives the power to admit members",
)
SECRETARY = {"offices": {"secretary": ["admit_members"], "chair": ["moderate"]}}


def founded(federation: Federation, steps: Steps, charter: dict[str, Any] | None = None) -> Works:
    """The works of five, founded: the vote on its first motion has opened."""
    works = build_works(federation, charter)
    steps.to_the_vote(works.ana, steps.scheduled(works))
    return works


def test_while_being_founded_any_member_admits_alone(federation: Federation) -> None:
    """The founder brings in the workplace, and whoever they admit may too, until the
    council first opens a vote or an election."""
    works = build_works(federation)
    lev = federation.register("Lev")
    admitting(federation, works.dasha, works.council.slug, lev.id)
    assert federation.is_member(works.council, lev)
    with federation.sovet.db.reading() as store:
        assert store.being_founded(works.council.id)


def test_once_its_first_vote_has_opened_no_member_admits_alone(
    federation: Federation, steps: Steps
) -> None:
    works = founded(federation, steps)
    lev = federation.register("Lev")
    with federation.sovet.db.reading() as store:
        assert not store.being_founded(works.council.id)
    federation.refused(
        Forbidden,
        admission(works.council.slug, lev.id, works.ana),
        *FOUNDED,
    )
    assert not federation.is_member(works.council, lev)


def test_once_it_has_opened_an_election_no_member_admits_alone(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation, SECRETARY)
    federation.act(
        lambda store: open_election(
            store,
            OpenElection(works.council.slug, works.council.slug, office="secretary"),
            actor=works.boris,
        )
    )
    lev = federation.register("Lev")
    federation.refused(
        Forbidden,
        admission(works.council.slug, lev.id, works.ana),
        *FOUNDED,
    )


def test_a_charter_that_gives_every_member_admit_members_lets_one_admit_after_founding(
    federation: Federation, steps: Steps
) -> None:
    works = founded(federation, steps, {"member_powers": ["keep_books", "admit_members"]})
    lev = federation.register("Lev")
    size = federation.record_size()
    admitting(federation, works.gleb, works.council.slug, lev.id)
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "member.admitted",
        works.gleb.id,
        f"membership:{works.council.id}",
    )


def test_an_officer_whose_office_has_admit_members_admits_under_the_office(
    federation: Federation, steps: Steps, elect_officer: ElectOfficer
) -> None:
    works = build_works(federation, SECRETARY)
    office = elect_officer(
        federation.sovet, works.council.slug, "secretary", works.vera, works.members
    )
    lev = federation.register("Lev")
    federation.refused(
        Forbidden,
        admission(works.council.slug, lev.id, works.vera),
        *FOUNDED,
    )
    size = federation.record_size()
    federation.act(admission(works.council.slug, lev.id, works.vera, "secretary"))
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "member.admitted",
        works.vera.id,
        f"office:{office.id}",
    )
    assert federation.is_member(works.council, lev)


def test_an_officer_whose_office_lacks_admit_members_cannot_admit_as_it(
    federation: Federation, steps: Steps, elect_officer: ElectOfficer
) -> None:
    works = build_works(federation, SECRETARY)
    elect_officer(federation.sovet, works.council.slug, "chair", works.vera, works.members)
    lev = federation.register("Lev")
    federation.refused(
        Forbidden,
        admission(works.council.slug, lev.id, works.vera, "chair"),
        "the chair of Tractor Works has no power to admit members",
        "the charter gives it the power to hide a comment",
    )


def test_a_member_cannot_admit_as_an_office_they_do_not_hold(
    federation: Federation, steps: Steps
) -> None:
    works = founded(federation, steps, SECRETARY)
    lev = federation.register("Lev")
    federation.refused(
        Forbidden,
        admission(works.council.slug, lev.id, works.ana, "secretary"),
        "Ana does not hold the office of secretary of Tractor Works",
    )
    federation.refused(
        Invalid,
        admission(works.council.slug, lev.id, works.ana, "treasurer"),
        "the charter of Tractor Works has no office 'treasurer'",
    )
