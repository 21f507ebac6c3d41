"""A base council admits its members. Only its own members can: never a higher council."""

from __future__ import annotations

from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.members import Member
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.authority import Actor

from .federation import Federation, Region


def admitting(federation: Federation, actor: Actor, council: str, member: int) -> Member:
    return federation.act(
        lambda store: admit_member(store, AdmitMember(council=council, member=member), actor=actor)
    )


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
        lambda store: admit_member(
            store, AdmitMember(council=region.works.slug, member=outsider.id), actor=region.vera
        ),
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
        lambda store: admit_member(
            store, AdmitMember(council=region.mill.slug, member=outsider.id), actor=region.boris
        ),
        "Boris is not a member of Textile Mill",
    )
    assert not federation.is_member(region.mill, outsider)


def test_a_delegate_council_admits_no_members(region: Region, federation: Federation) -> None:
    federation.elect(region.regional, region.works, region.boris)
    federation.refused(
        Invalid,
        lambda store: admit_member(
            store,
            AdmitMember(council=region.regional.slug, member=region.gleb.id),
            actor=region.boris,
        ),
        "Northern Regional Council is a delegate council",
        "it admits no members",
    )


def test_an_unknown_member_cannot_be_admitted(federation: Federation) -> None:
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    federation.refused(
        NotFound,
        lambda store: admit_member(store, AdmitMember(council=works.slug, member=999), actor=ana),
        "member: there is no member 999",
    )


def test_a_member_cannot_be_admitted_twice(federation: Federation) -> None:
    ana, boris = federation.register("Ana"), federation.register("Boris")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    admitting(federation, ana, works.slug, boris.id)
    federation.refused(
        Conflict,
        lambda store: admit_member(
            store, AdmitMember(council=works.slug, member=boris.id), actor=ana
        ),
        "Boris is already a member of Tractor Works",
    )


def test_an_unknown_council_is_refused(federation: Federation) -> None:
    ana, boris = federation.register("Ana"), federation.register("Boris")
    federation.refused(
        NotFound,
        lambda store: admit_member(
            store, AdmitMember(council="nowhere", member=boris.id), actor=ana
        ),
        "there is no council 'nowhere'",
    )
