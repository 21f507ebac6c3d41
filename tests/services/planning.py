"""A planning period over the open-books federation: the steelworks, the pit and the
bakery propose; the consumers' council asks for bread; the joint economic council (seated
by the steelworks, Ana, and the pit, Vera) holds the planning competence."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.books import Target
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.domain.planning import PlanningPeriod, Round
from sovet.services.answer_plan_part import AnswerPart, answer_plan_part
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import PublishRound, publish_round

from .federation import Clock, Federation
from .open_books import Books, build_books, record_processes

AGENDA_DAYS = 14
VOTING_DAYS = 7
JOINT_CHARTER = {
    "decides": ["coordination", "delegation", "planning"],
    "agenda_period_days": 0,
    "planning_round_limit": 3,
    "planning_minutes": 5,
}


@dataclass(frozen=True)
class Planning:
    books: Books
    joint: Council
    period: PlanningPeriod


def build_planning(
    federation: Federation, *, propose: bool = True, bread: float | None = None
) -> Planning:
    """The books, the joint economic council, a period for 2028 whose proposals are due at
    once, (if ``propose``) each workplace's proposal from its books, and (if ``bread``)
    the consumers' target of that many kilograms of bread."""
    books = build_books(federation)
    record_processes(federation, books)
    joint = federation.found_delegate(
        books.ana, "joint", "Joint Economic Council", books.steelworks, charter=JOINT_CHARTER
    )
    federation.join(books.vera, joint, books.pit)
    federation.elect(joint, books.steelworks, books.ana)
    federation.elect(joint, books.pit, books.vera)
    request = OpenPlanningPeriod("joint", "2028", proposal_days=0)
    period = federation.act(lambda store: open_planning_period(store, request, actor=books.ana))
    if propose:
        for keeper, council in [
            (books.ana, books.steelworks),
            (books.vera, books.pit),
            (books.pavel, books.bakery),
        ]:
            proposal = FilePlanProposal(period.id, council.slug)
            federation.act(
                lambda store, p=proposal, k=keeper: file_plan_proposal(store, p, actor=k)
            )
    plan = Planning(books, joint, period)
    if bread is not None:
        ask_for_bread(federation, plan, bread)
    return plan


def ask_for_bread(federation: Federation, plan: Planning, kilograms: float) -> None:
    """The consumers' council files its target for the period: ``kilograms`` of bread."""
    asked = FilePlanTarget(
        plan.period.id, "consumers", (Target("bread", kilograms, "kg", "consumption"),)
    )
    federation.act(lambda store: file_plan_target(store, asked, actor=plan.books.olga))


def pass_motion(
    federation: Federation, clock: Clock, motion: int, voters: tuple[Member, ...], *, wait: int
) -> None:
    """Wait ``wait`` days for the agenda, open the vote, all ``voters`` say yes, close it."""
    clock.advance(days=wait)
    [vote] = federation.act(lambda store: open_vote(store, OpenVote(motion), actor=voters[0]))
    for voter in voters:
        federation.act(lambda store, v=voter: cast_vote(store, CastVote(vote.id, "yes"), actor=v))
    clock.advance(days=VOTING_DAYS)
    federation.act(lambda store: close_vote(store, CloseVote(vote.id), actor=voters[0]))


def vote_down_the_plan(federation: Federation, clock: Clock, plan: Planning) -> None:
    """A delegate moves the balanced plan, and both delegates vote against it."""
    books, period = plan.books, plan.period.id
    motion = federation.act(lambda store: propose_plan(store, ProposePlan(period), actor=books.ana))
    [vote] = federation.act(lambda store: open_vote(store, OpenVote(motion.id), actor=books.ana))
    for delegate in (books.ana, books.vera):
        federation.act(lambda store, d=delegate: cast_vote(store, CastVote(vote.id, "no"), actor=d))
    clock.advance(days=VOTING_DAYS)
    federation.act(lambda store: close_vote(store, CloseVote(vote.id), actor=books.ana))


def balance_and_adopt(federation: Federation, clock: Clock, plan: Planning) -> Round:
    """Ana publishes a round that balances; Vera moves its plan; both delegates pass it."""
    books, period = plan.books, plan.period.id
    balanced = federation.act(
        lambda store: publish_round(store, PublishRound(period), actor=books.ana)
    )
    assert balanced.balanced
    motion = federation.act(
        lambda store: propose_plan(store, ProposePlan(period), actor=books.vera)
    )
    pass_motion(federation, clock, motion.id, (books.ana, books.vera), wait=0)
    return balanced


def answer_part(
    federation: Federation, clock: Clock, plan: Planning, keeper: Member, *, accept: bool
) -> Motion:
    """The bakery's ``keeper`` moves to accept (or return) its part, and passes it alone."""
    request = AnswerPart(plan.period.id, "bakery", accept=accept)
    answered = federation.act(lambda store: answer_plan_part(store, request, actor=keeper))
    pass_motion(federation, clock, answered.id, (keeper,), wait=AGENDA_DAYS)
    return answered
