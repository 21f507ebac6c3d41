"""The plan ray: balances hold, the dual certifies it is maximal, bottlenecks are named."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sovet.planning import (
    Economy,
    InfeasibleTargets,
    PlanRay,
    Process,
    gross_output,
    labour_values,
    plan_ray,
    planray,
)
from sovet.planning.planray import Method, plan_ray_programme
from sovet.planning.solvers.lp import UNBOUNDED, LinearProgram, LPSolution, certify
from sovet.planning.solvers.pdlp import solve_pdlp
from sovet.planning.synthetic import (
    random_capacities,
    random_economy,
    random_targets,
    with_capacities,
)

from .books import PRODUCTS, processes


def capacitated(size: int, *, alternatives: float, seed: int) -> tuple[Economy, np.ndarray, float]:
    economy = random_economy(size, inputs_per_process=5, alternatives=alternatives, seed=seed)
    demand = random_targets(economy, seed=seed)
    levels = gross_output(economy, demand).levels
    economy = with_capacities(economy, random_capacities(economy, levels, seed=seed))
    labour = 2.0 * float(economy.labour @ levels)
    return economy, demand, labour


def assert_balanced(economy: Economy, demand: np.ndarray, labour: float, ray: PlanRay) -> None:
    tolerance = 1e-6 * max(1.0, float(demand.max()))
    assert (ray.net_output >= ray.scale * demand - tolerance).all()
    assert (ray.levels >= -tolerance).all()
    assert (ray.levels <= economy.capacity * (1 + 1e-6) + tolerance).all()
    assert ray.labour_used <= labour * (1 + 1e-6)


@settings(max_examples=15, deadline=None)
@given(size=st.integers(min_value=2, max_value=200), seed=st.integers(0, 10**6))
def test_the_leontief_plan_ray_is_balanced_and_certified_maximal_by_its_dual(
    size: int, seed: int
) -> None:
    economy, demand, labour = capacitated(size, alternatives=0.0, seed=seed)
    ray = plan_ray(economy, demand, labour=labour, method="leontief")
    assert ray.success, ray.message
    assert_balanced(economy, demand, labour, ray)
    certificate = ray.certificate
    assert certificate.dual_residual <= 1e-6
    assert certificate.dual_objective == pytest.approx(-ray.scale, rel=1e-6)
    assert (ray.prices >= 0).all() and float(ray.prices @ demand) == pytest.approx(1.0)


@settings(max_examples=10, deadline=None)
@given(
    size=st.integers(min_value=2, max_value=80),
    seed=st.integers(0, 10**6),
    alternatives=st.sampled_from([0.0, 0.5]),
)
def test_the_plan_ray_equals_the_simplex_optimum(size: int, seed: int, alternatives: float) -> None:
    economy, demand, labour = capacitated(size, alternatives=alternatives, seed=seed)
    ours = plan_ray(economy, demand, labour=labour)
    simplex = plan_ray(economy, demand, labour=labour, method="simplex")
    assert ours.success and simplex.success
    assert ours.scale == pytest.approx(simplex.scale, rel=1e-6)
    assert_balanced(economy, demand, labour, ours)


def test_a_certificate_recomputed_from_the_published_plan_agrees() -> None:
    economy, demand, labour = capacitated(300, alternatives=0.0, seed=11)
    ray = plan_ray(economy, demand, labour=labour)
    lp = plan_ray_programme(economy, demand, labour)
    row_duals = np.append(ray.prices, -ray.wage)
    again = certify(lp, np.append(ray.levels, ray.scale), row_duals)
    assert again.within(1e-6)
    assert again.primal_objective == pytest.approx(-ray.scale)


def test_the_shadow_price_of_the_binding_capacity_is_the_gain_from_one_more_unit() -> None:
    economy, demand, _ = capacitated(200, alternatives=0.0, seed=5)
    ray = plan_ray(economy, demand, labour=math.inf)
    binding = ray.bottlenecks[0]
    process = economy.process_codes.index(binding.process)
    wider = economy.capacity.copy()
    step = 1e-7 * wider[process]
    wider[process] += step
    more = plan_ray(with_capacities(economy, wider), demand)
    assert (more.scale - ray.scale) / step == pytest.approx(binding.shadow_price, rel=1e-4)


def test_when_labour_binds_the_prices_are_labour_values_at_the_wage() -> None:
    economy = random_economy(300, inputs_per_process=5, seed=8)
    demand = random_targets(economy, seed=8)
    needed = gross_output(economy, demand).labour
    ray = plan_ray(economy, demand, labour=0.5 * needed)
    assert ray.success
    assert ray.scale == pytest.approx(0.5)
    assert ray.bottlenecks[0].kind == "labour"
    values = labour_values(economy).values
    assert ray.prices == pytest.approx(values * ray.wage, rel=1e-8)


def test_targets_beyond_a_capacity_are_refused_naming_the_binding_capacity() -> None:
    economy = Economy.from_books(PRODUCTS, processes(steel_capacity=100.0, mill_capacity=20.0))
    ray = plan_ray(economy, {"steel": 200.0, "bread": 1000.0})
    assert ray.success and ray.scale < 1.0
    with pytest.raises(InfeasibleTargets) as refusal:
        ray.require_targets_met()
    assert refusal.value.culprit in ("blast", "electric")
    assert "capacity" in refusal.value.message
    assert "steel" in ray.shortfalls


def test_a_bottleneck_on_the_cheap_steelworks_is_relieved_by_the_dearer_one() -> None:
    economy = Economy.from_books(PRODUCTS, processes(steel_capacity=100.0, mill_capacity=80.0))
    ray = plan_ray(economy, {"steel": 150.0, "bread": 1000.0})
    assert ray.success, ray.message
    levels = dict(zip(economy.process_codes, ray.levels, strict=True))
    assert levels["blast"] == pytest.approx(100.0)
    assert levels["electric"] > 0
    assert {b.process for b in ray.bottlenecks} >= {"blast"}


@pytest.mark.parametrize("method", ["auto", "highs", "pdlp"])
@pytest.mark.parametrize("steel_capacity", [100.0, math.inf])
def test_when_labour_alone_binds_no_capacity_is_named_for_a_noise_price(
    method: Method, steel_capacity: float
) -> None:
    economy = Economy.from_books(PRODUCTS, processes(steel_capacity=steel_capacity))
    ray = plan_ray(economy, {"steel": 50.0, "bread": 1000.0}, labour=100.0, method=method)
    assert ray.success, ray.message
    assert [bottleneck.kind for bottleneck in ray.bottlenecks] == ["labour"]


def bakeries(*capacities: float) -> list[Process]:
    """Bakeries that copied one technique, with these capacities."""
    return [
        Process(
            f"bakery-{number}",
            "bread",
            f"Bakery No. {number}",
            labour=0.2,
            inputs={"coal": 0.01, "steel": 0.001},
            capacity=capacity,
        )
        for number, capacity in enumerate(capacities, start=1)
    ]


@pytest.mark.parametrize("method", ["auto", "simplex", "ipm"])
def test_workplaces_that_work_alike_each_run_the_same_share_of_their_capacity(
    method: Method,
) -> None:
    books = [p for p in processes(mill_capacity=80.0) if p.code != "bakery"]
    economy = Economy.from_books(PRODUCTS, books + bakeries(100.0, 200.0, 300.0))
    ray = plan_ray(economy, {"steel": 150.0, "bread": 100.0}, method=method)
    assert ray.success, ray.message
    levels = dict(zip(economy.process_codes, ray.levels, strict=True))
    shares = [levels[f"bakery-{n}"] / capacity for n, capacity in ((1, 100), (2, 200), (3, 300))]
    assert 0 < shares[0] < 1
    assert shares == pytest.approx([shares[0]] * 3, rel=1e-12)
    assert levels["bakery-1"] + levels["bakery-2"] + levels["bakery-3"] == pytest.approx(
        100.0 * ray.scale, rel=1e-6
    )
    lp = plan_ray_programme(economy, ray.targets, math.inf)
    assert lp.size[0] == economy.n_products
    assert certify(lp, np.append(ray.levels, ray.scale), ray.prices).within(1e-6)


def test_alike_workplaces_without_limits_share_their_work_equally() -> None:
    economy = Economy.from_books(PRODUCTS, processes() + bakeries(math.inf))
    ray = plan_ray(economy, {"steel": 150.0, "bread": 100.0})
    levels = dict(zip(economy.process_codes, ray.levels, strict=True))
    assert levels["bakery"] == pytest.approx(levels["bakery-1"], rel=1e-12)
    assert levels["bakery"] > 0


def test_a_warm_start_from_the_previous_round_gives_the_same_plan() -> None:
    economy, demand, labour = capacitated(500, alternatives=0.0, seed=2)
    first = plan_ray(economy, demand, labour=labour)
    second = plan_ray(economy, demand * 1.01, labour=labour, warm_start=first)
    cold = plan_ray(economy, demand * 1.01, labour=labour)
    assert second.scale == pytest.approx(cold.scale, rel=1e-9)
    assert second.iterations <= cold.iterations


def test_bad_arguments_are_named() -> None:
    economy, demand, _ = capacitated(10, alternatives=0.0, seed=1)
    with pytest.raises(ValueError, match="targets"):
        plan_ray(economy, np.zeros(10))
    with pytest.raises(ValueError, match="labour"):
        plan_ray(economy, demand, labour=-1.0)
    with pytest.raises(ValueError, match="method"):
        plan_ray(economy, demand, method="guess")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rtol"):
        plan_ray(economy, demand, rtol=0.0)
    with pytest.raises(ValueError, match="maxiter"):
        plan_ray(economy, demand, maxiter=-1)
    with pytest.raises(ValueError, match="time_limit"):
        plan_ray(economy, demand, time_limit=0.0)


def test_the_gpu_method_runs_the_engine_s_pdlp_and_starts_from_the_last_round(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wiring of ``method="gpu"``, with the PDLP it calls run on the CPU backend."""
    solved: list[int] = []

    def on_the_cpu(lp: LinearProgram, **options: Any) -> LPSolution:
        assert options.pop("device") == "gpu"
        solution = solve_pdlp(lp, device="cpu", **options)
        solved.append(solution.iterations)
        return solution

    monkeypatch.setattr(planray, "gpu_available", lambda: True)
    monkeypatch.setattr(planray, "solve_pdlp", on_the_cpu)
    economy, demand, labour = capacitated(60, alternatives=0.3, seed=9)
    simplex = plan_ray(economy, demand, labour=labour, method="simplex")
    ray = plan_ray(economy, demand, labour=labour, method="gpu")
    assert ray.success and ray.solver == "sovet-pdlp-cpu"
    assert ray.scale == pytest.approx(simplex.scale, rel=2e-6)
    assert_balanced(economy, demand, labour, ray)
    again = plan_ray(economy, demand, labour=labour, method="gpu", warm_start=simplex)
    assert again.success
    assert solved[0] > 100 and solved[1] < solved[0] / 10


def test_the_gpu_method_is_refused_by_name_where_there_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(planray, "gpu_available", lambda: False)
    economy, demand, _ = capacitated(10, alternatives=0.0, seed=1)
    with pytest.raises(ValueError, match="method: 'gpu' needs CuPy and a CUDA device"):
        plan_ray(economy, demand, method="gpu")


@pytest.mark.parametrize("method", ["auto", "relief", "simplex", "highs"])
def test_an_economy_that_nothing_limits_has_an_unbounded_plan_ray_said_at_once(
    method: Method,
) -> None:
    economy = random_economy(50, seed=1)
    ray = plan_ray(economy, random_targets(economy, seed=1), method=method)
    assert ray.status == UNBOUNDED and not ray.success
    assert ray.solver == "leontief"
    assert "nothing limits the target mix" in ray.message
