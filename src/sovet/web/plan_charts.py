"""Planning charts laid out for drawing: pure layout from the published balances.

- the plan ray against the target mix, with the binding constraints by shadow price;
- the rounds' convergence: each round's plan ray and total shortfall;
- a workplace's output targets against its recorded output;
- the flows between sectors as a matrix (a heat map: each input's row shaded by share),
  in hours of labour between the largest products where the catalogue is long.

The templates draw the SVG, and a table beside each gives the same figures. Every label
is written whole, where a phone's narrow screen has room for it: a bar's label in words
above its bars, wrapped to the screen (``web/bar_chart.py``); the matrix's products
numbered on its axes, by name in a key below it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sovet.domain.planning import Fulfilment, Round
from sovet.web.bar_chart import BarChart, bar_chart

CELL = 24
MATRIX_LABEL = 28


CHART_BOTTLENECKS = 12
"""The most binding constraints the plan ray's chart draws: the dearest."""


def plan_ray_chart(balance: Mapping[str, Any]) -> BarChart:
    """The plan ray (dark) against the full target mix (light, one), then each binding
    constraint's shadow price (dark) scaled to the dearest; where more than
    ``CHART_BOTTLENECKS`` bind, the dearest of them."""
    rows: list[tuple[str, float, float, str]] = [("plan ray", 1.0, balance["scale"], "")]
    binding = balance["bottlenecks"]
    if len(binding) > CHART_BOTTLENECKS:
        binding = sorted(binding, key=lambda b: -b["shadow_price"])[:CHART_BOTTLENECKS]
    dearest = max([b["shadow_price"] for b in binding] or [1.0]) or 1.0
    rows += [(b["process"], 0.0, b["shadow_price"] / dearest, "") for b in binding]
    return bar_chart(rows, mark=1.0)


def convergence_chart(rounds: Sequence[Round]) -> BarChart:
    """Each round's total shortfall as a share of the targets (light) and its plan ray
    (dark), with the line of a balanced plan at one."""
    return bar_chart(
        [(f"round {r.number}", r.shortfall, r.scale, "") for r in rounds],
        mark=1.0,
    )


def fulfilment_chart(rows: Sequence[Fulfilment]) -> BarChart:
    """Each product's target (light) against the recorded output (dark)."""
    return bar_chart([(row.product, row.target, row.output, row.unit) for row in rows], mark=None)


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    quantity: float
    shade: float
    """0 to 1: the share of the largest flow out of this input."""


@dataclass(frozen=True)
class FlowMatrix:
    size: int
    cell: int
    label_width: int
    """The margin of the rows' and the columns' numbers: product ``n`` of ``products`` is
    numbered ``n + 1`` on both axes and named in the key."""
    products: tuple[str, ...]
    cells: tuple[Cell, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]
    """The same figures as a table: each input product with what each product uses of it."""
    in_hours: bool
    """Whether the figures are hours of labour embodied (each quantity times its input's
    labour value), with the products beyond the largest summed as ``OTHERS``; else each
    row is in its input's own unit."""


MATRIX_PRODUCTS = 12
"""The most products the flow matrix shows one by one: a matrix of thousands of products
is millions of cells, too many to draw or read."""
OTHERS = "all other products"


def flow_matrix(balance: Mapping[str, Any]) -> FlowMatrix:
    """The flows between the products: in their own units where there are few enough to
    show each, else in hours of labour embodied between the ``MATRIX_PRODUCTS`` products
    with the most labour embodied in their output, the rest summed as one."""
    values = {p["product"]: p["labour_value"] for p in balance["products"]}
    in_hours = len(values) > MATRIX_PRODUCTS
    if in_hours:
        embodied: dict[str, float] = dict.fromkeys(values, 0.0)
        for process in balance["processes"]:
            embodied[process["product"]] += process["level"] * values[process["product"]]
        largest = sorted(values, key=lambda product: -embodied[product])[:MATRIX_PRODUCTS]
        products = (*largest, OTHERS)
    else:
        products = tuple(values)
    where = {product: n for n, product in enumerate(products)}
    others = len(products) - 1
    grid = [[0.0] * len(products) for _ in products]
    for flow in balance["flows"]:
        row, column = where.get(flow["input"], others), where.get(flow["output"], others)
        weight = values[flow["input"]] if in_hours else 1.0
        grid[row][column] += flow["quantity"] * weight
    cells = []
    for row, figures in enumerate(grid):
        peak = max(figures) or 1.0
        cells += [
            Cell(
                x=MATRIX_LABEL + column * CELL,
                y=MATRIX_LABEL + row * CELL,
                quantity=value,
                shade=round(value / peak, 3),
            )
            for column, value in enumerate(figures)
            if value > 0
        ]
    return FlowMatrix(
        size=MATRIX_LABEL + CELL * len(products),
        cell=CELL,
        label_width=MATRIX_LABEL,
        products=products,
        cells=tuple(cells),
        rows=tuple((product, tuple(grid[n])) for n, product in enumerate(products)),
        in_hours=in_hours,
    )
