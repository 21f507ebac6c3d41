"""Binding instructions from a constituent council to its delegates, and the referendum
from below that can overturn a higher council's decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from sovet.adapters.queries import open_queries
from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.services.call_referendum import CallReferendum, ReferendumCall, call_referendum
from sovet.services.instruct_delegates import InstructDelegates, instruct_delegates
from sovet.services.ports import Store

from .deliberation import AGENDA_DAYS, VOTING_DAYS, Steps
from .federation import Clock, Federation, Region, build_region


@pytest.fixture
def seated(federation: Federation) -> Region:
    """The region (whose motions wait 30 days on the agenda, and two members' signatures
    call a referendum) with Boris seated for the works and Gleb for the mill."""
    region = build_region(federation, {"agenda_period_days": 30, "referendum_share": 0.5})
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    return region


def instructing(
    member: Member, council: str, motion: Motion, choice: str = "no"
) -> Callable[[Store], Motion]:
    request = InstructDelegates(
        council=council, motion=motion.id, choice=choice, text="The canteen must stay ours."
    )
    return lambda store: instruct_delegates(store, request, actor=member)


def calling(member: Member, motion: Motion) -> Callable[[Store], ReferendumCall]:
    return lambda store: call_referendum(store, CallReferendum(motion.id), actor=member)


def instruct_works(seated: Region, steps: Steps, federation: Federation, motion: Motion) -> Motion:
    """The works votes to instruct its delegates to vote no on ``motion``."""
    instruction = federation.act(instructing(seated.ana, "tractor-works", motion))
    vote = steps.to_the_vote(seated.ana, instruction)
    steps.vote_and_close(vote, {seated.ana: "yes", seated.boris: "yes"}, seated.ana)
    return steps.motion(instruction)


def test_a_constituent_council_votes_a_binding_instruction_to_its_delegates(
    seated: Region, steps: Steps, federation: Federation
) -> None:
    motion = steps.file(seated.gleb, seated.regional, matter="coordination", title="Joint canteen")
    size = federation.record_size()
    instruction = instruct_works(seated, steps, federation, motion)
    assert (instruction.kind, instruction.council_id, instruction.matter, instruction.state) == (
        "instruction",
        seated.works.id,
        "delegation",
        "passed",
    )
    assert instruction.title == (
        "Instruction to our delegates in Northern Regional Council: vote no on Joint canteen"
    )
    issued = [e for e in federation.entries(size) if e.kind == "instruction.issued"]
    assert [e.payload for e in issued] == [
        {
            "council": seated.works.id,
            "motion": motion.id,
            "choice": "no",
            "by_motion": instruction.id,
        }
    ]
    [shown] = steps.view(motion).instructions
    assert (shown.council.name, shown.instruction.choice) == ("Tractor Works", "no")


def test_a_delegates_vote_against_the_instruction_is_marked_and_public_even_in_a_secret_vote(
    seated: Region, steps: Steps, federation: Federation, clock: Clock
) -> None:
    effects = [{"kind": "concerns_member", "member": seated.vera.id}]
    motion = steps.file(seated.gleb, seated.regional, matter="coordination", effects=effects)
    instruction = federation.act(instructing(seated.ana, "tractor-works", motion))
    vote = steps.to_the_vote(seated.ana, instruction)
    steps.vote_and_close(vote, {seated.ana: "yes"}, seated.ana)
    clock.advance(days=30 - AGENDA_DAYS - VOTING_DAYS)
    [regional_vote] = steps.open(seated.gleb, motion)
    assert regional_vote.secret
    size = federation.record_size()
    against = steps.cast(seated.boris, regional_vote, "yes")
    free = steps.cast(seated.gleb, regional_vote, "yes")
    boris_entry, gleb_entry = federation.entries(size)
    assert boris_entry.payload["choice"] == "yes"
    assert boris_entry.payload["against_instruction"] == against.against_instruction is not None
    assert against.receipt is None
    assert gleb_entry.payload == {"vote": regional_vote.id, "secret": True}
    assert free.receipt is not None
    with open_queries(federation.sovet.db) as queries:
        view = queries.vote_view(regional_vote.id)
        live = queries.live_tally(regional_vote.id)
    assert view is not None
    [marked] = view.ballots
    assert (marked.member.name, marked.choice, marked.against_instruction) == (
        "Boris",
        "yes",
        against.against_instruction,
    )
    # Boris's ballot is public, the counts are not: with them, Gleb's would be too.
    assert live is not None
    assert (view.results.tally, live.tally, live.turnout, live.version) == (None, None, 2, 2)


def test_a_vote_that_follows_the_instruction_is_not_marked(
    seated: Region, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.file(seated.gleb, seated.regional, matter="coordination")
    instruction = federation.act(instructing(seated.ana, "tractor-works", motion))
    vote = steps.to_the_vote(seated.ana, instruction)
    steps.vote_and_close(vote, {seated.ana: "yes"}, seated.ana)
    clock.advance(days=30 - AGENDA_DAYS - VOTING_DAYS)
    [regional_vote] = steps.open(seated.gleb, motion)
    assert steps.cast(seated.boris, regional_vote, "no").against_instruction is None


def test_an_instruction_that_passes_after_the_motion_was_decided_lapses(
    federation: Federation, steps: Steps
) -> None:
    region = build_region(federation, {"agenda_period_days": 1})
    federation.elect(region.regional, region.works, region.boris)
    motion = steps.file(region.boris, region.regional, matter="coordination")
    instruction = federation.act(instructing(region.ana, "tractor-works", motion))
    steps.clock.advance(days=1)
    [regional_vote] = steps.open(region.boris, motion)
    steps.vote_and_close(regional_vote, {region.boris: "yes"}, region.boris)
    size = federation.record_size()
    vote = steps.to_the_vote(region.ana, instruction)
    steps.vote_and_close(vote, {region.ana: "yes"}, region.ana)
    entries = federation.entries(size)
    assert "instruction.issued" not in [e.kind for e in entries]
    [closed] = [e for e in entries if e.kind == "vote.closed"]
    assert closed.payload["decision"]["lapsed"] == "the motion it instructs on was decided first"


def test_instructions_are_refused_from_a_council_with_no_seat_or_on_a_closed_motion(
    seated: Region, steps: Steps, federation: Federation
) -> None:
    motion = steps.file(seated.gleb, seated.regional, matter="coordination")
    dyer = federation.register("Olga")
    federation.found_base(dyer, "dye-works", "Dye Works")
    federation.refused(
        Invalid,
        instructing(dyer, "dye-works", motion),
        "Dye Works seats no delegates in Northern Regional Council",
    )
    federation.refused(
        Forbidden, instructing(seated.vera, "tractor-works", motion), "Vera is not a member"
    )
    decided = regional_decision(seated, steps)
    federation.refused(
        Conflict,
        instructing(seated.ana, "tractor-works", decided),
        "the motion 'Close the depot' is closed (passed)",
    )


def regional_decision(seated: Region, steps: Steps) -> Motion:
    motion = steps.file(
        seated.gleb, seated.regional, matter="coordination", title="Close the depot"
    )
    steps.clock.advance(days=30)
    [vote] = steps.open(seated.gleb, motion)
    steps.vote_and_close(vote, {seated.gleb: "yes", seated.boris: "yes"}, seated.gleb)
    return steps.motion(motion)


def test_members_beneath_call_a_referendum_whose_result_overturns_the_decision(
    seated: Region, steps: Steps, federation: Federation, clock: Clock
) -> None:
    decision = regional_decision(seated, steps)
    first = federation.act(calling(seated.ana, decision))
    assert (first.signatures, first.needed, first.vote) == (1, 2, None)
    federation.refused(Conflict, calling(seated.ana, decision), "Ana has already signed the call")
    size = federation.record_size()
    second = federation.act(calling(seated.vera, decision))
    assert (second.referendum, second.signatures) == (first.referendum, 2)
    assert second.vote is not None
    signed, opened = federation.entries(size)
    assert (signed.kind, signed.under) == ("referendum.signed", f"membership:{seated.mill.id}")
    assert opened.kind == "vote.opened"
    assert opened.payload["subject"] == "referendum"
    assert opened.payload["secret"] is True
    assert opened.payload["eligible"] == 4
    assert sorted(member for member, _ in opened.payload["register"]) == sorted(
        m.id for m in (seated.ana, seated.boris, seated.vera, seated.gleb)
    )
    federation.refused(
        Conflict,
        calling(seated.gleb, decision),
        "the referendum on 'Close the depot' has been called",
    )
    for member, choice in [(seated.ana, "yes"), (seated.vera, "yes"), (seated.boris, "no")]:
        steps.cast(member, second.vote, choice)
    clock.advance(days=VOTING_DAYS)
    steps.close(seated.ana, second.vote)
    overturned = steps.decision(decision)
    assert overturned is not None and overturned.overturned_by == first.referendum
    view = steps.view(decision).decision
    assert view is not None and view.referendum is not None
    assert (view.referendum.passed, view.referendum.tally and view.referendum.tally.yes) == (
        True,
        2,
    )


def test_a_councils_own_high_quorum_does_not_block_the_referendum_from_below(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    """The regional council's charter asks 60% of its seats to vote. A referendum counts
    its quorum over everyone beneath, and asks at most half of them: two votes of the
    four members overturn the decision."""
    charter = {"agenda_period_days": 30, "referendum_share": 0.5, "quorum": 0.6}
    region = build_region(federation, charter)
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    decision = regional_decision(region, steps)
    federation.act(calling(region.ana, decision))
    call = federation.act(calling(region.vera, decision))
    assert call.vote is not None
    for member in (region.ana, region.vera):
        steps.cast(member, call.vote, "yes")
    clock.advance(days=VOTING_DAYS)
    steps.close(region.ana, call.vote)
    overturned = steps.decision(decision)
    assert overturned is not None and overturned.overturned_by == call.referendum


def test_a_referendum_on_a_congress_voting_in_hours_stays_open_a_day(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    """The congress votes in two hours, within its session; the members beneath, who
    overturn its decision, vote at their workplaces, and have a day to."""
    charter = {
        "agenda_period_days": 30,
        "referendum_share": 0.5,
        "voting_period_days": 0,
        "voting_period_hours": 2,
    }
    region = build_region(federation, charter)
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    decision = regional_decision(region, steps)
    [congress_vote] = steps.votes_on(decision)
    assert congress_vote.closes - congress_vote.opened == timedelta(hours=2)
    federation.act(calling(region.ana, decision))
    call = federation.act(calling(region.vera, decision))
    assert call.vote is not None
    with federation.sovet.db.reading() as store:
        referendum = store.vote(call.vote)
    assert referendum is not None
    assert referendum.closes - referendum.opened == timedelta(days=1)


def test_a_referendum_that_fails_leaves_the_decision_standing(
    seated: Region, steps: Steps, federation: Federation, clock: Clock
) -> None:
    decision = regional_decision(seated, steps)
    federation.act(calling(seated.ana, decision))
    call = federation.act(calling(seated.vera, decision))
    assert call.vote is not None
    for member in (seated.ana, seated.boris, seated.gleb):
        steps.cast(member, call.vote, "no")
    clock.advance(days=VOTING_DAYS)
    steps.file(seated.gleb, seated.regional, matter="coordination", title="Any act closes it")
    standing = steps.decision(decision)
    assert standing is not None and standing.overturned_by is None
    with federation.sovet.db.reading() as store:
        vote = store.vote(call.vote)
    assert vote is not None and vote.closed is not None


def test_a_referendum_is_refused_to_outsiders_on_base_councils_and_on_pending_motions(
    seated: Region, steps: Steps, federation: Federation
) -> None:
    decision = regional_decision(seated, steps)
    outsider = federation.register("Lev")
    federation.refused(
        Forbidden,
        calling(outsider, decision),
        "Lev is not a member of a council beneath Northern Regional Council",
    )
    pending = steps.file(seated.gleb, seated.regional, matter="coordination", title="Pending")
    federation.refused(
        Conflict,
        calling(seated.ana, pending),
        "a referendum is called on a decision; 'Pending' is on the agenda",
    )
    local = steps.file(seated.ana, seated.works, matter="delegation")
    federation.refused(Invalid, calling(seated.ana, local), "Tractor Works is a base council")
