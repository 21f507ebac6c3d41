"""A published balance says, for each process, what it uses in the plan (input by
input, in the catalogue's order) and, for each pair of products, how much of one goes
into making the other: checked against the economy's dense matrix."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from sovet.domain.planning import balance_of
from sovet.planning import gross_output, plan_ray
from sovet.planning.synthetic import (
    random_capacities,
    random_economy,
    random_targets,
    with_capacities,
)


@pytest.mark.parametrize("seed", [1, 2])
def test_each_process_and_each_pair_of_products_shows_what_the_plan_uses(seed: int) -> None:
    economy = random_economy(60, inputs_per_process=6, alternatives=0.5, seed=seed)
    demand = random_targets(economy, seed=seed)
    levels = gross_output(economy, demand).levels
    economy = with_capacities(economy, random_capacities(economy, levels, seed=seed))
    ray = plan_ray(economy, demand)
    councils = {workplace: k for k, workplace in enumerate(sorted(set(economy.workplaces)))}

    balance = balance_of(economy, ray, councils=councils, tolerance=0.0)

    plan = np.maximum(ray.levels, 0.0) / max(ray.scale, 1.0)
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
