"""Polishing a first-order answer onto the optimal face that it points at.

PDLP finds the optimal face of a programme long before it reaches a point of it to the
accuracy asked for. On the plan ray with choice of technique its primal residual stalls
for hundreds of thousands of iterations while the gap falls: a few directions of nearly
zero reduced cost (two techniques of a product costing almost the same) converge
slowly, and the objective hardly depends on them.

A polish reads the face off the iterate: a variable within ``tolerance`` of a bound
(relative to the bound's size) is put on it, and a row within ``tolerance`` of a bound
(relative to its terms' size) holds as an equation there; every other variable is free
and every other row slack. Then, by least squares (LSMR: iterative, one product with A
and one with A^T a step, no factorisation):

- the primal: the smallest change of the free variables that makes the active rows
  hold exactly;
- the push: where more variables are free than rows hold, the primal moves along the
  objective's steepest descent within the face until a free variable reaches a bound,
  one at a time, to a vertex;
- the duals: those of the active rows that make the free variables' reduced costs zero,
  the other rows' duals zero, every dual on the side its bound allows.

Where the face is read right, the polished pair is optimal to the accuracy of the
solves. Measured on the benchmark's plan rays with choice of technique, on the CPU:

- at 10^3 and 3·10^3 products, from the first iterate within 1e-4, the optimum to
  residuals of 1e-16 and a gap of 3e-11, where PDLP alone took 2.7 and 9.4 times
  the iterations to reach 1e-6;
- at 10^4, from an iterate at 1.5e-6, the optimum to 1e-12 in four solves of about
  5,000 steps; from one at 1e-5 the face was read wrong in 15 places, three of them
  processes that run at the optimum but stood at zero, which no push can mend.

Where the face is read wrong, the pair is worse and PDLP goes on: the caller judges
every pair by the certificate, and a polish is never trusted on its own. Crossover to a
simplex basis would also mend a face read wrong, but each of its pivots pays for a
solve with the basis.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

LSMR_TOLERANCE = 1e-10
"""LSMR's ``atol`` and ``btol``. At 3·10^3 products 1e-14 took a quarter more steps for
no better certificate, and 1e-6 left a gap of 8e-7."""

CONVERGED = (0, 1, 2, 4, 5)
"""LSMR's stopping reasons that mean it converged (the others: the step limit, or a
condition number it judged too large)."""

CROSSINGS = 3
"""Primal projections at most: after each, the free variables it carried across a bound
are put on that bound."""

PUSHES = 8
"""Pushes of the primal towards a vertex at most (each one solve for the duals and one
for the primal)."""


@dataclass(frozen=True)
class Face:
    """The face read off an iterate, as arrays of the iterate's array module.

    ``free`` and ``active`` mark (1.0, else 0.0) the free variables and the rows that
    hold as equations, at ``row_target``; ``fixed_at`` is the bound each other variable
    is put on; ``dual_sign`` the sign a row's dual must have (+1 at its lower bound, -1
    at its upper, 0 where it holds at both and its dual is free).
    """

    free: Any
    fixed_at: Any
    active: Any
    row_target: Any
    dual_sign: Any

    @classmethod
    def of(
        cls, xp: Any, bounds: Any, x: Any, activity: Any, row_sizes: Any, tolerance: float
    ) -> Face:
        lower, upper = bounds.col_lower, bounds.col_upper
        near_lower = xp.isfinite(lower) & (x - lower <= tolerance * (1.0 + xp.abs(lower)))
        near_upper = xp.isfinite(upper) & (upper - x <= tolerance * (1.0 + xp.abs(upper)))
        free = ~(near_lower | near_upper)
        fixed_at = xp.where(near_lower, lower, xp.where(near_upper, upper, x))
        size = tolerance * (1.0 + row_sizes)
        row_lower, row_upper = bounds.row_lower, bounds.row_upper
        at_lower = xp.isfinite(row_lower) & (activity - row_lower <= size)
        at_upper = xp.isfinite(row_upper) & (row_upper - activity <= size)
        active = at_lower | at_upper
        return cls(
            free=free.astype(xp.float64),
            fixed_at=fixed_at,
            active=active.astype(xp.float64),
            row_target=xp.where(at_lower, row_lower, xp.where(at_upper, row_upper, 0.0)),
            dual_sign=at_lower.astype(xp.float64) - at_upper.astype(xp.float64),
        )


def project(
    xp: Any,
    linalg: Any,
    matrices: tuple[Any, Any],
    bounds: Any,
    point: tuple[Any, Any],
    face: Face,
    *,
    steps: int,
    deadline: float = math.inf,
) -> tuple[Any, Any] | None:
    """The primal and dual projections of ``point`` (x, y) onto ``face``, the primal
    pushed to a vertex of it; None where the polish gave up.

    - The primal: free variables that the projection carries across a bound are put on
      it and the projection is repeated, up to ``CROSSINGS`` times.
    - The push: while more variables are free than rows hold (up to ``PUSHES`` times),
      the face is wider than a vertex. The reduced costs of the duals' projection are
      then the objective's steepest descent within the face (they are the part of the
      costs that the active rows cannot price), so the primal moves along them until a
      free variable reaches a bound, which it is put on: the gradient projection
      method, on the face. Putting several on their bounds a push, as they are reached
      along the same direction, lost the optimum at 3·10^3 products.
    - The duals: projected onto the face that results.

    It gives up when a solve does not converge within ``steps`` LSMR steps or would
    start after ``deadline`` (on ``time.perf_counter``), or when the active rows are
    further from holding after the first primal projection than before it (the face is
    read wrong: at 10^4 products, from iterates at 1e-4, the projection carried
    variables far across their bounds). A push after which the rows cannot be made to
    hold again is undone and ends the pushes (where the face is nearly optimal, the
    steepest descent is so small that the step to a bound is huge, and so is its
    error).

    ``matrices`` are A and A^T in the CSR type of ``linalg`` (SciPy's or CuPy's
    ``sparse.linalg``), ``bounds`` the programme's costs and bounds there.
    """
    try:
        return _Polish(xp, linalg, matrices, bounds, face, steps, deadline).run(point)
    except _GaveUp:
        return None


class _GaveUp(Exception):
    """A solve ran out of steps, or the primal moved away from the face."""


@dataclass(frozen=True)
class _Polish:
    xp: Any
    linalg: Any
    matrices: tuple[Any, Any]
    bounds: Any
    face: Face
    steps: int
    deadline: float

    def run(self, point: tuple[Any, Any]) -> tuple[Any, Any]:
        xp, face = self.xp, self.face
        lower, upper = self.bounds.col_lower, self.bounds.col_upper
        x, y = point
        free = face.free
        x = xp.where(free > 0, x, face.fixed_at)
        y = face.active * y
        rows = float(face.active.sum())
        x, free = self.primal(x, free)
        for _ in range(PUSHES):
            if float(free.sum()) <= rows:
                break
            y, reduced = self.dual(y, free)
            direction = -free * reduced
            usable = xp.where(direction != 0, direction, 1.0)
            limits = xp.where(
                direction < 0,
                (x - lower) / -usable,
                xp.where(direction > 0, (upper - x) / usable, xp.inf),
            )
            hit = int(xp.argmin(limits))
            step = float(limits[hit])
            if not math.isfinite(step):
                break
            pushed = free.copy()
            pushed[hit] = 0.0
            try:
                x, free = self.primal(xp.clip(x + step * direction, lower, upper), pushed)
            except _GaveUp:
                break
        y, _ = self.dual(y, free)
        return x, y

    def primal(self, x: Any, free: Any) -> tuple[Any, Any]:
        """The smallest change of the free variables that makes the active rows hold,
        with the variables it carries across a bound put on it; and the free variables
        left. (Measuring each change against the variable's room to its bound, so that
        those near a bound hardly move, slowed LSMR beyond 20,000 steps at 10^4.)"""
        xp, face = self.xp, self.face
        matrix, _ = self.matrices
        lower, upper = self.bounds.col_lower, self.bounds.col_upper
        missing = face.active * (face.row_target - matrix @ x)
        before = float(xp.linalg.norm(missing))
        for _ in range(CROSSINGS):
            forward, _ = self.restricted(free)
            moved = x + free * self.lsmr(forward, missing)
            crossed = (moved < lower) | (moved > upper)
            x = xp.clip(moved, lower, upper)
            missing = face.active * (face.row_target - matrix @ x)
            if not bool(crossed.any()):
                break
            free = free * ~crossed
        if float(xp.linalg.norm(missing)) > before:
            raise _GaveUp
        return x, free

    def dual(self, y: Any, free: Any) -> tuple[Any, Any]:
        """The smallest change of the active rows' duals that makes the free variables'
        reduced costs zero (in the least-squares sense), each dual then on the side its
        bound allows; and the free variables' reduced costs that remain."""
        xp, face = self.xp, self.face
        _, transposed = self.matrices
        _, backward = self.restricted(free)
        y = y + face.active * self.lsmr(backward, free * (self.bounds.cost - transposed @ y))
        sign = face.dual_sign
        y = xp.where(sign > 0, xp.maximum(y, 0.0), xp.where(sign < 0, xp.minimum(y, 0.0), y))
        return y, free * (self.bounds.cost - transposed @ y)

    def restricted(self, free: Any) -> tuple[Any, Any]:
        """A restricted to the active rows and free columns, and its transpose, as
        operators on whole vectors (the other entries are zero)."""
        matrix, transposed = self.matrices
        active = self.face.active
        rows, cols = matrix.shape

        def forward(vector: Any) -> Any:
            return active * (matrix @ (free * vector))

        def backward(vector: Any) -> Any:
            return free * (transposed @ (active * vector))

        operator, dtype = self.linalg.LinearOperator, self.xp.float64
        return (
            operator((rows, cols), matvec=forward, rmatvec=backward, dtype=dtype),
            operator((cols, rows), matvec=backward, rmatvec=forward, dtype=dtype),
        )

    def lsmr(self, operator: Any, rhs: Any) -> Any:
        if time.perf_counter() > self.deadline:
            raise _GaveUp
        solution, stop = self.linalg.lsmr(
            operator, rhs, atol=LSMR_TOLERANCE, btol=LSMR_TOLERANCE, maxiter=self.steps
        )[:2]
        if stop not in CONVERGED:
            raise _GaveUp
        return solution
