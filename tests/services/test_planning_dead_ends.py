"""No planning period ends where no plan can come of it: a plan voted down is revised in a
further round, a period whose rounds are spent is opened anew, and a target of zero for
a product nobody makes stops no round."""

from __future__ import annotations

import json

from sovet.domain.books import Target
from sovet.domain.errors import Conflict
from sovet.domain.planning import PlanningPeriod
from sovet.services.add_product import AddProduct, add_product
from sovet.services.answer_plan_part import AnswerPart, answer_plan_part
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import PublishRound, publish_round

from .federation import Clock, Federation
from .planning import (
    AGENDA_DAYS,
    Planning,
    ask_for_bread,
    balance_and_adopt,
    build_planning,
    pass_motion,
    vote_down_the_plan,
)


def publish(federation: Federation, plan: Planning) -> None:
    period = plan.period.id
    federation.act(lambda store: publish_round(store, PublishRound(period), actor=plan.books.ana))


def period_now(federation: Federation, plan: Planning) -> PlanningPeriod:
    with federation.sovet.db.reading() as store:
        found = store.planning_period(plan.period.id)
    assert found is not None
    return found


def test_a_plan_voted_down_is_revised_in_a_further_round(
    sqlite_federation: Federation, clock: Clock
) -> None:
    plan = build_planning(sqlite_federation, bread=30_000)
    publish(sqlite_federation, plan)
    vote_down_the_plan(sqlite_federation, clock, plan)

    revised = FilePlanProposal(plan.period.id, "bakery")
    sqlite_federation.act(lambda store: file_plan_proposal(store, revised, actor=plan.books.pavel))
    publish(sqlite_federation, plan)
    assert period_now(sqlite_federation, plan).rounds == 2


def test_no_round_is_published_while_the_balanced_plan_is_voted_on(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation, bread=30_000)
    publish(sqlite_federation, plan)
    period, ana = plan.period.id, plan.books.ana
    sqlite_federation.act(lambda store: propose_plan(store, ProposePlan(period), actor=ana))
    sqlite_federation.refused(
        Conflict,
        lambda store: publish_round(store, PublishRound(period), actor=ana),
        "round 2: the planning period 2028 is not open (its balanced plan is being voted on)",
    )


def test_a_period_spent_at_its_round_limit_is_opened_anew_under_its_name(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation, bread=80_000)
    ana = plan.books.ana
    again = OpenPlanningPeriod("joint", "2028", proposal_days=0)
    sqlite_federation.refused(
        Conflict,
        lambda store: open_planning_period(store, again, actor=ana),
        "has already opened the planning period 2028 (it is open)",
    )
    for _ in range(3):
        publish(sqlite_federation, plan)
    assert period_now(sqlite_federation, plan).state == "closed"

    anew = sqlite_federation.act(lambda store: open_planning_period(store, again, actor=ana))
    assert (anew.name, anew.state, anew.rounds) == ("2028", "open", 0)
    assert anew.id != plan.period.id


def test_an_answer_left_behind_by_a_return_lapses_saying_the_plan_went_back(
    sqlite_federation: Federation, clock: Clock
) -> None:
    plan = build_planning(sqlite_federation, bread=30_000)
    books, period = plan.books, plan.period.id
    balance_and_adopt(sqlite_federation, clock, plan)
    accepting = sqlite_federation.act(
        lambda store: answer_plan_part(store, AnswerPart(period, "pit", True), actor=books.vera)
    )
    returning = sqlite_federation.act(
        lambda store: answer_plan_part(
            store, AnswerPart(period, "bakery", False), actor=books.pavel
        )
    )
    pass_motion(sqlite_federation, clock, returning.id, (books.pavel,), wait=AGENDA_DAYS)
    pass_motion(sqlite_federation, clock, accepting.id, (books.vera,), wait=0)

    closed = [
        json.loads(body)["payload"]
        for body in sqlite_federation.sovet.db.bodies()
        if json.loads(body)["kind"] == "vote.closed"
    ]
    assert closed[-1]["decision"]["lapsed"] == (
        "the plan for 2028 is no longer adopted: a workplace returned its part first"
    )


def test_a_target_of_zero_asks_for_nothing_and_needs_no_proposal_to_make_it(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation)
    books = plan.books
    milk = AddProduct("joint", "milk", "Milk", "l")
    sqlite_federation.act(lambda store: add_product(store, milk, actor=books.ana))
    asked = FilePlanTarget(
        plan.period.id,
        "consumers",
        (Target("bread", 30_000, "kg", "consumption"), Target("milk", 0, "l", "consumption")),
    )
    sqlite_federation.act(lambda store: file_plan_target(store, asked, actor=books.olga))
    publish(sqlite_federation, plan)
    assert period_now(sqlite_federation, plan).state == "balanced"


def accept_pit_then_return_bakery(federation: Federation, clock: Clock, plan: Planning) -> int:
    """The pit accepts its part of the adopted plan, then the bakery returns its own:
    the period takes a further round. The pit's accepting motion."""
    books, period = plan.books, plan.period.id
    accepting = federation.act(
        lambda store: answer_plan_part(store, AnswerPart(period, "pit", True), actor=books.vera)
    )
    returning = federation.act(
        lambda store: answer_plan_part(
            store, AnswerPart(period, "bakery", False), actor=books.pavel
        )
    )
    pass_motion(federation, clock, accepting.id, (books.vera,), wait=AGENDA_DAYS)
    pass_motion(federation, clock, returning.id, (books.pavel,), wait=0)
    assert period_now(federation, plan).state == "open"
    return accepting.id


def parts_now(federation: Federation, plan: Planning) -> dict[str, tuple[str, int | None]]:
    with federation.sovet.db.reading() as store:
        slugs = {council.id: council.slug for council in store.councils()}
        parts = store.plan_parts(plan.period.id)
    return {slugs[part.council_id]: (part.state, part.motion_id) for part in parts}


def test_a_part_accepted_before_stays_accepted_when_the_next_plan_leaves_it_the_same(
    sqlite_federation: Federation, clock: Clock
) -> None:
    plan = build_planning(sqlite_federation, bread=30_000)
    balance_and_adopt(sqlite_federation, clock, plan)
    accepting = accept_pit_then_return_bakery(sqlite_federation, clock, plan)

    adopted = balance_and_adopt(sqlite_federation, clock, plan)

    assert adopted.number == 2
    assert parts_now(sqlite_federation, plan) == {
        "pit": ("accepted", accepting),
        "bakery": ("sent", None),
        "steelworks": ("sent", None),
    }


def test_a_part_that_changed_is_sent_again_though_accepted_before(
    sqlite_federation: Federation, clock: Clock
) -> None:
    plan = build_planning(sqlite_federation, bread=30_000)
    balance_and_adopt(sqlite_federation, clock, plan)
    accept_pit_then_return_bakery(sqlite_federation, clock, plan)
    ask_for_bread(sqlite_federation, plan, 20_000)

    balance_and_adopt(sqlite_federation, clock, plan)

    assert {slug: state for slug, (state, _) in parts_now(sqlite_federation, plan).items()} == {
        "pit": "sent",
        "bakery": "sent",
        "steelworks": "sent",
    }
