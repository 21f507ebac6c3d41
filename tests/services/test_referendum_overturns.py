"""A referendum from below that overturns a decision undoes what the decision did: the
charter amended, the instruction issued, the plan adopted, the constituent admitted, the
demand targets adopted. What can no longer be undone stays, and the record says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sovet.domain.books import Target
from sovet.domain.charter import Charter
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.domain.overturns import KINDS
from sovet.record.entry import Entry
from sovet.services.add_product import AddProduct, add_product
from sovet.services.call_referendum import CallReferendum, call_referendum
from sovet.services.instruct_delegates import InstructDelegates, instruct_delegates
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.open_election import OpenElection, open_election
from sovet.services.publish_round import PublishRound, publish_round
from sovet.services.read_plan import read_period
from sovet.services.set_demand_target import SetDemandTarget, set_demand_target

from .deliberation import VOTING_DAYS, Steps
from .federation import Clock, Federation, Region, build_region
from .planning import (
    Planning,
    answer_part,
    balance_and_adopt,
    build_planning,
    vote_down_the_plan,
)
from .recalling import build_recallable, carry_recall

OVERTURN_KINDS = {
    "charter.restored",
    "instruction.withdrawn",
    "plan.overturned",
    "council.left",
    "demand.withdrawn",
    "overturn.left",
    "mandate.ended",
}


@pytest.fixture
def region(federation: Federation) -> Region:
    """The region, whose motions go to the vote at once and where two members' signatures
    of the four beneath call a referendum, with Boris seated for the works and Gleb for
    the mill."""
    charter = {
        "agenda_period_days": 0,
        "referendum_share": 0.5,
        "proposes_demand": ["consumption"],
    }
    region = build_region(federation, charter)
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    return region


def decided(steps: Steps, region: Region, **fields: Any) -> Motion:
    """Gleb files a motion in the regional council and both delegates pass it."""
    motion = steps.file(region.gleb, region.regional, **fields)
    [vote] = steps.open(region.gleb, motion)
    steps.vote_and_close(vote, {region.boris: "yes", region.gleb: "yes"}, region.gleb)
    passed = steps.motion(motion)
    assert passed.state == "passed"
    return passed


def referendum(
    federation: Federation,
    steps: Steps,
    motion: Motion,
    signers: tuple[Member, ...],
    ballots: dict[Member, str],
) -> list[Entry]:
    """``signers`` call a referendum on ``motion``, ``ballots`` are cast, and the first
    signer closes it; the entries its close appended."""
    vote = None
    for signer in signers:
        call = federation.act(
            lambda store, s=signer: call_referendum(store, CallReferendum(motion.id), actor=s)
        )
        vote = call.vote
    assert vote is not None
    for member, choice in ballots.items():
        steps.cast(member, vote, choice)
    steps.clock.advance(days=VOTING_DAYS)
    size = federation.record_size()
    steps.close(signers[0], vote)
    return federation.entries(size)


def overturned(federation: Federation, steps: Steps, region: Region, motion: Motion) -> list[Entry]:
    """Ana and Vera call the referendum on ``motion`` and, with Boris against, carry it."""
    ballots = {region.ana: "yes", region.vera: "yes", region.boris: "no"}
    closed, *undoing = referendum(federation, steps, motion, (region.ana, region.vera), ballots)
    assert closed.kind == "vote.closed" and closed.payload["overturns"] == motion.id
    return undoing


def upheld(federation: Federation, steps: Steps, region: Region, motion: Motion) -> list[Entry]:
    ballots = {region.ana: "no", region.vera: "yes", region.boris: "no"}
    closed, *rest = referendum(federation, steps, motion, (region.ana, region.vera), ballots)
    assert closed.payload["passed"] is False and closed.payload["overturns"] is None
    return rest


def overturn_in_words(steps: Steps, motion: Motion) -> list[str]:
    """What the decision's page says the overturn undid."""
    view = steps.view(motion).decision
    assert view is not None
    return view.overturn


def amendment(changes: dict[str, Any], title: str = "New rules") -> dict[str, Any]:
    return {
        "kind": "charter_amendment",
        "matter": "",
        "title": title,
        "effects": [{"kind": "amend_charter", "changes": changes}],
    }


def charter_of(federation: Federation, council: Council) -> Charter:
    with federation.sovet.db.reading() as store:
        found = store.council(council.id)
    assert found is not None
    return found.charter


def test_the_overturn_undoes_only_what_the_decision_did(
    region: Region, steps: Steps, federation: Federation
) -> None:
    assert set(OVERTURN_KINDS) - {"mandate.ended"} == set(KINDS)


def test_an_overturned_charter_amendment_restores_every_field_it_changed(
    region: Region, steps: Steps, federation: Federation, tmp_path: Path
) -> None:
    motion = decided(steps, region, **amendment({"quorum": 0.6, "minority_report_days": 20}))
    assert charter_of(federation, region.regional).quorum == 0.6
    [restored] = overturned(federation, steps, region, motion)
    assert restored.kind == "charter.restored"
    assert {k: v for k, v in restored.payload.items() if k != "charter"} == {
        "motion": motion.id,
        "referendum": restored.payload["referendum"],
        "council": region.regional.id,
        "restored": ["minority_report_days", "quorum"],
        "kept": [],
    }
    charter = charter_of(federation, region.regional)
    assert (charter.quorum, charter.minority_report_days) == (0.5, 14)
    assert charter.referendum_share == 0.5
    assert overturn_in_words(steps, motion) == [
        "The time to attach a minority report and the quorum are restored to their values "
        "before the amendment."
    ]
    federation.replays_the_same(tmp_path)


def test_a_referendum_that_fails_leaves_the_amended_charter_in_force(
    region: Region, steps: Steps, federation: Federation
) -> None:
    motion = decided(steps, region, **amendment({"quorum": 0.6}))
    assert upheld(federation, steps, region, motion) == []
    assert charter_of(federation, region.regional).quorum == 0.6


def test_a_field_a_later_decision_changed_keeps_that_decisions_value(
    region: Region, steps: Steps, federation: Federation, tmp_path: Path
) -> None:
    first = decided(steps, region, **amendment({"quorum": 0.6, "minority_report_days": 20}))
    later = decided(steps, region, **amendment({"quorum": 0.7}, "Quorum of seven tenths"))
    [restored] = overturned(federation, steps, region, first)
    assert restored.payload["restored"] == ["minority_report_days"]
    assert restored.payload["kept"] == [{"field": "quorum", "by_motion": later.id}]
    charter = charter_of(federation, region.regional)
    assert (charter.quorum, charter.minority_report_days) == (0.7, 14)
    assert overturn_in_words(steps, first) == [
        "The time to attach a minority report is restored to its value before the amendment; "
        f"the quorum keeps the value a later decision (motion {later.id}) gave it."
    ]
    federation.replays_the_same(tmp_path)


def test_an_amendment_every_field_of_which_was_changed_since_is_left_saying_why(
    region: Region, steps: Steps, federation: Federation
) -> None:
    first = decided(steps, region, **amendment({"quorum": 0.6}))
    later = decided(steps, region, **amendment({"quorum": 0.7}, "Quorum of seven tenths"))
    [left] = overturned(federation, steps, region, first)
    assert left.kind == "overturn.left"
    assert left.payload["effect"] == "amend_charter"
    assert left.payload["reason"] == (
        "every rule it changed has been changed since by a later decision, which stands: "
        f"the quorum (motion {later.id})"
    )
    assert charter_of(federation, region.regional).quorum == 0.7


def test_a_field_whose_later_change_was_itself_overturned_is_restored(
    region: Region, steps: Steps, federation: Federation
) -> None:
    first = decided(steps, region, **amendment({"quorum": 0.6}))
    later = decided(steps, region, **amendment({"quorum": 0.7}, "Quorum of seven tenths"))
    [back] = overturned(federation, steps, region, later)
    assert back.payload["restored"] == ["quorum"]
    assert charter_of(federation, region.regional).quorum == 0.6
    [restored] = overturned(federation, steps, region, first)
    assert restored.payload["restored"] == ["quorum"]
    assert charter_of(federation, region.regional).quorum == 0.5


def test_a_decision_without_effects_needs_nothing_beyond_the_overturn(
    region: Region, steps: Steps, federation: Federation
) -> None:
    motion = decided(steps, region, matter="coordination", title="Close the depot")
    assert overturned(federation, steps, region, motion) == []
    decision = steps.decision(motion)
    assert decision is not None and decision.overturned_by is not None


def congress_motion(federation: Federation, steps: Steps, region: Region) -> Motion:
    """A congress seated by the region (Boris its delegate) and a motion before it."""
    congress = federation.found_delegate(
        region.boris, "congress", "Congress of Councils", region.regional, seats=1
    )
    federation.elect(congress, region.regional, region.boris)
    return steps.file(region.boris, congress, matter="coordination", title="Joint canteen")


def instructed(federation: Federation, steps: Steps, region: Region, on: Motion) -> Motion:
    """The region instructs its delegates to vote no on ``on``, by its decision."""
    request = InstructDelegates(council="north", motion=on.id, choice="no", text="Not yet.")
    motion = federation.act(lambda store: instruct_delegates(store, request, actor=region.gleb))
    [vote] = steps.open(region.gleb, motion)
    steps.vote_and_close(vote, {region.boris: "yes", region.gleb: "yes"}, region.gleb)
    return steps.motion(motion)


def instruction_on(federation: Federation, region: Region, motion: Motion) -> Any:
    with federation.sovet.db.reading() as store:
        return store.instruction(region.regional.id, motion.id)


def test_an_overturned_instruction_binds_the_delegates_no_more(
    region: Region, steps: Steps, federation: Federation, tmp_path: Path
) -> None:
    on = congress_motion(federation, steps, region)
    instruction = instructed(federation, steps, region, on)
    issued = instruction_on(federation, region, on)
    assert issued is not None
    [withdrawn] = overturned(federation, steps, region, instruction)
    assert (withdrawn.kind, withdrawn.payload) == (
        "instruction.withdrawn",
        {
            "motion": instruction.id,
            "referendum": withdrawn.payload["referendum"],
            "council": region.regional.id,
            "instruction": issued.id,
            "on": on.id,
        },
    )
    assert instruction_on(federation, region, on) is None
    [vote] = steps.open(region.boris, on)
    assert steps.cast(region.boris, vote, "yes").against_instruction is None
    assert overturn_in_words(steps, instruction) == [
        "The instruction is withdrawn: the delegates of Northern Regional Council are no "
        f"longer bound by it on motion {on.id}."
    ]
    federation.replays_the_same(tmp_path)


def test_a_referendum_that_fails_leaves_the_instruction_binding(
    region: Region, steps: Steps, federation: Federation
) -> None:
    on = congress_motion(federation, steps, region)
    instruction = instructed(federation, steps, region, on)
    assert upheld(federation, steps, region, instruction) == []
    assert instruction_on(federation, region, on) is not None


def test_an_instruction_on_a_motion_decided_since_is_left_saying_why(
    region: Region, steps: Steps, federation: Federation
) -> None:
    on = congress_motion(federation, steps, region)
    instruction = instructed(federation, steps, region, on)
    steps.clock.advance(days=7)
    [vote] = steps.open(region.boris, on)
    steps.vote_and_close(vote, {region.boris: "no"}, region.boris)
    [left] = overturned(federation, steps, region, instruction)
    assert (left.kind, left.payload["effect"], left.payload["reason"]) == (
        "overturn.left",
        "instruct",
        "the motion it instructed on was decided first: the votes cast under it stand",
    )
    assert instruction_on(federation, region, on) is not None


def adopted_plan(federation: Federation, clock: Clock) -> tuple[Planning, Motion]:
    """The joint council adopts a plan for 2028 that balances at once, by its decision."""
    plan = build_planning(federation, bread=30_000)
    balance_and_adopt(federation, clock, plan)
    with federation.sovet.db.reading() as store:
        [motion] = store.motions_in(plan.joint.id, ("passed",))
    return plan, motion


def plan_referendum(
    federation: Federation, steps: Steps, plan: Planning, motion: Motion, choice: str
) -> list[Entry]:
    """Boris, beneath the joint council, calls a referendum on its plan, and he and Ana
    answer ``choice``; the entries after the close."""
    books = plan.books
    ballots = {books.ana: choice, books.boris: choice}
    closed, *rest = referendum(federation, steps, motion, (books.boris,), ballots)
    assert closed.payload["passed"] is (choice == "yes")
    return rest


def test_an_overturned_plan_is_adopted_no_more_and_its_parts_bind_no_workplace(
    federation: Federation, steps: Steps, clock: Clock, tmp_path: Path
) -> None:
    plan, motion = adopted_plan(federation, clock)
    books = plan.books
    answer_part(federation, clock, plan, books.pavel, accept=True)
    [undone] = plan_referendum(federation, steps, plan, motion, "yes")
    assert undone.kind == "plan.overturned"
    assert undone.payload == {
        "motion": motion.id,
        "referendum": undone.payload["referendum"],
        "period": plan.period.id,
        "lapsed": sorted([books.steelworks.id, books.pit.id]),
        "released": [books.bakery.id],
    }
    with federation.sovet.db.reading() as store:
        period = read_period(store, plan.period.id)
    assert (period.period.state, period.period.adopted_round) == ("balanced", None)
    assert {part.state for part in period.parts} == {"lapsed"}
    assert period.fulfilment == []
    assert period.takes_rounds
    assert overturn_in_words(steps, motion) == [
        "The plan for 2028 is no longer adopted: the period stands balanced, as when a plan "
        "is voted down; the parts still sent lapse (Lenin Steelworks, Donbas Pit 4); the "
        "parts accepted (Bakery No. 1) bind their workplaces no more."
    ]
    federation.replays_the_same(tmp_path)


def test_a_referendum_that_fails_leaves_the_plan_adopted(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    plan, motion = adopted_plan(federation, clock)
    assert plan_referendum(federation, steps, plan, motion, "no") == []
    with federation.sovet.db.reading() as store:
        period = read_period(store, plan.period.id)
    assert period.period.state == "adopted"
    assert {part.state for part in period.parts} == {"sent"}


def test_a_plan_a_workplace_returned_first_is_left_saying_why(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    plan, motion = adopted_plan(federation, clock)
    answer_part(federation, clock, plan, plan.books.pavel, accept=False)
    [left] = plan_referendum(federation, steps, plan, motion, "yes")
    assert (left.kind, left.payload["effect"], left.payload["reason"]) == (
        "overturn.left",
        "adopt_plan",
        "the plan for 2028 was no longer adopted: a workplace returned its part into a "
        "further round",
    )
    with federation.sovet.db.reading() as store:
        period = read_period(store, plan.period.id)
    assert period.period.state == "open"


def admitted_bakery(
    federation: Federation, steps: Steps, region: Region
) -> tuple[Council, Member, Motion]:
    """The bakery (Dasha, Lena) asks to join the region, which admits it by its decision;
    Lena takes its seat, and holds the region's seat in the congress through it."""
    dasha, lena = federation.register("Dasha"), federation.register("Lena")
    bakery = federation.found_base(dasha, "bakery", "Mill Street Bakery")
    federation.admit(dasha, bakery, lena)
    request = JoinDelegateCouncil(council="north", constituent="bakery", seats=1)
    federation.act(lambda store: join_delegate_council(store, request, actor=dasha))
    effects = [{"kind": "admit_constituent", "constituent": "bakery", "seats": 1}]
    motion = decided(steps, region, matter="delegation", title="Admit it", effects=effects)
    federation.elect(region.regional, bakery, lena)
    congress = federation.found_delegate(
        region.boris, "congress", "Congress of Councils", region.regional, seats=1
    )
    federation.elect(congress, region.regional, lena)
    return bakery, lena, motion


def test_an_overturned_admission_takes_the_constituent_out_with_its_seats_and_mandates(
    region: Region, steps: Steps, federation: Federation, tmp_path: Path
) -> None:
    bakery, lena, motion = admitted_bakery(federation, steps, region)
    election = federation.act(
        lambda store: open_election(store, OpenElection("north", "bakery"), actor=lena)
    )
    signers = (region.ana, region.vera, region.gleb)
    ballots = {region.ana: "yes", region.vera: "yes", region.boris: "no"}
    closed, left, ended, cascaded, by_election, lapsed = referendum(
        federation, steps, motion, signers, ballots
    )
    assert closed.payload["overturns"] == motion.id
    assert (left.kind, left.payload) == (
        "council.left",
        {
            "motion": motion.id,
            "referendum": left.payload["referendum"],
            "council": region.regional.id,
            "constituent": bakery.id,
            "seats": 1,
        },
    )
    assert (ended.kind, ended.payload["reason"]) == ("mandate.ended", "constituent_left")
    assert (ended.payload["successor"], ended.payload["vacancy"]) == (None, None)
    assert (cascaded.kind, cascaded.payload["reason"]) == ("mandate.ended", "held_through_recalled")
    assert by_election.kind == "by_election.opened"
    assert (lapsed.kind, lapsed.payload) == (
        "election.lapsed",
        {
            "election": election.id,
            "reason": "Mill Street Bakery left Northern Regional Council: its seats there are gone",
        },
    )
    with federation.sovet.db.reading() as store:
        assert store.seats_of(region.regional.id, bakery.id) == 0
        assert bakery.id not in store.constituents()[region.regional.id]
        assert lena.id not in store.members_beneath(region.regional.id)
        assert not [m for m in store.mandates_of_member(lena.id) if m.active_on(store.today())]
        assert store.seats_in(region.regional.id) == 3
        assert store.join_request(region.regional.id, bakery.id) is None
    assert overturn_in_words(steps, motion) == [
        "Mill Street Bakery leaves Northern Regional Council: its seat there ends, with its "
        "delegates' mandates and every seat or office held through them."
    ]
    federation.replays_the_same(tmp_path)


def test_a_constituent_that_left_by_referendum_asks_again_and_is_admitted_again(
    region: Region, steps: Steps, federation: Federation, tmp_path: Path
) -> None:
    bakery, lena, motion = admitted_bakery(federation, steps, region)
    signers = (region.ana, region.vera, region.gleb)
    ballots = {region.ana: "yes", region.vera: "yes", region.boris: "no"}
    referendum(federation, steps, motion, signers, ballots)
    request = JoinDelegateCouncil(council="north", constituent="bakery", seats=2)
    asked = federation.act(lambda store: join_delegate_council(store, request, actor=lena))
    assert not asked.joined
    effects = [{"kind": "admit_constituent", "constituent": bakery.id, "seats": 2}]
    size = federation.record_size()
    decided(steps, region, matter="delegation", title="Admit it again", effects=effects)
    [rejoined] = [e for e in federation.entries(size) if e.kind.startswith("council.")]
    assert (rejoined.kind, rejoined.payload["seats"]) == ("council.rejoined", 2)
    with federation.sovet.db.reading() as store:
        assert store.seats_of(region.regional.id, bakery.id) == 2
        assert lena.id in store.members_beneath(region.regional.id)
    federation.replays_the_same(tmp_path)


def test_a_referendum_that_fails_leaves_the_constituent_seated(
    region: Region, steps: Steps, federation: Federation
) -> None:
    bakery, lena, motion = admitted_bakery(federation, steps, region)
    signers = (region.ana, region.vera, region.gleb)
    ballots = {region.ana: "no", region.vera: "no", region.boris: "no"}
    assert referendum(federation, steps, motion, signers, ballots)[1:] == []
    with federation.sovet.db.reading() as store:
        assert store.seats_of(region.regional.id, bakery.id) == 1
        assert [m for m in store.mandates_of_member(lena.id) if m.active_on(store.today())]


def demand_decided(
    federation: Federation, steps: Steps, region: Region, kilograms: float
) -> Motion:
    """The region adopts, by its decision, a target of ``kilograms`` of bread for 2028."""
    target = (Target("bread", kilograms, "kg", "consumption"),)
    request = SetDemandTarget("north", "2028", target)
    motion = federation.act(lambda store: set_demand_target(store, request, actor=region.gleb))
    [vote] = steps.open(region.gleb, motion)
    steps.vote_and_close(vote, {region.boris: "yes", region.gleb: "yes"}, region.gleb)
    return steps.motion(motion)


def demand_of(federation: Federation) -> list[tuple[int, float]]:
    with federation.sovet.db.reading() as store:
        return [(target.motion_id, target.quantity) for target in store.demand_targets("2028")]


@pytest.fixture
def bread(region: Region, federation: Federation) -> None:
    request = AddProduct("tractor-works", "bread", "Bread", "kg")
    federation.act(lambda store: add_product(store, request, actor=region.ana))


@pytest.mark.usefixtures("bread")
def test_overturned_demand_targets_are_withdrawn(
    region: Region, steps: Steps, federation: Federation, tmp_path: Path
) -> None:
    motion = demand_decided(federation, steps, region, 1_000)
    assert demand_of(federation) == [(motion.id, 1_000)]
    [withdrawn] = overturned(federation, steps, region, motion)
    assert (withdrawn.kind, withdrawn.payload) == (
        "demand.withdrawn",
        {
            "motion": motion.id,
            "referendum": withdrawn.payload["referendum"],
            "council": region.regional.id,
            "period": "2028",
        },
    )
    assert demand_of(federation) == []
    assert overturn_in_words(steps, motion) == [
        "The demand targets of Northern Regional Council for 2028 are withdrawn."
    ]
    federation.replays_the_same(tmp_path)


@pytest.mark.usefixtures("bread")
def test_a_referendum_that_fails_leaves_the_demand_targets(
    region: Region, steps: Steps, federation: Federation
) -> None:
    motion = demand_decided(federation, steps, region, 1_000)
    assert upheld(federation, steps, region, motion) == []
    assert demand_of(federation) == [(motion.id, 1_000)]


@pytest.mark.usefixtures("bread")
def test_demand_targets_a_later_decision_replaced_are_left_saying_why(
    region: Region, steps: Steps, federation: Federation
) -> None:
    first = demand_decided(federation, steps, region, 1_000)
    later = demand_decided(federation, steps, region, 2_000)
    [left] = overturned(federation, steps, region, first)
    assert (left.kind, left.payload["effect"], left.payload["reason"]) == (
        "overturn.left",
        "set_demand",
        f"its targets for 2028 were replaced by a later decision (motion {later.id}), which stands",
    )
    assert demand_of(federation) == [(later.id, 2_000)]


def test_a_plan_whose_period_closed_is_left_saying_why(
    sqlite_federation: Federation, clock: Clock
) -> None:
    """The plan of the last round is adopted, a workplace returns its part and the period
    closes at its limit: nothing of it can change any more."""
    federation, steps = sqlite_federation, Steps(sqlite_federation, clock)
    plan = build_planning(federation, bread=30_000)
    books, period = plan.books, plan.period.id
    for _ in range(2):
        federation.act(lambda store: publish_round(store, PublishRound(period), actor=books.ana))
        vote_down_the_plan(federation, clock, plan)
    balance_and_adopt(federation, clock, plan)
    with federation.sovet.db.reading() as store:
        [motion] = store.motions_in(plan.joint.id, ("passed",))
    answer_part(federation, clock, plan, books.pavel, accept=False)
    [left] = plan_referendum(federation, steps, plan, motion, "yes")
    assert (left.kind, left.payload["effect"], left.payload["reason"]) == (
        "overturn.left",
        "adopt_plan",
        "the planning period 2028 is closed: a workplace returned its part at the round "
        "limit, so the plan was no longer adopted; it may be opened anew",
    )


def test_an_overturned_recall_reinstates_nobody_and_says_why(
    federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(federation)
    recall = carry_recall(
        federation,
        clock,
        fed.congress_seat,
        petitioner=fed.gleb,
        signers=(),
        voters=(fed.gleb, fed.boris),
    )
    signers = (fed.ana,)
    ballots = {fed.ana: "yes", fed.lev: "yes", fed.dasha: "yes", fed.vera: "no"}
    closed, left = referendum(federation, Steps(federation, clock), recall, signers, ballots)
    assert closed.payload["overturns"] == recall.id
    assert (left.kind, left.payload["effect"]) == ("overturn.left", "recall")
    assert "no decision reinstates a recalled delegate" in left.payload["reason"]
    [said] = overturn_in_words(Steps(federation, clock), recall)
    assert said.startswith("Not undone: a recall is never undone")
    assert "_" not in said
    with federation.sovet.db.reading() as store:
        ended = store.mandate(fed.congress_seat.id)
    assert ended is not None and ended.end_reason == "recalled"
