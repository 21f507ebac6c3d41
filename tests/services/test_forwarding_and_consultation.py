"""Forwarding a decision to another council with its lineage and the origin's vote, and
referring a matter down to the constituent councils for consultation."""

from __future__ import annotations

from collections.abc import Callable

from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.services.forward_motion import ForwardMotion, forward_motion
from sovet.services.ports import Store
from sovet.services.refer_for_consultation import ReferForConsultation, refer_for_consultation

from .deliberation import AGENDA_DAYS, VOTING_DAYS, Steps
from .federation import Clock, Federation, Region


def forwarding(member: Member, motion: Motion, to: str) -> Callable[[Store], Motion]:
    return lambda store: forward_motion(store, ForwardMotion(motion.id, to), actor=member)


def referring(member: Member, motion: Motion) -> Callable[[Store], list[Motion]]:
    return lambda store: refer_for_consultation(
        store, ReferForConsultation(motion.id), actor=member
    )


def works_decision(region: Region, steps: Steps, matter: str = "delegation") -> Motion:
    motion = steps.file(region.ana, region.works, title="One delegate per shift", matter=matter)
    vote = steps.to_the_vote(region.ana, motion)
    steps.vote_and_close(vote, {region.ana: "yes", region.boris: "abstain"}, region.ana)
    return steps.motion(motion)


def test_a_decision_is_forwarded_upward_with_its_lineage_and_the_origins_vote(
    seated: Region, steps: Steps, federation: Federation
) -> None:
    decision = works_decision(seated, steps)
    size = federation.record_size()
    forwarded = federation.act(forwarding(seated.boris, decision, "north"))
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "motion.forwarded",
        seated.boris.id,
        f"membership:{seated.works.id}",
    )
    assert (forwarded.council_id, forwarded.forwarded_from, forwarded.state) == (
        seated.regional.id,
        decision.id,
        "filed",
    )
    view = steps.view(forwarded)
    assert view.text == steps.view(decision).text
    assert [(r.motion_id, r.council.name) for r in view.lineage] == [(decision.id, "Tractor Works")]
    assert view.origin_vote is not None
    assert (view.origin_vote["council"], view.origin_vote["yes"], view.origin_vote["abstain"]) == (
        seated.works.id,
        1,
        1,
    )
    assert view.supporters == []
    assert [r.motion_id for r in steps.view(decision).forwarded_to] == [forwarded.id]


def test_forwarding_to_a_council_without_the_competence_names_the_one_that_has_it(
    seated: Region, steps: Steps, federation: Federation
) -> None:
    decision = works_decision(seated, steps, matter="workplace_organisation")
    federation.refused(
        Invalid,
        forwarding(seated.ana, decision, "north"),
        "Northern Regional Council cannot decide 'workplace organisation'",
        "Textile Mill decides it",
    )


def test_only_a_decision_is_forwarded_once_to_each_council_by_a_member_of_its_council(
    seated: Region, steps: Steps, federation: Federation
) -> None:
    pending = steps.file(seated.ana, seated.works, matter="delegation")
    federation.refused(
        Conflict,
        forwarding(seated.ana, pending, "north"),
        f"only a decision can be forwarded; {pending.title!r} is on the agenda",
    )
    decision = works_decision(seated, steps)
    federation.refused(
        Forbidden,
        forwarding(seated.vera, decision, "north"),
        "Vera is not a member of Tractor Works",
    )
    federation.refused(
        Invalid, forwarding(seated.ana, decision, "tractor-works"), "already Tractor Works's"
    )
    federation.act(forwarding(seated.ana, decision, "north"))
    federation.refused(
        Conflict,
        forwarding(seated.ana, decision, "north"),
        "has already been forwarded to Northern Regional Council",
    )


def test_a_delegate_council_consults_its_constituents_and_sees_their_answers_aggregated(
    seated: Region, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.file(seated.boris, seated.regional, matter="coordination", title="Joint canteen")
    size = federation.record_size()
    works_asked, mill_asked = federation.act(referring(seated.gleb, motion))
    entries = federation.entries(size)
    assert [(e.kind, e.payload["council"]) for e in entries] == [
        ("consultation.opened", seated.works.id),
        ("consultation.opened", seated.mill.id),
    ]
    for asked in (works_asked, mill_asked):
        assert (asked.kind, asked.consults, asked.state) == ("consultation", motion.id, "on_agenda")
        assert asked.title == "Consultation: Joint canteen"
    clock.advance(days=AGENDA_DAYS)
    [works_vote] = steps.open(seated.ana, works_asked)
    [mill_vote] = steps.open(seated.vera, mill_asked)
    for voter, vote, choice in [
        (seated.ana, works_vote, "yes"),
        (seated.boris, works_vote, "yes"),
        (seated.vera, mill_vote, "no"),
    ]:
        steps.cast(voter, vote, choice)
    consultation = steps.view(motion).consultation
    assert consultation is not None and consultation.pending == 2
    clock.advance(days=VOTING_DAYS)
    steps.close(seated.ana, works_vote)
    steps.close(seated.vera, mill_vote)
    consultation = steps.view(motion).consultation
    assert consultation is not None
    assert (consultation.yes, consultation.no, consultation.abstain) == (2, 1, 0)
    assert (consultation.councils_for, consultation.councils_against, consultation.pending) == (
        1,
        1,
        0,
    )
    assert [a.council.name for a in consultation.answers] == ["Tractor Works", "Textile Mill"]
    consults = steps.view(works_asked).consults
    assert consults is not None and consults.motion_id == motion.id


def test_consultation_is_refused_twice_from_a_base_council_or_once_voting_opened(
    seated: Region, steps: Steps, federation: Federation
) -> None:
    motion = steps.file(seated.boris, seated.regional, matter="coordination")
    federation.act(referring(seated.gleb, motion))
    federation.refused(Conflict, referring(seated.gleb, motion), "has already been referred")
    local = steps.file(seated.ana, seated.works, matter="delegation")
    federation.refused(Invalid, referring(seated.ana, local), "Tractor Works is a base council")
    other = steps.file(seated.boris, seated.regional, matter="coordination", title="Other")
    steps.to_the_vote(seated.boris, other)
    federation.refused(
        Conflict, referring(seated.gleb, other), "voting on the motion 'Other' has opened"
    )
