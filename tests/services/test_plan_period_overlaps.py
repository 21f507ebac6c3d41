"""A plan's period and the periods within it: output recorded for a year, its quarters and
its months is counted once towards the plan's fulfilment, and demand adopted by quarter
or by month is a yearly plan's demand, with no period counted twice."""

from __future__ import annotations

import pytest

from sovet.domain.books import Quantity, Target
from sovet.domain.errors import Invalid
from sovet.domain.planning import PlanningPeriod
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.publish_round import PublishRound, publish_round, round_targets
from sovet.services.read_plan import read_period
from sovet.services.record_output import RecordOutput, record_output

from .federation import Clock, Federation
from .open_books import adopt_demand
from .planning import Planning, answer_part, ask_for_bread, balance_and_adopt, build_planning


def quarterly(federation: Federation, name: str) -> Planning:
    """The joint council's plan for the quarter ``name``, each workplace proposing."""
    plan = build_planning(federation, propose=False)
    books = plan.books
    request = OpenPlanningPeriod("joint", name, proposal_days=0)
    period = federation.act(lambda store: open_planning_period(store, request, actor=books.ana))
    for keeper, council in [
        (books.ana, books.steelworks),
        (books.vera, books.pit),
        (books.pavel, books.bakery),
    ]:
        proposal = FilePlanProposal(period.id, council.slug)
        federation.act(lambda store, p=proposal, k=keeper: file_plan_proposal(store, p, actor=k))
    return Planning(books, plan.joint, period)


def adopt_and_record(
    federation: Federation, clock: Clock, plan: Planning, recorded: list[tuple[str, float]]
) -> float:
    """The plan balances in one round, is adopted, the bakery accepts its part and records
    ``recorded`` bread by period; the bakery's bread counted towards the plan."""
    books, period = plan.books, plan.period
    balance_and_adopt(federation, clock, plan)
    answer_part(federation, clock, plan, books.pavel, accept=True)
    for name, quantity in recorded:
        made = RecordOutput("bakery", name, output=(Quantity("bread", quantity, "kg"),))
        federation.act(lambda store, r=made: record_output(store, r, actor=books.pavel))
    with federation.sovet.db.reading() as store:
        done = read_period(store, period.id)
    [bread] = [r for r in done.fulfilment if r.council_id == books.bakery.id]
    [total] = [r for r in done.totals if r.product == "bread"]
    assert total.output == bread.output
    return bread.output


def test_a_yearly_plans_output_counts_the_yearly_figure_not_its_quarters_and_months_too(
    federation: Federation, clock: Clock
) -> None:
    plan = build_planning(federation, bread=30_000)
    recorded = [("2028", 30_000.0), ("2028-Q1", 7_000.0), ("2028-01", 2_500.0)]
    assert adopt_and_record(federation, clock, plan, recorded) == 30_000


def test_without_a_yearly_figure_each_quarter_counts_its_figure_or_else_its_months(
    federation: Federation, clock: Clock
) -> None:
    plan = build_planning(federation, bread=30_000)
    recorded = [
        ("2028-Q1", 7_000.0),
        ("2028-01", 2_500.0),
        ("2028-04", 3_000.0),
        ("2028-05", 3_000.0),
        ("2029-01", 5_000.0),
    ]
    assert adopt_and_record(federation, clock, plan, recorded) == 13_000


def test_a_quarterly_plans_output_counts_the_quarters_figure_over_its_months(
    federation: Federation, clock: Clock
) -> None:
    plan = quarterly(federation, "2029-Q2")
    ask_for_bread(federation, plan, 6_000)
    recorded = [("2029-04", 3_000.0), ("2029-05", 3_000.0), ("2029-Q2", 7_500.0), ("2029", 1.0)]
    assert adopt_and_record(federation, clock, plan, recorded) == 7_500


def bread_asked(federation: Federation, period: PlanningPeriod) -> list[Target]:
    with federation.sovet.db.reading() as store:
        return round_targets(store, period)


def test_demand_adopted_by_quarter_and_month_is_a_yearly_plans_demand(
    federation: Federation, clock: Clock
) -> None:
    plan = build_planning(federation)
    books, period = plan.books, plan.period
    for name, bread in [
        ("2028-Q1", 12_000.0),
        ("2028-Q2", 13_000.0),
        ("2028-05", 99.0),
        ("2028-07", 4_000.0),
        ("2028-08", 1_000.0),
        ("2027-Q4", 777.0),
    ]:
        adopt_demand(federation, clock, books, name, bread=bread)
    assert bread_asked(federation, period) == [Target("bread", 30_000, "kg", "consumption")]
    first = federation.act(
        lambda store: publish_round(store, PublishRound(period.id), actor=books.ana)
    )
    assert first.balanced
    assert first.scale == pytest.approx(50_000 / 30_000)


def test_demand_adopted_for_the_plans_own_period_wins_over_its_quarters(
    federation: Federation, clock: Clock
) -> None:
    plan = build_planning(federation)
    for name, bread in [("2028-Q1", 12_000.0), ("2028", 20_000.0), ("2028-02", 5.0)]:
        adopt_demand(federation, clock, plan.books, name, bread=bread)
    assert bread_asked(federation, plan.period) == [Target("bread", 20_000, "kg", "consumption")]


def test_a_round_with_demand_only_outside_its_period_is_refused_saying_what_is_counted(
    federation: Federation, clock: Clock
) -> None:
    plan = build_planning(federation)
    books, period = plan.books, plan.period
    adopt_demand(federation, clock, books, "2027-Q4", bread=10_000)
    adopt_demand(federation, clock, books, "2029", bread=10_000)
    with pytest.raises(Invalid, match="adopted for it or for its quarters or months"):
        federation.act(lambda store: publish_round(store, PublishRound(period.id), actor=books.ana))
