"""A linear programme in one general form, and the certificate of a solution to it.

    minimise  c x   subject to   row_lower <= A x <= row_upper,  col_lower <= x <= col_upper

Every solver's answer, HiGHS's or the engine's own, is judged by the same
:func:`certify`: from the primal x and the row duals y alone it computes the primal
residual, the dual residual and the duality gap. A result is trusted only as far as
these say, never because a solver reported success.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ..economy import absolute

Vector = npt.NDArray[np.float64]

OPTIMAL, TIME_LIMIT, INFEASIBLE, UNBOUNDED, NOT_SOLVED = 0, 1, 2, 3, 4
MESSAGES = {
    OPTIMAL: "optimal: the residuals and the gap are within the tolerance",
    TIME_LIMIT: "stopped at the time or iteration limit before reaching the tolerance",
    INFEASIBLE: "the constraints cannot all be met",
    UNBOUNDED: "the objective is unbounded",
    NOT_SOLVED: "the solver did not reach the tolerance",
}


@dataclass(frozen=True)
class LinearProgram:
    """min cost.x s.t. row_lower <= matrix x <= row_upper, col_lower <= x <= col_upper."""

    cost: Vector
    matrix: sp.csc_array
    row_lower: Vector
    row_upper: Vector
    col_lower: Vector
    col_upper: Vector

    def __post_init__(self) -> None:
        rows, cols = self.matrix.shape
        for name, vector, size in [
            ("cost", self.cost, cols),
            ("row_lower", self.row_lower, rows),
            ("row_upper", self.row_upper, rows),
            ("col_lower", self.col_lower, cols),
            ("col_upper", self.col_upper, cols),
        ]:
            if vector.shape != (size,):
                raise ValueError(f"{name}: expected {size} entries, got shape {vector.shape}")

    @property
    def size(self) -> tuple[int, int, int]:
        """Rows, columns and non-zeros."""
        return self.matrix.shape[0], self.matrix.shape[1], self.matrix.nnz


@dataclass(frozen=True)
class Certificate:
    """How well a primal-dual pair solves a linear programme, all relative measures.

    - ``primal_residual``: the largest violation of a row, over 1 + the size of that row's
      terms and bounds, or of a variable's bound, over 1 + the size of its bounds (each
      measured against its own size, so that no small capacity is hidden by a large one);
    - ``dual_residual``: the largest dual sign violation (a dual or reduced cost that
      leans on an infinite bound), over 1 + the size of the costs and A^T y;
    - ``gap``: |primal objective - dual objective| over max(1, |either|).

    When both residuals are zero, ``dual_objective`` is a proven bound on the optimum.
    """

    primal_objective: float
    dual_objective: float
    primal_residual: float
    dual_residual: float
    gap: float

    def within(self, rtol: float) -> bool:
        return max(self.primal_residual, self.dual_residual, self.gap) <= rtol


def certify(lp: LinearProgram, x: Vector, y: Vector) -> Certificate:
    """The certificate of primal ``x`` and row duals ``y`` (signs as for minimisation)."""
    transposed = sp.csr_array(lp.matrix.T)
    return measure(
        np,
        lp,
        x,
        y,
        activity=lp.matrix @ x,
        row_sizes=absolute(lp.matrix) @ np.abs(x),
        dual_activity=transposed @ y,
        dual_sizes=absolute(transposed) @ np.abs(y),
    )


class Bounds(Protocol):
    """The costs and bounds of a programme, as arrays of any NumPy-like module."""

    @property
    def cost(self) -> Any: ...
    @property
    def row_lower(self) -> Any: ...
    @property
    def row_upper(self) -> Any: ...
    @property
    def col_lower(self) -> Any: ...
    @property
    def col_upper(self) -> Any: ...


def measure(
    xp: Any,
    bounds: Bounds,
    x: Any,
    y: Any,
    *,
    activity: Any,
    row_sizes: Any,
    dual_activity: Any,
    dual_sizes: Any,
) -> Certificate:
    """The certificate from the matrix products A x, |A| |x|, A^T y and |A^T| |y|.

    ``xp`` is the array module the vectors live in (NumPy, or CuPy on a GPU), so that a
    solver can judge its iterates where they are, by the same measures as :func:`certify`.
    """
    row_violation = xp.maximum(bounds.row_lower - activity, 0) + xp.maximum(
        activity - bounds.row_upper, 0
    )
    col_violation = xp.maximum(bounds.col_lower - x, 0) + xp.maximum(x - bounds.col_upper, 0)
    row_scale = 1.0 + xp.maximum(row_sizes, _bound_size(xp, bounds.row_lower, bounds.row_upper))
    col_scale = 1.0 + _bound_size(xp, bounds.col_lower, bounds.col_upper)
    primal_residual = max(_max(row_violation / row_scale), _max(col_violation / col_scale))

    reduced = bounds.cost - dual_activity
    row_part, row_bad = _bound_terms(xp, y, bounds.row_lower, bounds.row_upper)
    col_part, col_bad = _bound_terms(xp, reduced, bounds.col_lower, bounds.col_upper)
    dual_scale = 1.0 + max(_max(xp.abs(bounds.cost)), _max(dual_sizes))
    dual_residual = max(_max(row_bad), _max(col_bad)) / dual_scale

    primal_objective = float(bounds.cost @ x)
    dual_objective = row_part + col_part
    gap = abs(primal_objective - dual_objective) / max(
        1.0, abs(primal_objective), abs(dual_objective)
    )
    return Certificate(primal_objective, dual_objective, primal_residual, dual_residual, gap)


def _bound_terms(xp: Any, duals: Any, lower: Any, upper: Any) -> tuple[float, Any]:
    """The dual objective's terms sum(d+ lower - d- upper), and the duals on infinite bounds."""
    positive = xp.maximum(duals, 0)
    negative = xp.maximum(-duals, 0)
    finite_lower = xp.isfinite(lower)
    finite_upper = xp.isfinite(upper)
    total = float(positive @ xp.where(finite_lower, lower, 0.0)) - float(
        negative @ xp.where(finite_upper, upper, 0.0)
    )
    bad = xp.where(finite_lower, 0.0, positive) + xp.where(finite_upper, 0.0, negative)
    return total, bad


def _bound_size(xp: Any, lower: Any, upper: Any) -> Any:
    """The larger size of each pair of bounds, infinite bounds counted as zero."""
    finite_lower = xp.where(xp.isfinite(lower), xp.abs(lower), 0.0)
    finite_upper = xp.where(xp.isfinite(upper), xp.abs(upper), 0.0)
    return xp.maximum(finite_lower, finite_upper)


def _max(vector: Any) -> float:
    return float(vector.max()) if vector.size else 0.0


@dataclass(frozen=True)
class LPSolution:
    """A solver's answer with our certificate of it."""

    x: Vector
    row_duals: Vector
    certificate: Certificate
    solver: str
    iterations: int
    seconds: float
    status: int
    success: bool
    message: str

    @property
    def objective(self) -> float:
        return self.certificate.primal_objective


def judged(
    lp: LinearProgram,
    x: Vector,
    y: Vector,
    *,
    rtol: float,
    solver: str,
    iterations: int,
    seconds: float,
    reported: int,
    detail: str = "",
) -> LPSolution:
    """Wrap a solver's answer: optimal exactly when our certificate says so.

    A solver that reports an optimum our certificate does not accept has not solved the
    programme to ``rtol``; one that stopped short of its own tolerance or at its limit
    (HiGHS's PDLP measures its residuals its own way) with an answer our certificate
    accepts has.
    """
    certificate = certify(lp, x, y)
    certified = certificate.within(rtol)
    status = reported
    if reported == OPTIMAL and not certified:
        status = NOT_SOLVED
    elif reported in (NOT_SOLVED, TIME_LIMIT) and certified:
        status = OPTIMAL
    message = MESSAGES[status] + (f" ({detail})" if detail else "")
    if status in (OPTIMAL, NOT_SOLVED, TIME_LIMIT):
        message += (
            f"; primal residual {certificate.primal_residual:.1e}, dual residual "
            f"{certificate.dual_residual:.1e}, gap {certificate.gap:.1e}"
        )
    return LPSolution(
        x=x,
        row_duals=y,
        certificate=certificate,
        solver=solver,
        iterations=iterations,
        seconds=seconds if math.isfinite(seconds) else 0.0,
        status=status,
        success=status == OPTIMAL,
        message=message,
    )
