"""The least-labour plan: the targets met with the least labour, checked against SciPy's
linprog; the cheapest technique answers without HiGHS wherever it fits; alike processes
share their work; an answer not certified in time is the feasible plan started from."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from sovet.planning import (
    Economy,
    Process,
    Product,
    gross_output,
    labour_values,
    least_labour_plan,
    leastlabour,
    plan_ray,
)
from sovet.planning.leastlabour import LeastLabourPlan, least_labour_programme
from sovet.planning.solvers.lp import OPTIMAL, TIME_LIMIT, certify
from sovet.planning.synthetic import (
    random_capacities,
    random_economy,
    random_targets,
    with_capacities,
)

BREAD = {"bread": 30_000.0}
CATALOGUE = [Product("steel", "t"), Product("coal", "t"), Product("bread", "kg")]


def bakeries(*, steel_capacity: float = 100.0, alike: bool = False) -> Economy:
    """The audit's federation: a steelworks, a pit, Bakery 1 at 0.2 h/kg (capacity
    50,000 kg) and Bakery 2 at 0.5 h/kg (capacity 100,000 kg, less coal and no steel).
    ``alike``: a third bakery with Bakery 1's very technique and capacity."""
    oven = Process(
        "oven",
        "bread",
        "bakery-1",
        labour=0.2,
        inputs={"coal": 0.01, "steel": 0.001},
        capacity=50_000,
    )
    found = [
        Process(
            "blast", "steel", "steelworks", labour=2, inputs={"coal": 0.5}, capacity=steel_capacity
        ),
        Process("shaft", "coal", "pit", labour=1, inputs={"steel": 0.05}, capacity=1000),
        oven,
        Process("oven-2", "bread", "bakery-2", labour=0.5, inputs={"coal": 0.01}, capacity=100_000),
    ]
    if alike:
        found.append(replace(oven, code="oven-3", workplace="bakery-3"))
    return Economy.from_books(CATALOGUE, found)


def optimum(economy: Economy, targets: Any, labour: float = math.inf) -> Any:
    """SciPy's linprog (HiGHS) on the least-labour programme, dense."""
    demand = economy.targets(targets)
    rows = -economy.net_output.toarray()
    bounds = -demand
    if math.isfinite(labour):
        rows = np.vstack([rows, economy.labour])
        bounds = np.append(bounds, labour)
    found = linprog(
        economy.labour,
        A_ub=rows,
        b_ub=bounds,
        bounds=list(zip(np.zeros(economy.n_processes), economy.capacity, strict=True)),
        method="highs",
    )
    assert found.status == 0, found.message
    return found


def assert_feasible(economy: Economy, plan: LeastLabourPlan, labour: float = math.inf) -> None:
    tolerance = 1e-6 * max(1.0, float(plan.targets.max()))
    assert (plan.net_output >= plan.targets - tolerance).all()
    assert (plan.levels >= 0).all()
    assert (plan.levels <= economy.capacity * (1 + 1e-6) + tolerance).all()
    assert plan.labour_used <= labour * (1 + 1e-6)


def no_highs(*args: object, **kwargs: object) -> Any:
    raise AssertionError("HiGHS was called where the cheapest technique fits")


def test_the_cheaper_bakery_makes_the_bread_where_the_scaled_plan_ray_idles_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    economy = bakeries()
    ray = plan_ray(economy, BREAD)
    scaled = ray.levels / ray.scale
    assert ray.scale == pytest.approx(3.25)
    monkeypatch.setattr(leastlabour, "solve_highs", no_highs)

    plan = least_labour_plan(economy, BREAD, warm_start=ray)

    assert plan.success, plan.message
    assert plan.solver == "leontief"
    levels = dict(zip(economy.process_codes, plan.levels, strict=True))
    assert levels["oven"] == pytest.approx(30_000.0, rel=1e-12)
    assert levels["oven-2"] == 0.0
    best = optimum(economy, BREAD)
    assert plan.labour_used == pytest.approx(best.fun, rel=1e-9)
    assert plan.labour_used == pytest.approx(6415.384615384615, rel=1e-9)
    assert float(economy.labour @ scaled) > 2 * plan.labour_used  # the plan the audit found
    # The labour values are the dual prices: each product's price is its labour value.
    assert plan.prices == pytest.approx(labour_values(economy).values, rel=1e-12)
    assert plan.certificate.within(1e-9)


def test_where_the_cheapest_technique_does_not_fit_highs_finds_the_least_labour() -> None:
    economy = bakeries(steel_capacity=40.0)
    ray = plan_ray(economy, BREAD)
    assert ray.scale >= 1.0

    plan = least_labour_plan(economy, BREAD, warm_start=ray)

    assert plan.success, plan.message
    assert plan.solver.startswith("highs")
    best = optimum(economy, BREAD)
    assert plan.labour_used == pytest.approx(best.fun, rel=1e-9)
    assert plan.levels == pytest.approx([40.0, 320.0, 24_000.0, 6_000.0], rel=1e-9)
    assert_feasible(economy, plan)
    # The steelworks' capacity binds: one more tonne of it saves labour.
    assert plan.capacity_rents[economy.process_codes.index("blast")] > 0


def test_alike_bakeries_share_the_bread_in_proportion_to_their_capacities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    economy = bakeries(alike=True)
    monkeypatch.setattr(leastlabour, "solve_highs", no_highs)

    bread = {"bread": 60_000.0}  # more than Bakery 1 can bake alone

    plan = least_labour_plan(economy, bread)

    assert plan.success, plan.message
    levels = dict(zip(economy.process_codes, plan.levels, strict=True))
    assert levels["oven"] == pytest.approx(30_000.0, rel=1e-12)
    assert levels["oven-3"] == pytest.approx(30_000.0, rel=1e-12)
    assert levels["oven-2"] == 0.0
    assert plan.labour_used == pytest.approx(optimum(economy, bread).fun, rel=1e-9)


def test_alike_bakeries_share_the_work_highs_found_too() -> None:
    economy = bakeries(steel_capacity=40.0, alike=True)

    plan = least_labour_plan(economy, BREAD)

    assert plan.success, plan.message
    assert plan.solver.startswith("highs")
    levels = dict(zip(economy.process_codes, plan.levels, strict=True))
    assert levels["oven"] == pytest.approx(levels["oven-3"], rel=1e-9)
    assert plan.labour_used == pytest.approx(optimum(economy, BREAD).fun, rel=1e-9)


def test_the_cheapest_technique_answers_without_highs_where_it_fits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    economy = random_economy(300, inputs_per_process=5, alternatives=0.5, seed=3)
    demand = random_targets(economy, seed=3)
    levels = gross_output(economy, demand).levels
    economy = with_capacities(economy, random_capacities(economy, levels, seed=3))
    monkeypatch.setattr(leastlabour, "solve_highs", no_highs)

    plan = least_labour_plan(economy, demand, labour=2 * float(economy.labour @ levels))

    assert plan.success, plan.message
    assert plan.solver == "leontief"
    assert plan.technique is not None
    assert plan.levels == pytest.approx(levels, rel=1e-9, abs=1e-12)
    assert plan.wage == 0.0
    assert plan.capacity_rents.max() < 1e-9 * economy.labour.max()
    # The labour values certify it on the whole programme, alternatives included.
    lp = least_labour_programme(economy, demand, 2 * float(economy.labour @ levels))
    duals = np.append(labour_values(economy).values, 0.0)
    assert certify(lp, plan.levels, duals).within(1e-9)
    assert_feasible(economy, plan)


def test_a_plan_not_certified_in_time_is_the_feasible_plan_it_started_from() -> None:
    economy = bakeries(steel_capacity=40.0)
    ray = plan_ray(economy, BREAD)
    scaled = ray.levels / ray.scale

    plan = least_labour_plan(economy, BREAD, warm_start=scaled, time_limit=0)

    assert not plan.success
    assert plan.status == TIME_LIMIT
    assert "not certified" in plan.message
    assert plan.levels == pytest.approx(scaled, rel=1e-12)
    assert_feasible(economy, plan)
    # Its dual, the labour values, bounds the least labour from below.
    assert plan.certificate.dual_residual == 0.0
    assert plan.certificate.dual_objective <= optimum(economy, BREAD).fun * (1 + 1e-12)
    assert plan.certificate.gap > 1e-3


def test_highs_not_certifying_falls_back_on_the_plan_it_started_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    economy = bakeries(steel_capacity=40.0)
    ray = plan_ray(economy, BREAD)
    real = leastlabour.solve_highs

    def stopped(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        return replace(found, status=TIME_LIMIT, success=False, message="stopped")

    monkeypatch.setattr(leastlabour, "solve_highs", stopped)

    plan = least_labour_plan(economy, BREAD, warm_start=ray)

    assert not plan.success
    assert plan.status == TIME_LIMIT
    assert plan.levels == pytest.approx(ray.levels / ray.scale, rel=1e-12)
    assert "the least-labour plan was not certified (stopped)" in plan.message


def test_bad_arguments_are_named() -> None:
    economy = bakeries()
    for keywords, name in [
        ({"labour": 0.0}, "labour"),
        ({"rtol": 0.0}, "rtol"),
        ({"time_limit": -1.0}, "time_limit"),
        ({"warm_start": np.zeros(3)}, "warm_start"),
        ({"warm_start": np.full(4, np.nan)}, "warm_start"),
    ]:
        with pytest.raises(ValueError, match=f"^{name}:"):
            least_labour_plan(economy, BREAD, **keywords)
    with pytest.raises(ValueError, match=r"^targets:"):
        least_labour_plan(economy, [1.0, 2.0])


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(min_value=2, max_value=25),
    alternatives=st.sampled_from([0.5, 1.0, 2.0]),
    slack=st.floats(min_value=0.3, max_value=2.0),
    share=st.floats(min_value=0.2, max_value=1.0),
    limited=st.booleans(),
    seed=st.integers(0, 10**6),
)
def test_the_least_labour_plan_is_linprogs_optimum(
    size: int, alternatives: float, slack: float, share: float, limited: bool, seed: int
) -> None:
    """Random productive economies with choice of technique and capacities, some of which
    the cheapest technique overruns; targets a ``share`` of the most that can be made."""
    economy = random_economy(size, inputs_per_process=3, alternatives=alternatives, seed=seed)
    mix = random_targets(economy, seed=seed)
    levels = gross_output(economy, mix).levels
    capacity = random_capacities(economy, levels, slack=(slack, slack + 1.5), seed=seed)
    economy = with_capacities(economy, capacity)
    ray = plan_ray(economy, mix)
    assume(ray.success and ray.scale > 1e-3)
    demand = share * ray.scale * mix
    start = share * ray.levels
    labour = 1.5 * float(economy.labour @ start) if limited else math.inf

    plan = least_labour_plan(economy, demand, labour=labour, warm_start=start)

    assert plan.success, plan.message
    assert plan.status == OPTIMAL
    assert_feasible(economy, plan, labour)
    best = optimum(economy, demand, labour)
    assert plan.labour_used == pytest.approx(best.fun, rel=1e-7)
