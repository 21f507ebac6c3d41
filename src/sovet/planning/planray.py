"""The plan ray: the largest multiple of the target mix that the economy can produce.

    maximise  s   subject to   (net output of each product) >= s * target,
                               0 <= level of each process <= its capacity,
                               labour used <= labour available

The dual gives the shadow prices: of each product (normalised so the target mix costs
one), of each capacity (its rent: how much one more unit of it would raise s) and of
labour (the wage). Binding constraints with a positive shadow price are the bottlenecks.

The engine first exploits the structure. With one process per product (or the
cheapest technique, by labour values) every feasible plan makes at least s times the
gross output x = (I - A)^-1 d, so s* = min(capacity_j / x_j, labour / l.x), and the dual
is one more Leontief solve (a row of the Leontief inverse, or the labour values). Both
are checked against the whole programme, alternatives included, by the certificate
(primal and dual residuals, gap). Where that does not certify an optimum (a capacity
binds on a product that other processes could also make), bottleneck relief
(:mod:`.relief`) switches techniques as capacities bind: simplex methods whose basis is
kept as a technique plus a few extra columns, solved by Leontief iteration, that raise
the plan ray from zero or pivot on from the previous round's technique. Where that does
not certify an optimum either, the programme goes to HiGHS.

Whichever solver answers, processes alike (one product from the same inputs and labour
per unit) then share their work in proportion to their capacities (:func:`share_alike`):
any optimum may run one workplace to capacity and leave its twin idle, and no council
should be idled by a solver's pivoting order.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .economy import Economy, Indices, Vector
from .errors import InfeasibleTargets
from .leontief import gross_output, labour_values, require_productive, solve_leontief
from .relief import Programme, Relief, ascend, relieve, start_basis
from .solvers.highs import Algorithm, solve_highs
from .solvers.lp import (
    NOT_SOLVED,
    OPTIMAL,
    UNBOUNDED,
    Certificate,
    LinearProgram,
    LPSolution,
    certify,
    judged,
)
from .solvers.pdlp import gpu_available, solve_pdlp

Method = Literal["auto", "leontief", "relief", "highs", "simplex", "ipm", "pdlp", "gpu"]
METHODS: tuple[Method, ...] = (
    "auto",
    "leontief",
    "relief",
    "highs",
    "simplex",
    "ipm",
    "pdlp",
    "gpu",
)
_ALGORITHMS: dict[Method, Algorithm] = {
    "auto": "auto",
    "leontief": "auto",
    "relief": "auto",
    "highs": "auto",
    "simplex": "simplex",
    "ipm": "ipm",
    "pdlp": "pdlp",
}


@dataclass(frozen=True)
class Bottleneck:
    """A binding constraint with its shadow price (plan-ray gain per extra unit)."""

    kind: Literal["capacity", "labour"]
    process: str
    workplace: str
    product: str
    shadow_price: float

    def describe(self) -> str:
        if self.kind == "labour":
            return "the labour available"
        where = f" of workplace {self.workplace!r}" if self.workplace else ""
        return f"the capacity of process {self.process!r}{where} (making {self.product!r})"


@dataclass(frozen=True)
class PlanRay:
    """The balanced plan: scale s* of the target mix, process levels and shadow prices."""

    scale: float
    levels: Vector
    net_output: Vector
    prices: Vector
    capacity_rents: Vector
    wage: float
    labour_used: float
    bottlenecks: tuple[Bottleneck, ...]
    shortfalls: Mapping[str, float]
    certificate: Certificate
    technique: Indices | None
    solver: str
    iterations: int
    seconds: float
    status: int
    success: bool
    message: str
    targets: Vector = field(repr=False)

    def require_targets_met(self) -> None:
        """Raise :class:`InfeasibleTargets` naming the binding constraint when s* < 1."""
        if self.scale >= 1.0 - 1e-9:
            return
        binding = self.bottlenecks[0] if self.bottlenecks else None
        named = binding.describe() if binding else "the balances"
        short = ", ".join(f"{product!r}" for product in list(self.shortfalls)[:5])
        raise InfeasibleTargets(
            f"the targets cannot all be met: {named} binds, and at most {self.scale:.6g} of "
            f"the target mix can be made (short: {short})",
            culprit=(binding.process if binding else ""),
        )


@dataclass(frozen=True)
class CarriedPlan:
    """A previous round's plan on this round's economy, for the solvers to start from.

    Built by :func:`carry_over` from names, so that proposals revised, added or withdrawn
    between rounds change nothing but what they touch.
    """

    technique: Indices
    levels: Vector
    scale: float
    prices: Vector
    wage: float


WarmStart = PlanRay | CarriedPlan


def carry_over(
    economy: Economy,
    *,
    levels: Mapping[tuple[str, str], float],
    prices: Mapping[str, float],
    scale: float,
    wage: float = 0.0,
) -> CarriedPlan:
    """The previous round's plan on ``economy``: ``levels`` by (workplace, process code),
    ``prices`` by product, its plan ray ``scale`` and ``wage``.

    Processes and products the previous round did not have start at zero; each product's
    technique is its process that ran at the highest level, or its first process where
    none of them ran.
    """
    if not (math.isfinite(scale) and scale >= 0):
        raise ValueError(f"scale: must be finite and not negative, got {scale}")
    if not (math.isfinite(wage) and wage >= 0):
        raise ValueError(f"wage: must be finite and not negative, got {wage}")
    m = economy.n_processes
    position = {
        key: j for j, key in enumerate(zip(economy.workplaces, economy.process_codes, strict=True))
    }
    carried = np.zeros(m)
    for key, level in levels.items():
        if not math.isfinite(level):
            raise ValueError(f"levels: the level of process {key[1]!r} of {key[0]!r} is {level}")
        if key in position:
            carried[position[key]] = max(level, 0.0)
    products = {product: i for i, product in enumerate(economy.products)}
    found = np.zeros(economy.n_products)
    for product, price in prices.items():
        if not math.isfinite(price):
            raise ValueError(f"prices: the price of {product!r} is {price}")
        if product in products:
            found[products[product]] = price
    technique = economy.default_technique()
    order = np.lexsort((carried, economy.makes))
    highest = order[np.append(np.flatnonzero(np.diff(economy.makes[order])), m - 1)]
    ran = highest[carried[highest] > 0]
    technique[economy.makes[ran]] = ran
    return CarriedPlan(technique, carried, float(scale), found, float(wage))


def plan_ray_programme(economy: Economy, targets: Vector, labour: float) -> LinearProgram:
    """The plan-ray LP in general form: columns are process levels, then the scale s."""
    n, m = economy.n_products, economy.n_processes
    balances = sp.hstack([economy.net_output, sp.csc_array(-targets.reshape(n, 1))])
    rows = [balances]
    row_lower = [np.zeros(n)]
    row_upper = [np.full(n, np.inf)]
    if math.isfinite(labour):
        rows.append(sp.csc_array(np.append(economy.labour, 0.0).reshape(1, m + 1)))
        row_lower.append(np.array([-np.inf]))
        row_upper.append(np.array([labour]))
    cost = np.zeros(m + 1)
    cost[m] = -1.0
    return LinearProgram(
        cost=cost,
        matrix=sp.csc_array(sp.vstack(rows, format="csc")),
        row_lower=np.concatenate(row_lower),
        row_upper=np.concatenate(row_upper),
        col_lower=np.zeros(m + 1),
        col_upper=np.append(economy.capacity, np.inf),
    )


def plan_ray(
    economy: Economy,
    targets: Mapping[str, float] | npt.ArrayLike,
    *,
    labour: float = math.inf,
    method: Method = "auto",
    rtol: float = 1e-6,
    warm_start: WarmStart | None = None,
    time_limit: float = math.inf,
    maxiter: int = 10_000,
    progress: Callable[[str], None] | None = None,
) -> PlanRay:
    """The largest multiple of ``targets`` the economy can make, and the plan that makes it.

    ``method``: ``"leontief"`` (the closed form on the cheapest technique only),
    ``"relief"`` (the closed form, then bottleneck relief: the structural solvers only),
    ``"simplex"``, ``"ipm"``, ``"pdlp"`` or ``"highs"`` (HiGHS, by size), ``"gpu"`` (the
    engine's own PDLP on a GPU, where CuPy finds one), or ``"auto"`` (the structural
    solvers, and HiGHS by size where they do not certify the optimum).
    ``warm_start`` is the previous round's plan ray, or its plan carried onto this
    economy by :func:`carry_over` (its technique starts bottleneck relief).
    ``time_limit`` bounds the whole solve, and ``maxiter`` the pivots of bottleneck
    relief. ``progress`` is told each stage as it begins, and bottleneck relief's pivots
    as it goes. Every result carries the certificate of its accuracy.
    """
    demand = economy.targets(targets)
    if not demand.any():
        raise ValueError("targets: at least one target must be above zero")
    if not labour > 0:
        raise ValueError(f"labour: must be positive, got {labour}")
    if method not in METHODS:
        raise ValueError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    if method == "gpu" and not gpu_available():
        raise ValueError("method: 'gpu' needs CuPy and a CUDA device, and none was found")
    if not rtol > 0:
        raise ValueError(f"rtol: must be positive, got {rtol}")
    if maxiter < 0:
        raise ValueError(f"maxiter: must not be negative, got {maxiter}")
    if not time_limit > 0:
        raise ValueError(f"time_limit: must be positive, got {time_limit}")
    say = progress or (lambda step: None)
    lp = plan_ray_programme(economy, demand, labour)
    began = time.perf_counter()
    structural: LPSolution | None = None
    technique: Indices | None = None
    if method in ("auto", "leontief", "relief"):
        say("solving by the Leontief structure")
        structural, technique = _structural(economy, demand, labour, lp, rtol, warm_start)
        # Unbounded on the cheapest technique is unbounded: that technique alone makes
        # any multiple of the targets. (HiGHS 1.16's simplex did not return on such a
        # programme, its time limit notwithstanding.)
        if structural.success or structural.status == UNBOUNDED or method == "leontief":
            return _plan_ray(economy, demand, lp, structural, technique, began)
        say("relieving the bottlenecks by choice of technique")
        relief = _relieved(
            Programme.of(economy, demand, labour),
            lp,
            technique,
            warm_start,
            rtol=rtol,
            maxiter=maxiter,
            deadline=began + time_limit,
            progress=progress,
        )
        structural, technique = relief.solution, relief.technique
        if structural.success or method == "relief":
            return _plan_ray(economy, demand, lp, structural, technique, began)
    elif not math.isfinite(labour):
        # A named solver is not asked what the closed form already shows (HiGHS's simplex
        # did not return on it; PDLP does not detect it).
        closed, cheapest = _structural(economy, demand, labour, lp, rtol, warm_start)
        if closed.status == UNBOUNDED:
            return _plan_ray(economy, demand, lp, closed, cheapest, began)
    remaining = time_limit - (time.perf_counter() - began)
    if structural is not None and remaining <= 0:
        return _plan_ray(economy, demand, lp, structural, technique, began)
    if method == "gpu":
        say("solving the programme by PDLP on the GPU")
        solution = solve_pdlp(
            lp,
            rtol=rtol,
            device="gpu",
            time_limit=time_limit,
            warm_start=_warm_point(warm_start, lp),
        )
        return _plan_ray(economy, demand, lp, solution, technique, began)
    algorithm = _ALGORITHMS[method]
    say(f"solving the programme with HiGHS ({algorithm})")
    start = structural.x if structural is not None else _warm_levels(warm_start, lp)
    solution = solve_highs(
        lp, algorithm=algorithm, rtol=rtol, time_limit=remaining, warm_start=start
    )
    return _plan_ray(economy, demand, lp, solution, technique, began)


def _warm_levels(warm_start: WarmStart | None, lp: LinearProgram) -> Vector | None:
    if warm_start is None or warm_start.levels.shape[0] + 1 != lp.size[1]:
        return None
    return np.append(warm_start.levels, warm_start.scale)


def _warm_point(warm_start: WarmStart | None, lp: LinearProgram) -> tuple[Vector, Vector] | None:
    """The previous round's levels and prices (with the wage) as a primal-dual point."""
    levels = _warm_levels(warm_start, lp)
    if warm_start is None or levels is None or warm_start.prices.shape[0] > lp.size[0]:
        return None
    duals = np.zeros(lp.size[0])
    duals[: warm_start.prices.shape[0]] = warm_start.prices
    duals[warm_start.prices.shape[0] :] = -warm_start.wage
    return levels, duals


def _relieved(
    programme: Programme,
    lp: LinearProgram,
    cheapest: Indices,
    warm_start: WarmStart | None,
    *,
    rtol: float,
    maxiter: int,
    deadline: float,
    progress: Callable[[str], None] | None,
) -> Relief:
    """Bottleneck relief from the previous round's technique, or else raising the plan ray
    from zero on the cheapest."""
    solve_rtol = min(1e-11, rtol * 1e-5)
    previous = _previous_technique(programme.economy, warm_start)
    start = None if previous is None else start_basis(programme, previous, solve_rtol)
    if start is None:
        return ascend(
            programme,
            lp,
            cheapest,
            rtol=rtol,
            solve_rtol=solve_rtol,
            maxiter=maxiter,
            deadline=deadline,
            progress=progress,
        )
    return relieve(
        programme,
        lp,
        start,
        rtol=rtol,
        solve_rtol=solve_rtol,
        maxiter=maxiter,
        deadline=deadline,
        start="the previous round's technique",
        progress=progress,
    )


def _previous_technique(economy: Economy, warm_start: WarmStart | None) -> Indices | None:
    """The previous round's technique, where it fits the economy.

    Bottleneck relief starts from it with no process at capacity: seeding the processes
    that were at capacity needs repairs (those that now over-supply a product) and was
    measured to save no pivots.
    """
    if warm_start is None or warm_start.technique is None:
        return None
    technique = warm_start.technique
    if technique.shape != (economy.n_products,):
        return None
    if (economy.makes[technique] != np.arange(economy.n_products)).any():
        return None
    return technique


def _structural(
    economy: Economy,
    demand: Vector,
    labour: float,
    lp: LinearProgram,
    rtol: float,
    warm_start: WarmStart | None,
) -> tuple[LPSolution, Indices]:
    """The closed-form plan ray for the cheapest technique, with its dual, judged on ``lp``."""
    began = time.perf_counter()
    solve_rtol = min(1e-10, rtol * 1e-3)
    previous = warm_start.technique if warm_start is not None else None
    values = labour_values(economy, technique=previous, rtol=solve_rtol)
    technique = values.technique
    guess = None
    if warm_start is not None and warm_start.scale > 0 and previous is not None:
        guess = warm_start.levels[technique] / warm_start.scale
    gross = gross_output(economy, demand, technique=technique, x0=guess, rtol=solve_rtol)
    x = gross.output
    iterations = values.iterations + gross.iterations
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(x > 0, economy.capacity[technique] / x, np.inf)
    binding = int(np.argmin(ratios))
    scale = float(ratios[binding])
    labour_needed = gross.labour
    labour_ratio = labour / labour_needed if labour_needed > 0 else math.inf
    n, m = economy.n_products, economy.n_processes
    rows = lp.size[0]
    y = np.zeros(rows)
    if labour_ratio < scale:
        scale = labour_ratio
        y[:n] = values.values / labour_needed
        y[n] = -1.0 / labour_needed
    elif math.isfinite(scale):
        unit = np.zeros(n)
        unit[binding] = 1.0
        row = solve_leontief(
            economy.technique_matrix(technique), unit, transpose=True, rtol=solve_rtol
        )
        iterations += row.iterations
        y[:n] = row.x / x[binding]
    primal = np.zeros(m + 1)
    if math.isfinite(scale):
        primal[technique] = scale * x
        primal[m] = scale
        reported = OPTIMAL
    else:
        reported = UNBOUNDED
    solution = judged(
        lp,
        primal,
        y,
        rtol=rtol,
        solver="leontief",
        iterations=iterations,
        seconds=time.perf_counter() - began,
        reported=reported,
        detail=(
            "closed form on the cheapest technique"
            if reported == OPTIMAL
            else "nothing limits the target mix: no capacity binds on the cheapest "
            "technique, and labour does not limit it"
        ),
    )
    if reported == OPTIMAL and not solution.success:
        solution = judged(
            lp,
            primal,
            y,
            rtol=rtol,
            solver="leontief",
            iterations=iterations,
            seconds=time.perf_counter() - began,
            reported=NOT_SOLVED,
            detail="other processes could do better than the cheapest technique",
        )
    return solution, technique


def _plan_ray(
    economy: Economy,
    demand: Vector,
    lp: LinearProgram,
    solution: LPSolution,
    technique: Indices | None,
    began: float,
) -> PlanRay:
    n, m = economy.n_products, economy.n_processes
    shared = share_alike(economy, solution.x[:m])
    if shared is not None:
        x = np.append(shared, solution.x[m:])
        solution = replace(solution, x=x, certificate=certify(lp, x, solution.row_duals))
    levels = solution.x[:m]
    scale = float(solution.x[m])
    net = economy.net_output @ levels
    y = solution.row_duals
    prices = y[:n].copy()
    wage = float(-y[n]) if lp.size[0] > n else 0.0
    reduced = lp.cost - lp.matrix.T @ y
    rents = np.maximum(-reduced[:m], 0.0)
    bottlenecks = _bottlenecks(economy, rents, wage)
    shortfall = np.maximum(demand - net, 0.0)
    short = {
        economy.products[i]: float(shortfall[i])
        for i in np.argsort(-shortfall)
        if shortfall[i] > 1e-9 * max(1.0, float(demand[i]))
    }
    return PlanRay(
        scale=scale,
        levels=levels,
        net_output=net,
        prices=prices,
        capacity_rents=rents,
        wage=max(wage, 0.0),
        labour_used=float(economy.labour @ levels),
        bottlenecks=bottlenecks,
        shortfalls=short,
        certificate=solution.certificate,
        technique=technique,
        solver=solution.solver,
        iterations=solution.iterations,
        seconds=time.perf_counter() - began,
        status=solution.status,
        success=solution.success,
        message=solution.message,
        targets=demand,
    )


def share_alike(economy: Economy, levels: Vector) -> Vector | None:
    """The levels with the work of alike processes shared in proportion to capacity.

    Processes alike (the same product from the same inputs and labour per unit, as
    workplaces that copied one technique) are interchangeable in every balance, so an
    optimum may run one of them to capacity and leave another idle, at random. Shared
    out so that each runs the same share of its capacity (equal shares where every
    capacity is unlimited), the plan makes and uses the same, and the prices that
    certify it still do. ``None`` where no such work moves.
    """
    inputs = economy.inputs
    weights = np.random.default_rng(0).random((2, economy.n_products))
    hashes = weights @ inputs
    order = np.lexsort((hashes[1], hashes[0], economy.labour, economy.makes))
    keys = np.stack(
        [economy.makes[order], economy.labour[order], hashes[0][order], hashes[1][order]]
    )
    starts = np.flatnonzero(np.r_[True, (keys[:, 1:] != keys[:, :-1]).any(axis=0)])
    sizes = np.diff(np.r_[starts, order.size])
    shared = levels.copy()
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        group = order[start : start + size]
        if not _alike(inputs, group):
            continue
        capacity = economy.capacity[group]
        finite = np.isfinite(capacity)
        if finite.all():
            shared[group] = levels[group].sum() * capacity / capacity.sum()
        elif not finite.any():
            shared[group] = levels[group].sum() / group.size
    if np.array_equal(shared, levels):
        return None
    return shared


def _alike(inputs: sp.csc_array, group: Indices) -> bool:
    """Whether the processes of ``group`` use exactly the same inputs per unit."""
    first = inputs[:, [int(group[0])]].toarray()
    return all(np.array_equal(first, inputs[:, [int(other)]].toarray()) for other in group[1:])


def _bottlenecks(economy: Economy, rents: Vector, wage: float) -> tuple[Bottleneck, ...]:
    """Binding constraints with a positive shadow price, the dearest first.

    An unlimited capacity never binds, and a price below 1e-9 of the dearest is noise.
    """
    noise = 1e-9 * max(float(rents.max(initial=0.0)), wage, 1e-300)
    binding = (rents > noise) & np.isfinite(economy.capacity)
    found = [
        Bottleneck(
            kind="capacity",
            process=economy.process_codes[j],
            workplace=economy.workplaces[j],
            product=economy.products[economy.makes[j]],
            shadow_price=float(rents[j]),
        )
        for j in np.flatnonzero(binding)
    ]
    if wage > 1e-12:
        found.append(Bottleneck("labour", "labour", "", "", wage))
    return tuple(sorted(found, key=lambda bottleneck: -bottleneck.shadow_price))


def check_productive(economy: Economy) -> None:
    """Raise :class:`NotProductive` when the cheapest technique cannot reproduce its inputs."""
    technique = labour_values(economy).technique
    require_productive(economy.technique_matrix(technique), economy.products)
