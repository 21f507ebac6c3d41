"""The certificate, not the solver's report, says whether a programme is solved."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from sovet.planning.solvers.lp import (
    INFEASIBLE,
    NOT_SOLVED,
    OPTIMAL,
    TIME_LIMIT,
    LinearProgram,
    certify,
    judged,
)

# min -x  s.t.  x <= 1 (a row), x >= 0: the optimum is x = 1, with row dual -1.
PROGRAMME = LinearProgram(
    cost=np.array([-1.0]),
    matrix=sp.csc_array(np.array([[1.0]])),
    row_lower=np.array([-np.inf]),
    row_upper=np.array([1.0]),
    col_lower=np.array([0.0]),
    col_upper=np.array([np.inf]),
)
OPTIMUM = (np.array([1.0]), np.array([-1.0]))
SHORT = (np.array([0.9]), np.array([-1.0]))


def judge(point: tuple[np.ndarray, np.ndarray], reported: int) -> tuple[int, bool]:
    x, y = point
    solution = judged(
        PROGRAMME, x, y, rtol=1e-6, solver="test", iterations=0, seconds=0.0, reported=reported
    )
    return solution.status, solution.success


@pytest.mark.parametrize("reported", [NOT_SOLVED, TIME_LIMIT])
def test_an_answer_the_certificate_accepts_is_optimal_whatever_the_solver_reported(
    reported: int,
) -> None:
    assert judge(OPTIMUM, reported) == (OPTIMAL, True)


def test_a_reported_optimum_the_certificate_refuses_is_not_solved() -> None:
    assert judge(SHORT, OPTIMAL) == (NOT_SOLVED, False)


@pytest.mark.parametrize("reported", [NOT_SOLVED, TIME_LIMIT])
def test_an_answer_short_of_the_optimum_keeps_the_solver_s_status(reported: int) -> None:
    assert judge(SHORT, reported) == (reported, False)


def test_a_reported_infeasibility_is_not_overruled() -> None:
    assert judge(OPTIMUM, INFEASIBLE) == (INFEASIBLE, False)


def test_a_small_capacity_exceeded_is_not_hidden_by_a_large_one() -> None:
    # max x1 + x2 with x1 <= 1000 and x2 <= 0.001: x2 a tenth over its capacity.
    programme = LinearProgram(
        cost=np.array([-1.0, -1.0]),
        matrix=sp.csc_array(np.zeros((1, 2))),
        row_lower=np.array([-np.inf]),
        row_upper=np.array([0.0]),
        col_lower=np.zeros(2),
        col_upper=np.array([1000.0, 0.001]),
    )
    certificate = certify(programme, np.array([1000.0, 0.0011]), np.zeros(1))
    assert certificate.primal_residual == pytest.approx(1e-4 / 1.001)
    assert not certificate.within(1e-6)
