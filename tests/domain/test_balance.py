"""A published balance says, for each process, what it uses in the plan (input by
input, in the catalogue's order) and, for each pair of products, how much of one goes
into making the other: checked against the economy's dense matrix."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sovet.domain.planning import _num, _nums, balance_of
from sovet.planning import Economy, PlanRay, gross_output, least_labour_plan, plan_ray
from sovet.planning.synthetic import (
    random_capacities,
    random_economy,
    random_targets,
    with_capacities,
)

Councils = dict[str, int]


def planned(size: int, *, alternatives: float, seed: int) -> tuple[Economy, PlanRay, Councils]:
    """A random economy with capacities, its plan ray, and a council for each workplace."""
    economy = random_economy(size, inputs_per_process=6, alternatives=alternatives, seed=seed)
    demand = random_targets(economy, seed=seed)
    levels = gross_output(economy, demand).levels
    economy = with_capacities(economy, random_capacities(economy, levels, seed=seed))
    councils = {workplace: k for k, workplace in enumerate(sorted(set(economy.workplaces)))}
    return economy, plan_ray(economy, demand), councils


@pytest.mark.parametrize("seed", [1, 2])
def test_each_process_and_each_pair_of_products_shows_what_the_plan_uses(seed: int) -> None:
    economy, ray, councils = planned(60, alternatives=0.5, seed=seed)
    assert ray.scale > 1.0  # the plan is the least-labour plan, not the ray scaled down

    balance = balance_of(economy, ray, councils=councils, tolerance=0.0)

    plan = least_labour_plan(economy, ray.targets).levels
    used = economy.inputs.toarray() * plan
    products, units = economy.products, economy.units
    flows: dict[tuple[str, str], float] = defaultdict(float)
    for j, process in enumerate(balance["processes"]):
        rows = [i for i in range(economy.n_products) if used[i, j] > 0]
        assert [item["product"] for item in process["inputs"]] == [products[i] for i in rows]
        assert [item["unit"] for item in process["inputs"]] == [units[i] for i in rows]
        assert [item["quantity"] for item in process["inputs"]] == pytest.approx(
            [used[i, j] for i in rows], rel=1e-11
        )
        for i in rows:
            flows[products[i], products[int(economy.makes[j])]] += used[i, j]
    assert any(not process["inputs"] for process in balance["processes"])
    assert [(f["input"], f["output"]) for f in balance["flows"]] == sorted(flows)
    assert [f["quantity"] for f in balance["flows"]] == pytest.approx(
        [flows[pair] for pair in sorted(flows)], rel=1e-11
    )


def _bits(figures: list[float]) -> list[int]:
    return np.array(figures, dtype=np.float64).view(np.int64).tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=20))
def test_figures_rounded_together_are_bit_for_bit_those_rounded_one_by_one(
    figures: list[float],
) -> None:
    assert _bits(_nums(figures)) == _bits([_num(figure) for figure in figures])


def test_figures_of_every_size_round_together_as_one_by_one() -> None:
    rng = np.random.default_rng(5)
    figures = np.concatenate(
        [
            rng.uniform(-1, 1, 50_000) * 10.0 ** rng.integers(-30, 30, 50_000),
            rng.random(50_000) * 1000,
            # ties and near-ties of the twelfth digit, powers of ten, and their edges
            [123456789012.5, 1234567890125e-3, 9.9999999999995, 9.99999999999949, 1e22, 1e23],
            [1e-22, 1e-23, 5e-324, 1.7976931348623157e308, -0.0, 0.0, 0.1, 1 / 3],
        ]
    )
    assert _bits(_nums(figures)) == _bits([_num(figure) for figure in figures])


def test_a_balance_publishes_each_figure_rounded_to_twelve_digits() -> None:
    economy, ray, councils = planned(80, alternatives=0.3, seed=4)

    balance = balance_of(economy, ray, councils=councils, tolerance=0.0)

    plan = least_labour_plan(economy, ray.targets).levels
    net = economy.net_output @ plan
    processes, products = balance["processes"], balance["products"]
    assert [p["level"] for p in processes] == [_num(level) for level in plan]
    assert [p["capacity"] for p in processes] == [_num(c) for c in economy.capacity]
    assert [p["net_output"] for p in products] == [_num(value) for value in net]
    assert [p["price"] for p in products] == [_num(price) for price in ray.prices]
    for item, target, made in zip(products, ray.targets, net, strict=True):
        short = target - made
        assert item["shortfall"] == (
            _num(short) if short > 1e-9 * max(1, abs(target), abs(made)) else 0
        )
        assert item["surplus"] == (
            _num(-short) if -short > 1e-9 * max(1, abs(target), abs(made)) else 0
        )


def _uncertified(ray: PlanRay, primal_residual: float) -> PlanRay:
    return replace(
        ray,
        success=False,
        message="stopped at the time or iteration limit before reaching the tolerance",
        certificate=replace(ray.certificate, primal_residual=primal_residual),
    )


def test_a_plan_the_engine_did_not_certify_balances_only_where_it_holds_to_its_accuracy() -> None:
    economy, ray, councils = planned(40, alternatives=0.3, seed=7)
    assert ray.success and ray.scale > 1.0

    def balanced(shown: PlanRay) -> bool:
        return bool(balance_of(economy, shown, councils=councils, tolerance=0.0)["balanced"])

    assert balanced(ray)
    assert balanced(_uncertified(ray, primal_residual=1e-9))
    assert not balanced(_uncertified(ray, primal_residual=1e-3))
