"""Planning in rounds: periods, proposals, published balances, the plan's parts.

A **planning period** is opened by the council that holds the planning competence, with
a call for proposals. Workplace councils file **proposals** (the processes they offer to
run: inputs and labour per unit, capacity); demand councils file **targets**. Each
**round** the planning engine runs on the current proposals and targets, and the round's
**balance** is published in the record whole: the plan ray, process levels, shortfalls
and surpluses by product, labour values, shadow prices of the binding capacities and the
solver's accuracy. Rounds stop when the plan balances (plan ray at least one, less the
charter's tolerance) or at the charter's round limit.

An adopted plan is split into **parts**, one per workplace: what it is to make (output
targets) and what it is allotted (input allocations), from the process levels. Each
workplace council accepts its part by its own vote or returns it, into a further round.
Nothing here does I/O; the balance is computed by :func:`balance_of` from the engine's
result, and everything later reads the published balance, never the engine.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sovet.domain.books import Process, Quantity
from sovet.planning import (
    CarriedPlan,
    Economy,
    LabourValues,
    PlanRay,
    carry_over,
    labour_values,
    least_labour_plan,
)

PeriodState = Literal["open", "balanced", "closed", "adopted"]
PartState = Literal["sent", "accepted", "returned", "lapsed"]
"""``lapsed``: the plan was overturned by referendum, and the part binds no more."""
PERIOD_WORDS: Mapping[PeriodState, str] = {
    "open": "open for proposals and rounds",
    "balanced": "balanced: its last round meets the targets",
    "closed": "closed at its round limit without a plan",
    "adopted": "planned: its plan is adopted",
}
"""Each state of a period as its pages say it: "The period is ..."."""
PART_WORDS: Mapping[PartState, str] = {
    "sent": "sent to the workplace for its vote",
    "accepted": "accepted",
    "returned": "returned into a further round",
    "lapsed": "lapsed",
}
"""Each state of a part of the plan as its pages say it: "This part is ..."."""
JobOutcome = Literal["running", "published", "refused", "failed"]
JobState = Literal["running", "interrupted", "published", "refused", "failed"]
PLANNING_MATTER = "planning"
MAX_PROPOSAL_DAYS = 90


@dataclass(frozen=True)
class PlanningPeriod:
    """A period a plan covers (``name``: a year, quarter or month), called by ``council_id``."""

    id: int
    council_id: int
    name: str
    round_limit: int
    tolerance: float
    labour: float | None
    """Hours of labour available in the period; None: not limited."""
    proposals_due: datetime
    state: PeriodState
    rounds: int
    """How many rounds have been published."""
    adopted_round: int | None
    opened: datetime

    @property
    def next_round(self) -> int:
        return self.rounds + 1


@dataclass(frozen=True)
class Proposal:
    """A workplace's offer for a round: the processes it would run."""

    period_id: int
    council_id: int
    round: int
    processes: tuple[Process, ...]
    filed_by: int
    entry: int


@dataclass(frozen=True)
class PlanTarget:
    """A demand council's target for a round of the period."""

    period_id: int
    council_id: int
    product: str
    quantity: float
    unit: str
    category: str


@dataclass(frozen=True)
class Round:
    """A published round, with its balance (:func:`balance_of`'s format) read from the
    body of its record entry when first asked for: at 10^4 products a balance is tens of
    megabytes, and a period's page draws every round but reads one balance."""

    period_id: int
    number: int
    scale: float
    balanced: bool
    shortfall: float
    """The balance's :func:`shortfall_share`."""
    entry_body: str = field(repr=False)
    """The canonical JSON of the ``plan.round_published`` entry."""
    published: datetime
    entry: int

    @cached_property
    def balance(self) -> Mapping[str, Any]:
        balance: dict[str, Any] = json.loads(self.entry_body)["payload"]["balance"]
        return balance


@dataclass(frozen=True)
class PlanPart:
    """One workplace's part of an adopted plan, and its council's answer."""

    period_id: int
    council_id: int
    round: int
    outputs: tuple[Quantity, ...]
    inputs: tuple[Quantity, ...]
    labour: float
    state: PartState
    motion_id: int | None
    """The workplace council's decision that accepted or returned it."""


@dataclass(frozen=True)
class RoundJob:
    """A round being computed in the background for the member who asked for it.

    Not part of the record: publishing the round is the act, and its entry is written
    then. The job only tells whoever looks how far the engine has come (``stage``), and
    how it ended: ``published``, ``refused`` (``message`` says why, and nothing was
    written) or ``failed``. While it runs, ``beat`` is renewed every
    ``HEARTBEAT_SECONDS``; a running job silent for ``STALE_SECONDS`` was lost with the
    server process that ran it.
    """

    HEARTBEAT_SECONDS: ClassVar[float] = 10.0
    STALE_SECONDS: ClassVar[float] = 120.0

    id: int
    period_id: int
    round: int
    member_id: int
    started: datetime
    stage: str
    beat: datetime
    outcome: JobOutcome
    message: str | None
    finished: datetime | None

    def state(self, now: datetime) -> JobState:
        if self.outcome != "running":
            return self.outcome
        if now - self.beat > timedelta(seconds=self.STALE_SECONDS):
            return "interrupted"
        return "running"


def shortfall_share(balance: Mapping[str, Any]) -> float:
    """The total shortfall over the total target, each product weighed by its labour value."""
    asked = sum(p["target"] * p["labour_value"] for p in balance["products"])
    short = sum(p["shortfall"] * p["labour_value"] for p in balance["products"])
    return short / asked if asked > 0 else 0.0


FEASIBLE = 1e-6
"""The largest relative primal residual of a plan that balances: the engine's accuracy."""


def is_balanced(scale: float, tolerance: float) -> bool:
    """Whether a plan ray of ``scale`` balances: at least one, less the tolerance."""
    return scale >= 1.0 - tolerance - 1e-9


LEAST_LABOUR_SECONDS = 60.0
"""The least time the least-labour plan is given where the caller sets no limit."""


def balance_of(
    economy: Economy,
    ray: PlanRay,
    *,
    councils: Mapping[str, int],
    tolerance: float,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """The published balance of one round: everything later acts and pages read.

    The process levels are the plan's. Where the plan ray reaches one, the plan makes
    the targets with the least labour (:func:`~sovet.planning.least_labour_plan`, alike
    processes sharing their work), or, where that is not certified within
    ``time_limit`` seconds, is the plan ray's levels scaled down to the targets. Below
    one they are the plan ray's (the most of the target mix that can be made).
    ``time_limit`` None: as long as the plan ray took, and at least
    :data:`LEAST_LABOUR_SECONDS`; zero or less: the closed form alone (the cheapest
    technique, where it fits the capacities). The plan ray, its prices and bottlenecks are
    published as the engine found them.
    """
    found = labour_values(economy)
    plan_levels = _plan_levels(economy, ray, found, time_limit)
    net = economy.net_output @ plan_levels
    values = found.values
    used = sp.csc_array(economy.inputs @ sp.diags_array(plan_levels))
    used.sum_duplicates()
    used.sort_indices()
    inputs_used = _inputs_used(economy, used)
    makes = economy.makes.tolist()
    levels, capacities = _nums(plan_levels), _nums(economy.capacity)
    ray_levels = _nums(np.maximum(ray.levels, 0.0))
    labour = _nums(economy.labour * plan_levels)
    targets, net_output = _nums(ray.targets), _nums(net)
    shortfalls, surpluses = _gaps(ray.targets, net), _gaps(net, ray.targets)
    labour_values_, prices = _nums(values), _nums(ray.prices)
    return {
        "scale": _num(ray.scale),
        # A plan balances where it makes the targets; the engine need not have certified
        # that no larger multiple could be made, but the plan must hold to its accuracy.
        "balanced": is_balanced(ray.scale, tolerance)
        and ray.certificate.primal_residual <= FEASIBLE,
        "solver": ray.solver,
        "status": ray.status,
        "success": bool(ray.success),
        "message": ray.message,
        "accuracy": {
            "primal_residual": _num(ray.certificate.primal_residual),
            "dual_residual": _num(ray.certificate.dual_residual),
            "gap": _num(ray.certificate.gap),
        },
        "labour_used": _num(float(economy.labour @ plan_levels)),
        "wage": _num(ray.wage),
        "processes": [
            {
                "process": economy.process_codes[j],
                "council": councils[economy.workplaces[j]],
                "workplace": economy.workplaces[j],
                "product": economy.products[makes[j]],
                "unit": economy.units[makes[j]],
                "level": levels[j],
                "ray_level": ray_levels[j],
                "capacity": capacities[j],
                "labour": labour[j],
                "inputs": inputs_used[j],
            }
            for j in range(economy.n_processes)
        ],
        "products": [
            {
                "product": economy.products[i],
                "unit": economy.units[i],
                "target": targets[i],
                "net_output": net_output[i],
                "shortfall": shortfalls[i],
                "surplus": surpluses[i],
                "labour_value": labour_values_[i],
                "price": prices[i],
            }
            for i in range(economy.n_products)
        ],
        "bottlenecks": [
            {
                "kind": bottleneck.kind,
                "process": bottleneck.process,
                "workplace": bottleneck.workplace,
                "product": bottleneck.product,
                "shadow_price": _num(bottleneck.shadow_price),
                "describe": bottleneck.describe(),
            }
            for bottleneck in ray.bottlenecks
        ],
        "flows": _flows(economy, used),
    }


def _plan_levels(
    economy: Economy, ray: PlanRay, values: LabourValues, time_limit: float | None
) -> npt.NDArray[np.float64]:
    """The plan's process levels (see :func:`balance_of`)."""
    scaled: npt.NDArray[np.float64] = np.maximum(ray.levels, 0.0) / max(ray.scale, 1.0)
    if ray.scale < 1.0:
        return scaled
    limit = max(ray.seconds, LEAST_LABOUR_SECONDS) if time_limit is None else max(time_limit, 0)
    # The scaled ray meets the targets within the labour available, and the least-labour
    # plan needs no more labour than it does: the labour available cannot bind.
    least = least_labour_plan(
        economy, ray.targets, time_limit=limit, warm_start=scaled, values=values
    )
    return least.levels if least.success else scaled


BalanceTable = Literal["products", "processes"]
BALANCE_COLUMNS: dict[BalanceTable, tuple[str, ...]] = {
    "products": (
        "product",
        "unit",
        "target",
        "net_output",
        "shortfall",
        "surplus",
        "labour_value",
        "price",
    ),
    "processes": ("workplace", "process", "product", "unit", "level", "capacity", "labour"),
}
"""The columns of each table of a balance as CSV: the keys of its items in the record."""


def balance_csv(
    balance: Mapping[str, Any], table: BalanceTable, *, workplace: str | None = None
) -> str:
    """One table of a published balance as CSV, each figure exactly as the record has it;
    of the processes, those of one ``workplace`` (its short code) where given."""
    columns = BALANCE_COLUMNS[table]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for item in balance[table]:
        if workplace is not None and item.get("workplace") != workplace:
            continue
        writer.writerow(
            repr(item[column]) if isinstance(item[column], float) else item[column]
            for column in columns
        )
    return out.getvalue()


def carried_plan(economy: Economy, balance: Mapping[str, Any]) -> CarriedPlan:
    """A published round's plan ray carried onto the next round's economy, for the engine
    to start from: its process levels (``ray_level``; in balances published before it was
    kept, the plan's levels scaled back up), prices and wage, matched by workplace,
    process and product."""
    scale = float(balance["scale"])
    return carry_over(
        economy,
        levels={
            (item["workplace"], item["process"]): float(
                item.get("ray_level", float(item["level"]) * max(scale, 1.0))
            )
            for item in balance["processes"]
        },
        prices={item["product"]: float(item["price"]) for item in balance["products"]},
        scale=scale,
        wage=float(balance["wage"]),
    )


def _inputs_used(economy: Economy, used: sp.csc_array) -> list[list[dict[str, Any]]]:
    """What each process uses in the plan, input by input in the catalogue's order."""
    products, units = economy.products, economy.units
    rows, values = used.indices.tolist(), used.data.tolist()
    quantities = _nums(used.data)
    bounds = used.indptr.tolist()
    return [
        [
            {"product": products[row], "unit": units[row], "quantity": quantity}
            for row, value, quantity in zip(
                rows[start:end], values[start:end], quantities[start:end], strict=True
            )
            if value > 0
        ]
        for start, end in itertools.pairwise(bounds)
    ]


def _flows(economy: Economy, used: sp.csc_array) -> list[dict[str, Any]]:
    """What each product's processes use of each other product, in the plan."""
    coo = used.tocoo()
    kept = coo.data > 0
    made = economy.makes[coo.coords[1][kept]]
    n = economy.n_products
    totals = sp.coo_array((coo.data[kept], (coo.coords[0][kept], made)), shape=(n, n)).tocsr()
    totals.sum_duplicates()
    products = economy.products
    flows = []
    for source, (start, end) in enumerate(itertools.pairwise(totals.indptr.tolist())):
        columns = totals.indices[start:end].tolist()
        quantities = totals.data[start:end].tolist()
        flows += [
            (products[source], products[column], quantity)
            for column, quantity in zip(columns, quantities, strict=True)
        ]
    flows.sort(key=lambda flow: (flow[0], flow[1]))
    quantities = _nums([quantity for _, _, quantity in flows])
    return [
        {"input": source, "output": made, "quantity": quantity}
        for (source, made, _), quantity in zip(flows, quantities, strict=True)
    ]


def _gaps(more: npt.ArrayLike, less: npt.ArrayLike) -> list[float]:
    """How far each of ``more`` exceeds ``less``, for the record; zero within the
    solver's rounding."""
    more, less = np.asarray(more, dtype=np.float64), np.asarray(less, dtype=np.float64)
    gap = more - less
    size = np.maximum(1.0, np.maximum(np.abs(more), np.abs(less)))
    return _nums(np.where(gap > 1e-9 * size, gap, 0.0))


def _num(value: float) -> float:
    """A figure for the record: a plain float, rounded to 12 significant digits so that
    the same plan is published the same on every platform."""
    number = float(value)
    return float(f"{number:.12g}") if math.isfinite(number) else 0.0


_POWERS = 10.0 ** np.arange(23)
"""The powers of ten that doubles hold exactly."""


def _nums(values: npt.ArrayLike) -> list[float]:
    """:func:`_num` of every figure of an array, bit for bit, seven times as fast.

    A figure's 12-digit decimal is ``m / 10^k``: ``m`` is the figure times ``10^k``
    rounded to the nearest integer, and dividing it back by ``10^k`` is one correctly
    rounded operation, as parsing the decimal is, where ``10^k`` is exact
    (``|k| <= 22``). The product is within a thousandth of exact, so its rounding is
    the decimal's unless it lies that near half-way. There, or where ``m`` has not 12
    digits (the decimal exponent misjudged), or ``k`` is out of range, the figure goes
    through :func:`_num`'s string.
    """
    x = np.asarray(values, dtype=np.float64).ravel()
    result = np.where(np.isfinite(x), x, 0.0)
    size = np.abs(np.where(result != 0, result, 1.0))
    shift = 11 - np.floor(np.log10(size)).astype(np.int64)
    power = _POWERS[np.minimum(np.abs(shift), 22)]
    with np.errstate(over="ignore", invalid="ignore"):
        product = np.where(shift >= 0, size * power, size / power)
        digits = np.rint(product)
    sure = (
        (result != 0)
        & (np.abs(shift) <= 22)
        & (np.abs(product - np.floor(product) - 0.5) > 1e-3)
        & (digits >= 1e11)
        & (digits <= 1e12)
    )
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = np.copysign(np.where(shift >= 0, digits / power, digits * power), result)
    result = np.where(sure, rounded, result)
    unsure = np.flatnonzero((result != 0) & ~sure)
    result[unsure] = [_num(value) for value in x[unsure].tolist()]
    figures: list[float] = result.tolist()
    return figures


def parts_of(balance: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each workplace's part of the balance: outputs and inputs by product, and hours."""
    outputs: dict[int, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    inputs: dict[int, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    hours: dict[int, float] = defaultdict(float)
    for process in balance["processes"]:
        council = process["council"]
        outputs[council][process["product"], process["unit"]] += process["level"]
        hours[council] += process["labour"]
        for item in process["inputs"]:
            inputs[council][item["product"], item["unit"]] += item["quantity"]
    return [
        {
            "council": council,
            "outputs": _quantities(outputs[council]),
            "inputs": _quantities(inputs[council]),
            "labour": _num(hours[council]),
        }
        for council in sorted(outputs)
    ]


def _quantities(found: Mapping[tuple[str, str], float]) -> list[dict[str, Any]]:
    return [
        {"product": product, "quantity": _num(quantity), "unit": unit}
        for (product, unit), quantity in sorted(found.items())
    ]


def quantities_from_json(items: Iterable[Mapping[str, Any]]) -> tuple[Quantity, ...]:
    return tuple(Quantity(item["product"], item["quantity"], item["unit"]) for item in items)


def within(flow_period: str, plan_period: str) -> bool:
    """Whether books kept for ``flow_period`` fall within the plan's ``plan_period``: the
    same period, a month or quarter of its year, or a month of its quarter.

    Periods within a plan's period overlap (a year holds its quarters, a quarter its
    months), so figures for all of them are not to be added up: :func:`counted` says
    which are counted."""
    if flow_period == plan_period:
        return True
    if len(plan_period) == 4:
        return flow_period.startswith(plan_period + "-")
    if "-Q" in plan_period and len(flow_period) == 7 and "-Q" not in flow_period:
        year, quarter = plan_period.split("-Q")
        month = int(flow_period[5:])
        return flow_period[:4] == year and (month - 1) // 3 + 1 == int(quarter)
    return False


def periods_within(plan_period: str) -> list[str]:
    """The periods within ``plan_period`` that books and adopted demand may be kept for:
    the period itself, then for a year its quarters and months, for a quarter its
    months."""
    year = plan_period[:4]
    if len(plan_period) == 4:
        quarters = [f"{year}-Q{quarter}" for quarter in range(1, 5)]
        return [plan_period, *quarters, *(f"{year}-{month:02d}" for month in range(1, 13))]
    if "-Q" in plan_period:
        first = (int(plan_period[-1]) - 1) * 3 + 1
        return [plan_period, *(f"{year}-{month:02d}" for month in range(first, first + 3))]
    return [plan_period]


def counted(
    figures: Iterable[tuple[tuple[Any, ...], str, float]], plan_period: str
) -> dict[tuple[Any, ...], float]:
    """The figures for ``plan_period`` (``figures``: key, period, quantity), by key, with
    no period counted twice.

    For each key (such as a workplace's product): if a figure was recorded for the
    plan's own period, that figure alone counts. Otherwise, for a yearly plan, each
    quarter counts its own figure if one was recorded, and else the sum of its months'
    figures; for a quarterly plan, its months' figures are added up. A period and a
    period inside it are never both added: a yearly figure of 30,000 with a first
    quarter of 7,000 and a January of 2,500 counts 30,000. Figures for periods outside
    the plan's period do not count, and neither do those for a longer period that holds
    it: a yearly figure counts nothing towards a quarterly or monthly plan, since it
    does not say how much of it fell in that quarter or month. Keys with nothing
    counted are left out."""
    found: dict[tuple[Any, ...], dict[str, float]] = {}
    for key, period, quantity in figures:
        if within(period, plan_period):
            by_period = found.setdefault(key, {})
            by_period[period] = by_period.get(period, 0.0) + quantity
    return {key: _outermost(by_period) for key, by_period in found.items()}


def _outermost(by_period: Mapping[str, float]) -> float:
    """The sum of the figures whose period is not inside another one's period here."""
    return sum(
        quantity
        for period, quantity in by_period.items()
        if not any(other != period and within(period, other) for other in by_period)
    )


@dataclass(frozen=True)
class Fulfilment:
    """A product's target in a workplace's accepted part against its recorded output."""

    council_id: int
    product: str
    unit: str
    target: float
    output: float

    @property
    def share(self) -> float | None:
        return self.output / self.target if self.target > 0 else None


def fulfilment(
    parts: Sequence[PlanPart], outputs: Mapping[int, Sequence[tuple[str, str, float, str]]]
) -> list[Fulfilment]:
    """Each accepted part's output targets against the output the workplace recorded
    (``outputs``: by council, (period, product, quantity, unit) within the plan's period,
    as :func:`within` says).

    The output counted for a product is what :func:`counted` counts: the figure the
    workplace recorded for the plan's own period if it recorded one; else, for a yearly
    plan, each quarter's figure, or the sum of its months where the quarter has none;
    for a quarterly plan, the sum of its months. A period and a period inside it are
    never added together: a bakery that recorded 30,000 kg for 2028, 7,000 kg for
    2028-Q1 and 2,500 kg for 2028-01 made 30,000 kg in 2028. Output recorded only for a
    longer period than the plan's (a year, against a quarterly plan) is not counted."""
    rows: list[Fulfilment] = []
    for part in parts:
        if part.state != "accepted":
            continue
        made = _made(outputs.get(part.council_id, ()))
        rows.extend(
            Fulfilment(
                part.council_id, item.product, item.unit, item.quantity, made.get(item.product, 0.0)
            )
            for item in part.outputs
        )
    return rows


def _made(outputs: Sequence[tuple[str, str, float, str]]) -> dict[str, float]:
    """One workplace's output by product, no period counted twice: the figures are all
    within the plan's period, so its own period, if among them, is the longest."""
    found: dict[str, dict[str, float]] = {}
    for period, product, quantity, _ in outputs:
        by_period = found.setdefault(product, {})
        by_period[period] = by_period.get(period, 0.0) + quantity
    return {product: _outermost(by_period) for product, by_period in found.items()}


def totals(rows: Iterable[Fulfilment]) -> list[Fulfilment]:
    """The federation's fulfilment by product (council 0: the whole federation)."""
    found: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        figures = found.setdefault((row.product, row.unit), [0.0, 0.0])
        figures[0] += row.target
        figures[1] += row.output
    return [
        Fulfilment(0, product, unit, target, output)
        for (product, unit), (target, output) in sorted(found.items())
    ]
