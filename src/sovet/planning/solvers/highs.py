"""The HiGHS adapter: the only module that imports highspy.

It picks the algorithm by size (simplex when small, first-order PDLP when large), passes the tolerance and the time limit, and hands the
answer to :func:`~sovet.planning.solvers.lp.judged`, which computes the residuals and
the gap itself rather than trusting the solver's report.
"""

from __future__ import annotations

import math
import time
from typing import Literal

import highspy
import numpy as np

from .lp import (
    INFEASIBLE,
    NOT_SOLVED,
    OPTIMAL,
    TIME_LIMIT,
    UNBOUNDED,
    LinearProgram,
    LPSolution,
    Vector,
    judged,
)

Algorithm = Literal["auto", "simplex", "ipm", "pdlp"]
ALGORITHMS: tuple[Algorithm, ...] = ("auto", "simplex", "ipm", "pdlp")

SIMPLEX_UP_TO = 2_000
"""Rows up to which ``auto`` picks the simplex method; PDLP above.

Measured on random sparse economies (benchmarks/planning.py), the interior point method
is slower than both at every size (its factorisations fill in), so ``auto`` never
picks it; it stays available by name.
"""

HEADROOM = 0.1
"""HiGHS measures its gap and residuals its own way; asking for a tenth of ``rtol`` lets
its answers pass our certificate at ``rtol``."""

_STATUS = {
    highspy.HighsModelStatus.kOptimal: OPTIMAL,
    highspy.HighsModelStatus.kTimeLimit: TIME_LIMIT,
    highspy.HighsModelStatus.kIterationLimit: TIME_LIMIT,
    highspy.HighsModelStatus.kInfeasible: INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: INFEASIBLE,
}


def choose_algorithm(lp: LinearProgram) -> Algorithm:
    """The simplex method when small, first-order PDLP when large (by rows)."""
    return "simplex" if lp.size[0] <= SIMPLEX_UP_TO else "pdlp"


def solve_highs(
    lp: LinearProgram,
    *,
    algorithm: Algorithm = "auto",
    rtol: float = 1e-6,
    time_limit: float = math.inf,
    warm_start: Vector | None = None,
    threads: int = 0,
) -> LPSolution:
    """Solve ``lp`` with HiGHS; ``warm_start`` is a primal point passed as a starting solution.

    A tenth of ``rtol`` is given to PDLP and the interior point method as their
    optimality tolerance (they stop on it, without crossover); the result's status is
    ``OPTIMAL`` only when our own certificate is within ``rtol``.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm: expected one of {', '.join(ALGORITHMS)}, got {algorithm!r}")
    if not rtol > 0:
        raise ValueError(f"rtol: must be positive, got {rtol}")
    chosen = choose_algorithm(lp) if algorithm == "auto" else algorithm
    solver = _Quiet()  # type: ignore[no-untyped-call]
    solver.setOptionValue("solver", chosen)
    solver.setOptionValue("threads", threads)
    if math.isfinite(time_limit):
        solver.setOptionValue("time_limit", float(time_limit))
    if chosen != "simplex":
        solver.setOptionValue("run_crossover", "off")
        solver.setOptionValue("ipm_optimality_tolerance", rtol * HEADROOM)
        solver.setOptionValue("pdlp_optimality_tolerance", rtol * HEADROOM)
    solver.passModel(_model(lp))
    if warm_start is not None:
        start = highspy.HighsSolution()
        start.col_value = np.asarray(warm_start, dtype=np.float64)
        start.value_valid = True
        solver.setSolution(start)
    began = time.perf_counter()
    solver.run()
    seconds = time.perf_counter() - began
    model_status = solver.getModelStatus()
    reported = _STATUS.get(model_status, NOT_SOLVED)
    solution = solver.getSolution()
    rows, cols, _ = lp.size
    x = np.array(solution.col_value, dtype=np.float64) if solution.value_valid else np.zeros(cols)
    y = np.array(solution.row_dual, dtype=np.float64) if solution.dual_valid else np.zeros(rows)
    info = solver.getInfo()
    iterations = int(
        info.simplex_iteration_count + info.ipm_iteration_count + info.pdlp_iteration_count
    )
    return judged(
        lp,
        x,
        y,
        rtol=rtol,
        solver=f"highs-{chosen}",
        iterations=iterations,
        seconds=seconds,
        reported=reported,
        detail=f"HiGHS {chosen}: {solver.modelStatusToString(model_status)}",
    )


class _Quiet(highspy.Highs):
    """HiGHS writing nothing to stdout: its output is off before highspy's constructor
    enables the callbacks, which is where HiGHS writes its banner."""

    def enableCallbacks(self) -> None:
        self.setOptionValue("output_flag", False)
        super().enableCallbacks()  # type: ignore[no-untyped-call]


def _model(lp: LinearProgram) -> highspy.HighsLp:
    model = highspy.HighsLp()
    rows, cols, _ = lp.size
    model.num_col_ = cols
    model.num_row_ = rows
    model.col_cost_ = lp.cost
    model.col_lower_ = lp.col_lower
    model.col_upper_ = lp.col_upper
    model.row_lower_ = lp.row_lower
    model.row_upper_ = lp.row_upper
    matrix = lp.matrix
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.num_col_ = cols
    model.a_matrix_.num_row_ = rows
    model.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    model.a_matrix_.index_ = matrix.indices.astype(np.int32)
    model.a_matrix_.value_ = matrix.data.astype(np.float64)
    return model
