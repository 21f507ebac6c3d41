"""A planning period over the seeded federation: the bakery (Anna, Boris) bakes bread,
and the joint economic council, where the bakery has elected Anna, holds the planning
competence and asks for bread."""

from __future__ import annotations

from conftest import Clock, delegates_elected_on
from sovet.bootstrap import Sovet
from sovet.domain.books import Target
from sovet.domain.planning import PlanningPeriod
from sovet.services.add_product import AddProduct, add_product
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import PublishRound, publish_round
from sovet.services.record_process import RecordProcess, record_process

from .federation import Federation

VOTING_DAYS = 7
JOINT_CHARTER = {
    "decides": ["planning"],
    "proposes_demand": ["consumption"],
    "agenda_period_days": 0,
    "max_concurrent_mandates": 5,
}


def open_period(sovet: Sovet, federation: Federation) -> PlanningPeriod:
    """The bakery's oven in its books, the joint council, the bakery's election of Anna
    to it, and a period for 2028."""
    anna, boris = federation.members["anna"], federation.members["boris"]
    with sovet.db.transaction() as store:
        add_product(store, AddProduct("bakery", "bread", "Rye bread", "kg"), actor=anna)
        record_process(
            store, RecordProcess("bakery", "oven", "bread", "kg", 0.2, 500.0), actor=anna
        )
        found_delegate_council(
            store,
            FoundDelegateCouncil(
                "joint", "Joint Economic Council", "bakery", charter=JOINT_CHARTER
            ),
            actor=anna,
        )
    delegates_elected_on(federation.clock)(sovet, "joint", "bakery", [anna], [anna, boris])
    with sovet.db.transaction() as store:
        return open_planning_period(
            store, OpenPlanningPeriod("joint", "2028", proposal_days=0), actor=anna
        )


def publish(sovet: Sovet, federation: Federation, period: PlanningPeriod, bread: float) -> None:
    """The joint council asks for ``bread`` kg and publishes the next round."""
    anna = federation.members["anna"]
    with sovet.db.transaction() as store:
        asked = (Target("bread", bread, "kg", "consumption"),)
        file_plan_target(store, FilePlanTarget(period.id, "joint", asked), actor=anna)
        publish_round(store, PublishRound(period.id), actor=anna)


def propose(sovet: Sovet, federation: Federation, period: PlanningPeriod) -> None:
    with sovet.db.transaction() as store:
        file_plan_proposal(
            store, FilePlanProposal(period.id, "bakery"), actor=federation.members["anna"]
        )


def adopt(sovet: Sovet, federation: Federation, period: int, clock: Clock) -> None:
    """The joint council moves the balanced plan and Anna, its one delegate, passes it."""
    anna = federation.members["anna"]
    with sovet.db.transaction() as store:
        motion = propose_plan(store, ProposePlan(period), actor=anna)
        [vote] = open_vote(store, OpenVote(motion.id), actor=anna)
        cast_vote(store, CastVote(vote.id, "yes"), actor=anna)
    clock.advance(days=VOTING_DAYS)
    with sovet.db.transaction() as store:
        close_vote(store, CloseVote(vote.id), actor=anna)
