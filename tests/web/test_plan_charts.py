"""The flow matrix of a balance: each product in its own unit while there are few, else
hours of labour embodied between the largest products, the rest summed, nothing lost;
the plan ray chart, which draws the dearest of many binding constraints; and every
chart's labels, written whole."""

from __future__ import annotations

from typing import Any

import pytest

from sovet.domain.planning import Fulfilment
from sovet.web.plan_charts import (
    CHART_BOTTLENECKS,
    MATRIX_PRODUCTS,
    OTHERS,
    flow_matrix,
    fulfilment_chart,
    plan_ray_chart,
)


def _balance(products: int) -> dict[str, Any]:
    """Product ``pK`` has labour value K + 1 and is made at level 10 * K by one process;
    each product uses 0.5 of the next one and 0.25 of the one after."""
    names = [f"p{k}" for k in range(products)]
    return {
        "products": [{"product": name, "labour_value": k + 1.0} for k, name in enumerate(names)],
        "processes": [{"product": name, "level": 10.0 * k} for k, name in enumerate(names)],
        "flows": [
            {"input": names[(k + step) % products], "output": name, "quantity": quantity}
            for k, name in enumerate(names)
            for step, quantity in ((1, 0.5), (2, 0.25))
        ],
    }


def test_a_short_catalogue_is_drawn_product_by_product_in_its_own_units() -> None:
    matrix = flow_matrix(_balance(3))
    assert not matrix.in_hours
    assert matrix.products == ("p0", "p1", "p2")
    assert dict(matrix.rows)["p1"] == (0.5, 0.0, 0.25)


def test_a_long_catalogue_is_drawn_in_hours_between_its_largest_products() -> None:
    balance = _balance(40)
    matrix = flow_matrix(balance)

    assert matrix.in_hours
    largest = tuple(f"p{k}" for k in range(39, 39 - MATRIX_PRODUCTS, -1))
    assert matrix.products == (*largest, OTHERS)
    rows = dict(matrix.rows)
    where = {product: n for n, product in enumerate(matrix.products)}
    assert rows["p39"][where["p38"]] == pytest.approx(0.5 * 40)
    assert rows["p39"][where["p37"]] == pytest.approx(0.25 * 40)
    assert rows[OTHERS][where["p39"]] == pytest.approx(0.5 * 1 + 0.25 * 2)
    total = sum(f["quantity"] * (int(f["input"][1:]) + 1) for f in balance["flows"])
    assert sum(sum(values) for values in rows.values()) == pytest.approx(total)
    assert len(matrix.cells) <= len(matrix.products) ** 2


def test_the_plan_ray_chart_draws_the_dearest_of_many_binding_constraints() -> None:
    binding = [{"process": f"w/q{k}", "shadow_price": float(k % 7 + k)} for k in range(30)]
    chart = plan_ray_chart({"scale": 0.8, "bottlenecks": binding})
    dearest = sorted(binding, key=lambda b: -b["shadow_price"])[:CHART_BOTTLENECKS]
    assert [bar.label for bar in chart.bars] == ["plan ray", *(b["process"] for b in dearest)]
    assert chart.bars[1].second == 1.0


LONG = "central-tractor-plant/final-assembly-line-number-two"


def test_a_long_process_or_product_code_is_charted_whole() -> None:
    ray = plan_ray_chart({"scale": 0.8, "bottlenecks": [{"process": LONG, "shadow_price": 1.0}]})
    assert [bar.label for bar in ray.bars] == ["plan ray", LONG]
    product = "high-pressure-hydraulic-cylinders"
    fulfilled = fulfilment_chart([Fulfilment(1, product, "pieces", 10.0, 4.0)])
    assert [bar.label for bar in fulfilled.bars] == [product]
