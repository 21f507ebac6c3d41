"""The engine's own PDLP reaches the simplex optimum, judged by the same certificate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from sovet.planning import gross_output
from sovet.planning.planray import plan_ray_programme
from sovet.planning.solvers import pdlp
from sovet.planning.solvers.highs import solve_highs
from sovet.planning.solvers.lp import OPTIMAL, TIME_LIMIT, LinearProgram, certify
from sovet.planning.solvers.pdlp import solve_pdlp
from sovet.planning.synthetic import (
    random_capacities,
    random_economy,
    random_targets,
    with_capacities,
)

from .lpformat import read_lp


def plan_ray_lp(size: int, *, alternatives: float, seed: int) -> LinearProgram:
    economy = random_economy(size, inputs_per_process=5, alternatives=alternatives, seed=seed)
    demand = random_targets(economy, seed=seed)
    levels = gross_output(economy, demand).levels
    economy = with_capacities(economy, random_capacities(economy, levels, seed=seed))
    return plan_ray_programme(economy, demand, 2.0 * float(economy.labour @ levels))


@pytest.mark.parametrize(
    ("size", "alternatives", "seed"), [(40, 0.0, 1), (60, 0.3, 2), (150, 0.2, 3)]
)
def test_pdlp_reaches_the_simplex_optimum_of_the_plan_ray(
    size: int, alternatives: float, seed: int
) -> None:
    lp = plan_ray_lp(size, alternatives=alternatives, seed=seed)
    simplex = solve_highs(lp, algorithm="simplex", rtol=1e-9)
    ours = solve_pdlp(lp, rtol=1e-7)
    assert ours.success, ours.message
    assert ours.status == OPTIMAL
    assert ours.certificate.within(1e-7)
    assert ours.objective == pytest.approx(simplex.objective, rel=5e-7)
    assert ours.solver == "sovet-pdlp-cpu"


@pytest.mark.reference_data
def test_pdlp_reaches_the_published_optimum_of_the_williams_dynamic_plan(
    reference_data: Path,
) -> None:
    lp, _, sense = read_lp(reference_data / "lp/williams_economic_planning_gurobi/DynamicModel.lp")
    solution = solve_pdlp(lp, rtol=1e-8)
    assert solution.success, solution.message
    assert sense * solution.objective == pytest.approx(1902.21691, rel=1e-7)


def test_a_warm_start_at_the_optimum_is_certified_at_once() -> None:
    lp = plan_ray_lp(80, alternatives=0.2, seed=4)
    optimum = solve_highs(lp, algorithm="simplex", rtol=1e-10)
    cold = solve_pdlp(lp, rtol=1e-6)
    warm = solve_pdlp(lp, rtol=1e-6, warm_start=(optimum.x, optimum.row_duals))
    assert warm.success and cold.success
    assert warm.iterations == 0
    assert cold.iterations > 100


def test_the_iteration_limit_stops_it_with_an_honest_status() -> None:
    lp = plan_ray_lp(80, alternatives=0.2, seed=5)
    solution = solve_pdlp(lp, rtol=1e-9, max_iterations=10)
    assert solution.status == TIME_LIMIT
    assert not solution.success
    assert solution.iterations <= 10
    assert solution.x.shape == (lp.size[1],) and solution.row_duals.shape == (lp.size[0],)
    assert "primal residual" in solution.message


def test_the_certificate_measured_on_the_scaled_device_copy_is_the_host_s() -> None:
    lp = plan_ray_lp(60, alternatives=0.3, seed=6)
    rng = np.random.default_rng(6)
    x, y = rng.uniform(0, 2, lp.size[1]), rng.normal(size=lp.size[0])
    problem = pdlp._Problem.on(pdlp._backend("cpu"), lp)
    point = problem.point(x / problem.host(problem.col_scale), y / problem.host(problem.row_scale))
    on_device, on_host = problem.certificate(point), certify(lp, x, y)
    for measure in ("primal_residual", "dual_residual", "gap", "dual_objective"):
        assert getattr(on_device, measure) == pytest.approx(getattr(on_host, measure), rel=1e-10)


def test_equilibration_bounds_the_scaled_matrix_norm_by_one() -> None:
    rng = np.random.default_rng(7)
    matrix = sp.csc_array(sp.random(300, 200, density=0.05, random_state=rng) * 1e4)
    matrix.data *= rng.choice([-1.0, 1.0], size=matrix.nnz)
    rows, cols = pdlp._equilibrate(matrix)
    scaled = sp.diags_array(rows) @ matrix @ sp.diags_array(cols)
    largest = np.linalg.norm(scaled.toarray(), 2)
    assert largest <= 1.0 + 1e-12
    estimate = pdlp._norm(np, sp.csr_array(scaled), sp.csr_array(scaled.T))
    assert 0.999 * largest <= estimate <= 1.0


def test_bad_arguments_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    lp = plan_ray_lp(10, alternatives=0.0, seed=8)
    rows, cols, _ = lp.size
    for options, name in [
        ({"device": "tpu"}, "device"),
        ({"rtol": 0.0}, "rtol"),
        ({"time_limit": 0.0}, "time_limit"),
        ({"max_iterations": 0}, "max_iterations"),
        ({"check_every": 0}, "check_every"),
        ({"warm_start": (np.zeros(cols + 1), np.zeros(rows))}, "warm_start"),
    ]:
        with pytest.raises(ValueError, match=name):
            solve_pdlp(lp, **options)  # type: ignore[arg-type]
    monkeypatch.setattr(pdlp, "gpu_available", lambda: False)
    with pytest.raises(ValueError, match="device: 'gpu' needs CuPy and a CUDA device"):
        solve_pdlp(lp, device="gpu")
