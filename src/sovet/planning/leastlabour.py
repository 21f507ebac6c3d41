"""The least-labour plan: the targets met with the least labour.

    minimise  labour used  l.x   subject to   (net output of each product) >= target,
                                             0 <= level of each process <= its capacity,
                                             labour used <= labour available

Once the plan ray reaches one the targets can be met, and there are many plans that meet
them: the ray's own levels scaled down to the targets are one, but not, in general, the
one that needs least labour (scaling keeps whatever mix of techniques made the most of
the target mix, dear ones included). This is the classic planning objective, and its
dual prices are the labour values.

The engine first exploits the structure. By the non-substitution theorem the cheapest
technique (by labour values) makes any final output with the least labour when nothing
limits it: its gross output x = (I - A_T)^-1 d, shared among processes alike to the
technique's in proportion to their capacities (:func:`.planray.share_alike`), is the
least-labour plan wherever it fits every capacity and the labour available, and the
labour values certify it (the dual of the balances; every other process costs at least
its product's value, so every reduced cost is non-negative, and v.d = l.x). Where it
does not fit, the programme goes to HiGHS, started from a feasible plan where one is
given (the plan ray's levels scaled down to the targets). Where HiGHS does not certify
an optimum within the time limit, the answer is that feasible plan, not certified least:
its certificate, against the labour values (always dual feasible here, so a proven lower
bound on the least labour), says how far from least it can be.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .economy import Economy, Indices, Vector
from .leontief import LabourValues, gross_output, labour_values
from .planray import PlanRay, share_alike
from .solvers.highs import solve_highs
from .solvers.lp import (
    NOT_SOLVED,
    OPTIMAL,
    TIME_LIMIT,
    Certificate,
    LinearProgram,
    LPSolution,
    certify,
    judged,
)


@dataclass(frozen=True)
class LeastLabourPlan:
    """The plan that meets the targets with the least labour, with its dual prices.

    ``prices`` are the labour one more unit of each product's target would cost (the
    labour values, where no capacity binds), ``capacity_rents`` the labour one more unit
    of each process's capacity would save, ``wage`` the dual price of the labour
    available (zero unless it binds). ``technique`` is the cheapest technique where the
    closed form answered, else None. ``success`` only where the certificate is within
    ``rtol``; otherwise ``levels`` are the feasible plan it started from (where given)
    and ``message`` says so.
    """

    levels: Vector
    net_output: Vector
    labour_used: float
    prices: Vector
    capacity_rents: Vector
    wage: float
    certificate: Certificate
    technique: Indices | None
    solver: str
    iterations: int
    seconds: float
    status: int
    success: bool
    message: str
    targets: Vector = field(repr=False)


def least_labour_programme(economy: Economy, targets: Vector, labour: float) -> LinearProgram:
    """The least-labour LP in general form: columns are process levels."""
    n, m = economy.n_products, economy.n_processes
    rows = [economy.net_output]
    row_lower = [np.asarray(targets, dtype=np.float64)]
    row_upper = [np.full(n, np.inf)]
    if math.isfinite(labour):
        rows.append(sp.csc_array(economy.labour.reshape(1, m)))
        row_lower.append(np.array([-np.inf]))
        row_upper.append(np.array([labour]))
    return LinearProgram(
        cost=economy.labour.astype(np.float64),
        matrix=sp.csc_array(sp.vstack(rows, format="csc")),
        row_lower=np.concatenate(row_lower),
        row_upper=np.concatenate(row_upper),
        col_lower=np.zeros(m),
        col_upper=economy.capacity.astype(np.float64),
    )


def least_labour_plan(
    economy: Economy,
    targets: Mapping[str, float] | npt.ArrayLike,
    *,
    labour: float = math.inf,
    rtol: float = 1e-6,
    time_limit: float = math.inf,
    warm_start: PlanRay | npt.ArrayLike | None = None,
    values: LabourValues | None = None,
) -> LeastLabourPlan:
    """The plan that meets ``targets`` with the least labour, within the capacities and
    the ``labour`` available.

    ``warm_start`` is a feasible plan to start from and fall back on: process levels, or
    a plan ray of at least one (its levels scaled down to the targets; its technique
    starts the choice of the cheapest). ``values`` are the economy's labour values,
    where already computed. ``time_limit`` bounds the whole solve (zero: the closed form
    alone, which is always tried). Every result carries the certificate of its
    accuracy; where HiGHS does not certify an optimum in time, the result is the warm
    start, with ``success`` False and the certificate's gap against the labour values
    (a lower bound on the least labour) saying how far from least it can be.
    """
    demand = economy.targets(targets)
    if not labour > 0:
        raise ValueError(f"labour: must be positive, got {labour}")
    if not rtol > 0:
        raise ValueError(f"rtol: must be positive, got {rtol}")
    if not time_limit >= 0:
        raise ValueError(f"time_limit: must not be negative, got {time_limit}")
    start = _start(economy, warm_start)
    if values is not None and values.values.shape != (economy.n_products,):
        raise ValueError(
            f"values: expected {economy.n_products} labour values, got shape {values.values.shape}"
        )
    began = time.perf_counter()
    lp = least_labour_programme(economy, demand, labour)
    solve_rtol = min(1e-10, rtol * 1e-3)
    if values is None:
        previous = warm_start.technique if isinstance(warm_start, PlanRay) else None
        values = labour_values(economy, technique=previous, rtol=solve_rtol)
    closed = _closed_form(economy, demand, lp, values, rtol, solve_rtol)
    if closed.success:
        return _plan(economy, demand, lp, closed, values.technique, began)
    remaining = time_limit - (time.perf_counter() - began)
    if remaining <= 0:
        return _fallback(economy, demand, lp, closed, values, start, rtol, began, status=TIME_LIMIT)
    solution = solve_highs(lp, rtol=rtol, time_limit=remaining, warm_start=start)
    if solution.success:
        return _plan(economy, demand, lp, solution, None, began)
    status = NOT_SOLVED if solution.status == OPTIMAL else solution.status
    return _fallback(economy, demand, lp, solution, values, start, rtol, began, status=status)


def _start(economy: Economy, warm_start: PlanRay | npt.ArrayLike | None) -> Vector | None:
    if warm_start is None:
        return None
    if isinstance(warm_start, PlanRay):
        levels = np.maximum(warm_start.levels, 0.0) / max(warm_start.scale, 1.0)
    else:
        levels = np.asarray(warm_start, dtype=np.float64)
    if levels.shape != (economy.n_processes,):
        raise ValueError(
            f"warm_start: expected {economy.n_processes} process levels, got shape {levels.shape}"
        )
    if not np.isfinite(levels).all():
        raise ValueError("warm_start: the process levels must be finite")
    return levels


def _closed_form(
    economy: Economy,
    demand: Vector,
    lp: LinearProgram,
    values: LabourValues,
    rtol: float,
    solve_rtol: float,
) -> LPSolution:
    """The cheapest technique's gross output (shared among alike processes), with the
    labour values as its dual, judged on ``lp``."""
    began = time.perf_counter()
    gross = gross_output(economy, demand, technique=values.technique, rtol=solve_rtol)
    levels = np.maximum(gross.levels, 0.0)
    shared = share_alike(economy, levels)
    x = levels if shared is None else shared
    y = np.zeros(lp.size[0])
    y[: economy.n_products] = values.values
    solution = judged(
        lp,
        x,
        y,
        rtol=rtol,
        solver="leontief",
        iterations=values.iterations + gross.iterations,
        seconds=time.perf_counter() - began,
        reported=OPTIMAL,
        detail="the cheapest technique's gross output, within every capacity",
    )
    if solution.success:
        return solution
    return judged(
        lp,
        x,
        y,
        rtol=rtol,
        solver="leontief",
        iterations=solution.iterations,
        seconds=solution.seconds,
        reported=NOT_SOLVED,
        detail="the cheapest technique does not fit the capacities or the labour available",
    )


def _plan(
    economy: Economy,
    demand: Vector,
    lp: LinearProgram,
    solution: LPSolution,
    technique: Indices | None,
    began: float,
    *,
    message: str | None = None,
) -> LeastLabourPlan:
    """The plan of ``solution``, alike processes sharing their work (which moves neither
    the objective nor the balances: the certificate is taken again, ``success`` kept)."""
    n = economy.n_products
    x = np.maximum(solution.x, 0.0)
    shared = share_alike(economy, x)
    if shared is not None:
        x = shared
    certificate = certify(lp, x, solution.row_duals)
    y = solution.row_duals
    reduced = lp.cost - lp.matrix.T @ y
    wage = float(-y[n]) if lp.size[0] > n else 0.0
    return LeastLabourPlan(
        levels=x,
        net_output=economy.net_output @ x,
        labour_used=float(economy.labour @ x),
        prices=y[:n].copy(),
        capacity_rents=np.maximum(-reduced, 0.0),
        wage=max(wage, 0.0),
        certificate=certificate,
        technique=technique,
        solver=solution.solver,
        iterations=solution.iterations,
        seconds=time.perf_counter() - began,
        status=solution.status,
        success=solution.success,
        message=solution.message if message is None else message,
        targets=demand,
    )


def _fallback(
    economy: Economy,
    demand: Vector,
    lp: LinearProgram,
    solution: LPSolution,
    values: LabourValues,
    start: Vector | None,
    rtol: float,
    began: float,
    *,
    status: int,
) -> LeastLabourPlan:
    """The feasible plan started from, where given (else the solver's last point), judged
    against the labour values: a dual point always feasible here, whose objective v.d
    bounds the least labour below, so that the certificate's gap says how far from least
    the plan can be."""
    if start is None:
        return _plan(economy, demand, lp, replace(solution, status=status), None, began)
    y = np.zeros(lp.size[0])
    y[: economy.n_products] = values.values
    fallback = judged(
        lp,
        start,
        y,
        rtol=rtol,
        solver=solution.solver,
        iterations=solution.iterations,
        seconds=solution.seconds,
        reported=status,
    )
    if fallback.success:
        # The labour values certify the plan started from: it needs least labour already.
        return _plan(economy, demand, lp, fallback, None, began)
    certificate = fallback.certificate
    why = f"the least-labour plan was not certified ({solution.message}); the plan is "
    if certificate.primal_residual <= rtol:
        message = why + (
            "the feasible plan it started from, whose labour is within a relative "
            f"{certificate.gap:.1e} of the least (the labour values bound it below)"
        )
    else:
        message = why + (
            "the plan it started from, which does not meet the constraints (primal "
            f"residual {certificate.primal_residual:.1e})"
        )
    return _plan(economy, demand, lp, fallback, None, began, message=message)
