"""Each refusal of planning names the problem and leaves the record as it was: an unknown
product in a proposal, targets that cannot be met at all, a workplace's part answered by
another council or by a stranger, the operator, a round after the limit."""

from __future__ import annotations

from sovet.domain.books import Process, Quantity, Target
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.planning import InfeasibleTargets
from sovet.services.answer_plan_part import AnswerPart, answer_plan_part
from sovet.services.authority import OPERATOR
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.publish_round import PublishRound, publish_round

from .federation import Federation
from .planning import build_planning


def _oven(capacity: float, *inputs: Quantity) -> Process:
    return Process("oven", "bread", "kg", labour=0.2, capacity=capacity, inputs=inputs)


def test_a_proposal_naming_an_unknown_product_is_refused(sqlite_federation: Federation) -> None:
    plan = build_planning(sqlite_federation, propose=False)
    proposal = FilePlanProposal(plan.period.id, "bakery", (_oven(100, Quantity("rye", 0.7, "kg")),))
    sqlite_federation.refused(
        NotFound,
        lambda store: file_plan_proposal(store, proposal, actor=plan.books.pavel),
        "unknown product 'rye'",
    )


def test_targets_that_cannot_be_met_at_all_are_refused_naming_the_binding_constraint(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation)
    books, period = plan.books, plan.period
    shut = FilePlanProposal(period.id, "bakery", (_oven(0),))
    sqlite_federation.act(lambda store: file_plan_proposal(store, shut, actor=books.pavel))
    asked = FilePlanTarget(period.id, "consumers", (Target("bread", 100, "kg", "consumption"),))
    sqlite_federation.act(lambda store: file_plan_target(store, asked, actor=books.olga))
    sqlite_federation.refused(
        InfeasibleTargets,
        lambda store: publish_round(store, PublishRound(period.id), actor=books.ana),
        "cannot be met at all",
        "'bakery/oven'",
    )


def test_targets_are_filed_only_where_the_charter_lets_members_keep_the_books(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation)
    books, period = plan.books, plan.period
    tenants = sqlite_federation.found_base(
        books.olga,
        "tenants",
        "Tenants' Council",
        {"proposes_demand": ["consumption"], "member_powers": []},
    )
    asked = FilePlanTarget(period.id, tenants.slug, (Target("bread", 10, "kg", "consumption"),))
    sqlite_federation.refused(
        Forbidden,
        lambda store: file_plan_target(store, asked, actor=books.olga),
        "the charter of Tenants' Council does not give its members the power to keep the books",
        "move its demand as a motion",
    )


def test_no_other_council_nor_a_stranger_can_answer_a_workplaces_part(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation)
    books, period = plan.books, plan.period
    by_planners = AnswerPart(period.id, "joint", accept=True)
    sqlite_federation.refused(
        Invalid,
        lambda store: answer_plan_part(store, by_planners, actor=books.ana),
        "only workplace councils",
    )
    for_bakery = AnswerPart(period.id, "bakery", accept=True)
    sqlite_federation.refused(
        Forbidden,
        lambda store: answer_plan_part(store, for_bakery, actor=books.vera),
        "not a member of Bakery No. 1",
    )
    resolution = FileMotion(
        council="joint",
        title="Accept the bakery's part for it",
        text="The joint council marks the bakery's part accepted.",
        matter="planning",
        effects=({"kind": "answer_plan_part", "period": period.id, "accept": True},),
    )
    sqlite_federation.refused(
        Invalid,
        lambda store: file_motion(store, resolution, actor=books.ana),
        "answer_plan_part belongs in a plan_part motion",
    )
    sqlite_federation.refused(
        NotFound,
        lambda store: answer_plan_part(store, for_bakery, actor=books.pavel),
        "has no part in an adopted plan",
    )


def test_the_operator_and_councils_without_the_planning_competence_open_no_period(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation, propose=False)
    sqlite_federation.refused(
        Forbidden,
        lambda store: open_planning_period(
            store, OpenPlanningPeriod("joint", "2029"), actor=OPERATOR
        ),
        "operator has no governance powers",
    )
    sqlite_federation.refused(
        Forbidden,
        lambda store: open_planning_period(
            store, OpenPlanningPeriod("steelworks", "2029"), actor=plan.books.ana
        ),
        "does not decide planning:",
    )


def test_no_round_is_published_after_the_charters_round_limit(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation, bread=80_000)
    books, period = plan.books, plan.period
    for _ in range(3):
        sqlite_federation.act(
            lambda store: publish_round(store, PublishRound(period.id), actor=books.ana)
        )
    sqlite_federation.refused(
        Conflict,
        lambda store: publish_round(store, PublishRound(period.id), actor=books.ana),
        "round 4",
        "round limit of 3 was reached",
    )
