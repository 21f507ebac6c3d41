"""A polish lands a first-order iterate on the optimum of the face it points at."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sovet.planning.solvers import pdlp, polish
from sovet.planning.solvers.highs import solve_highs
from sovet.planning.solvers.lp import LinearProgram, Vector, certify
from sovet.planning.solvers.pdlp import _Bounds, solve_pdlp
from sovet.planning.solvers.polish import Face, project

from .test_pdlp import plan_ray_lp


def programme(
    cost: list[float],
    rows: list[list[float]],
    row_bounds: tuple[list[float], list[float]],
    col_bounds: tuple[list[float], list[float]],
) -> LinearProgram:
    return LinearProgram(
        cost=np.array(cost),
        matrix=sp.csc_array(np.array(rows)),
        row_lower=np.array(row_bounds[0]),
        row_upper=np.array(row_bounds[1]),
        col_lower=np.array(col_bounds[0]),
        col_upper=np.array(col_bounds[1]),
    )


def polished(
    lp: LinearProgram,
    x: Vector,
    y: Vector,
    *,
    tolerance: float,
    steps: int = 10_000,
    deadline: float = math.inf,
) -> tuple[Vector, Vector] | None:
    """The polish of (x, y) on the unscaled programme, its face read at ``tolerance``."""
    rows, cols, _ = lp.size
    bounds = _Bounds.of(np, lp, np.ones(rows), np.ones(cols))
    matrix = sp.csr_array(lp.matrix)
    face = Face.of(np, bounds, x, matrix @ x, abs(matrix) @ np.abs(x), tolerance)
    return project(
        np,
        scipy.sparse.linalg,
        (matrix, sp.csr_array(matrix.T)),
        bounds,
        (x, y),
        face,
        steps=steps,
        deadline=deadline,
    )


# min -(x1 + 2 x2) with x1 + x2 <= 1: the optimum is the vertex (0, 1), with dual -2.
EDGE = programme([-1.0, -2.0], [[1.0, 1.0]], ([-np.inf], [1.0]), ([0.0, 0.0], [1.0, 1.0]))


def test_the_push_moves_a_point_of_a_wide_face_to_its_optimal_vertex() -> None:
    # (0.5, 0.5) lies on the edge x1 + x2 = 1, inside both boxes: the projections alone
    # leave it there (objective -1.5); the push follows the objective along the edge.
    result = polished(EDGE, np.array([0.5, 0.5]), np.array([-1.5]), tolerance=1e-6)
    assert result is not None
    x, y = result
    np.testing.assert_allclose(x, [0.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(y, [-2.0], atol=1e-12)
    assert certify(EDGE, x, y).within(1e-12)


def test_a_rough_iterate_of_the_plan_ray_is_polished_to_the_simplex_optimum() -> None:
    lp = plan_ray_lp(150, alternatives=0.2, seed=3)
    simplex = solve_highs(lp, algorithm="simplex", rtol=1e-9)
    rough = solve_pdlp(lp, rtol=1e-4, polish=False)
    assert not rough.certificate.within(1e-6)
    result = polished(lp, rough.x, rough.row_duals, tolerance=1e-3)
    assert result is not None
    certificate = certify(lp, *result)
    assert certificate.within(1e-9), certificate
    assert certificate.primal_objective == pytest.approx(simplex.objective, rel=1e-9)


def test_a_polish_gives_up_when_a_solve_runs_out_of_steps() -> None:
    lp = plan_ray_lp(150, alternatives=0.2, seed=3)
    rough = solve_pdlp(lp, rtol=1e-2)
    assert polished(lp, rough.x, rough.row_duals, tolerance=1e-2, steps=1) is None


def test_a_polish_starts_no_solve_past_its_deadline() -> None:
    x, y = np.array([0.5, 0.5]), np.array([-1.5])
    assert polished(EDGE, x, y, tolerance=1e-6, deadline=time.perf_counter() + 60) is not None
    assert polished(EDGE, x, y, tolerance=1e-6, deadline=time.perf_counter()) is None


def test_a_polish_gives_up_when_the_primal_moves_away_from_the_face(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # x1 = x2 and x1 - 1.001 x2 = -0.01 hold only at (10, 10), beyond x2's bound of 1:
    # the projection carries x2 across it, and x2 put back on it breaks the first row.
    lp = programme(
        [0.0, 0.0],
        [[1.0, -1.0], [1.0, -1.001]],
        ([0.0, -0.01], [0.0, -0.01]),
        ([0.0, 0.0], [100.0, 1.0]),
    )
    monkeypatch.setattr(polish, "CROSSINGS", 1)
    assert polished(lp, np.array([0.5, 0.5]), np.zeros(2), tolerance=1e-9) is None


def test_a_polish_ends_by_the_time_limit_of_its_run(monkeypatch: pytest.MonkeyPatch) -> None:
    deadlines: list[float] = []

    def recorded(*arguments: object, deadline: float, **options: object) -> object:
        deadlines.append(deadline)
        return project(*arguments, deadline=deadline, **options)

    monkeypatch.setattr(pdlp, "project", recorded)
    monkeypatch.setattr(pdlp, "POLISH_SHARE", 1e9)
    lp = plan_ray_lp(150, alternatives=0.2, seed=3)
    solution = solve_pdlp(lp, rtol=1e-6, time_limit=120.0)
    ended = time.perf_counter()
    assert solution.success and "polished" in solution.message
    assert deadlines
    assert max(deadlines) <= ended + 120.0


@pytest.mark.parametrize(("size", "seed"), [(150, 3), (300, 5)])
def test_pdlp_certifies_the_plan_ray_sooner_and_exactly_with_the_polish(
    size: int, seed: int
) -> None:
    lp = plan_ray_lp(size, alternatives=0.2, seed=seed)
    with_polish = solve_pdlp(lp, rtol=1e-6)
    without = solve_pdlp(lp, rtol=1e-6, polish=False)
    assert with_polish.success and without.success
    assert "polished onto the optimal face" in with_polish.message
    assert "polished" not in without.message
    assert with_polish.iterations < without.iterations
    assert with_polish.certificate.within(1e-10), with_polish.certificate
    assert with_polish.objective == pytest.approx(without.objective, rel=2e-6)


@settings(max_examples=12, deadline=None)
@given(
    size=st.integers(20, 120),
    alternatives=st.sampled_from([0.0, 0.2, 0.5]),
    seed=st.integers(0, 10_000),
)
@example(size=34, alternatives=0.5, seed=943)
def test_a_polished_answer_is_the_simplex_optimum(
    size: int, alternatives: float, seed: int
) -> None:
    lp = plan_ray_lp(size, alternatives=alternatives, seed=seed)
    simplex = solve_highs(lp, algorithm="simplex", rtol=1e-9)
    ours = solve_pdlp(lp, rtol=1e-6)
    assert ours.success, ours.message
    # Certified at 1e-6, an answer may break a balance by up to 1e-6 of its size, and
    # its plan ray exceed the optimum by a few times that (2.1e-6 at the example above).
    assert ours.objective == pytest.approx(simplex.objective, rel=5e-6)
