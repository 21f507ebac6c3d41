"""Once the plan ray reaches one, the published plan meets the targets with the least
labour: each workplace's part, the inputs it uses and its hours are those of the
least-labour plan, while the plan ray, its prices and bottlenecks are the engine's."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.optimize import linprog

from sovet.domain.planning import _nums, balance_of, carried_plan, parts_of
from sovet.planning import Economy, PlanRay, Process, Product, plan_ray

BREAD = {"bread": 30_000.0}
COUNCILS = {"steelworks": 1, "pit": 2, "bakery-1": 3, "bakery-2": 4}


def bakeries(*, steel_capacity: float = 100.0) -> Economy:
    """Bakery 1 bakes at 0.2 h/kg (up to 50,000 kg), Bakery 2 at 0.5 h/kg (up to 100,000
    kg, with less coal and no steel)."""
    return Economy.from_books(
        [Product("steel", "t"), Product("coal", "t"), Product("bread", "kg")],
        [
            Process(
                "blast",
                "steel",
                "steelworks",
                labour=2,
                inputs={"coal": 0.5},
                capacity=steel_capacity,
            ),
            Process("shaft", "coal", "pit", labour=1, inputs={"steel": 0.05}, capacity=1000),
            Process(
                "oven",
                "bread",
                "bakery-1",
                labour=0.2,
                inputs={"coal": 0.01, "steel": 0.001},
                capacity=50_000,
            ),
            Process(
                "oven-2", "bread", "bakery-2", labour=0.5, inputs={"coal": 0.01}, capacity=100_000
            ),
        ],
    )


def least_labour(economy: Economy, targets: dict[str, float]) -> Any:
    found = linprog(
        economy.labour,
        A_ub=-economy.net_output.toarray(),
        b_ub=-economy.targets(targets),
        bounds=list(zip(np.zeros(economy.n_processes), economy.capacity, strict=True)),
        method="highs",
    )
    assert found.status == 0, found.message
    return found


def levels(balance: dict[str, Any]) -> dict[str, float]:
    return {item["process"]: item["level"] for item in balance["processes"]}


def assert_the_ray_as_the_engine_found_it(balance: dict[str, Any], ray: PlanRay) -> None:
    assert balance["scale"] == _nums([ray.scale])[0]
    assert balance["solver"] == ray.solver
    assert [p["price"] for p in balance["products"]] == _nums(ray.prices)
    assert [b["process"] for b in balance["bottlenecks"]] == [b.process for b in ray.bottlenecks]


def test_the_cheaper_bakery_bakes_the_bread_once_the_targets_can_be_met() -> None:
    economy = bakeries()
    ray = plan_ray(economy, BREAD)
    assert ray.scale == pytest.approx(3.25)

    balance = balance_of(economy, ray, councils=COUNCILS, tolerance=0.0)

    assert levels(balance)["oven"] == pytest.approx(30_000.0, rel=1e-12)
    assert levels(balance)["oven-2"] == 0.0
    best = least_labour(economy, BREAD)
    assert balance["labour_used"] == pytest.approx(best.fun, rel=1e-9)
    assert balance["balanced"]
    bread = {p["product"]: p for p in balance["products"]}["bread"]
    assert bread["net_output"] == pytest.approx(30_000.0, rel=1e-12)
    assert bread["shortfall"] == 0.0
    parts = {part["council"]: part for part in parts_of(balance)}
    assert parts[3]["outputs"] == [{"product": "bread", "quantity": 30_000.0, "unit": "kg"}]
    assert parts[3]["labour"] == pytest.approx(6_000.0, rel=1e-12)
    assert parts[4]["labour"] == 0.0
    assert {item["product"]: item["quantity"] for item in parts[3]["inputs"]} == pytest.approx(
        {"coal": 300.0, "steel": 30.0}, rel=1e-12
    )
    assert_the_ray_as_the_engine_found_it(balance, ray)


def test_where_the_cheaper_bakery_is_held_back_by_steel_both_bake_at_least_labour() -> None:
    economy = bakeries(steel_capacity=40.0)
    ray = plan_ray(economy, BREAD)

    balance = balance_of(economy, ray, councils=COUNCILS, tolerance=0.0)

    assert levels(balance)["oven"] == pytest.approx(24_000.0, rel=1e-9)
    assert levels(balance)["oven-2"] == pytest.approx(6_000.0, rel=1e-9)
    assert balance["labour_used"] == pytest.approx(least_labour(economy, BREAD).fun, rel=1e-9)
    assert_the_ray_as_the_engine_found_it(balance, ray)


def test_with_no_time_for_highs_the_plan_is_the_plan_ray_scaled_down() -> None:
    economy = bakeries(steel_capacity=40.0)
    ray = plan_ray(economy, BREAD)

    balance = balance_of(economy, ray, councils=COUNCILS, tolerance=0.0, time_limit=0.0)

    assert [item["level"] for item in balance["processes"]] == _nums(ray.levels / ray.scale)
    assert balance["balanced"]


def test_below_one_the_plan_is_the_plan_ray() -> None:
    economy = bakeries()
    ray = plan_ray(economy, {"bread": 200_000.0})
    assert ray.scale < 1.0

    balance = balance_of(economy, ray, councils=COUNCILS, tolerance=0.0)

    assert [item["level"] for item in balance["processes"]] == _nums(ray.levels)
    assert not balance["balanced"]


def test_the_next_round_starts_from_the_plan_ray_not_from_the_least_labour_plan() -> None:
    economy = bakeries()
    ray = plan_ray(economy, BREAD)
    balance = balance_of(economy, ray, councils=COUNCILS, tolerance=0.0)
    assert levels(balance)["oven-2"] == 0.0 < ray.levels[3]

    carried = carried_plan(economy, balance)

    assert carried.levels == pytest.approx(ray.levels, rel=1e-12)
    assert carried.scale == pytest.approx(ray.scale, rel=1e-12)
