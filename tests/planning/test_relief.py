"""Bottleneck relief: the plan ray with choice of technique, certified without HiGHS."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sovet.planning import Economy, PlanRay, carry_over, plan_ray, relief

from .test_planray import assert_balanced, capacitated


def two_products(
    *, capacity: list[float], inputs: list[list[float]], labour: list[float], makes: list[int]
) -> Economy:
    return Economy.from_arrays(
        products=["ore", "tool"],
        inputs=np.array(inputs),
        makes=makes,
        labour=labour,
        capacity=capacity,
        process_codes=[f"q{number}" for number in range(len(makes))],
    )


def tools_from_ore_or_from_labour() -> Economy:
    """Ore capped at 10; tools made cheaply from ore (q1) or dearly with little ore (q2)."""
    return two_products(
        capacity=[10.0, math.inf, math.inf],
        inputs=[[0.0, 0.5, 0.1], [0.0, 0.0, 0.0]],
        labour=[1.0, 0.1, 1.0],
        makes=[0, 1, 1],
    )


@settings(max_examples=15, deadline=None)
@given(
    size=st.integers(min_value=2, max_value=200),
    seed=st.integers(0, 10**6),
    alternatives=st.floats(min_value=0.1, max_value=0.5),
)
def test_with_choice_of_technique_the_structural_plan_ray_is_certified_and_equals_the_simplex(
    size: int, seed: int, alternatives: float
) -> None:
    economy, demand, labour = capacitated(size, alternatives=alternatives, seed=seed)
    ours = plan_ray(economy, demand, labour=labour, method="relief")
    simplex = plan_ray(economy, demand, labour=labour, method="simplex")
    assert ours.success, ours.message
    assert ours.solver in ("leontief", "relief")
    assert ours.certificate.dual_residual <= 1e-6 and ours.certificate.gap <= 1e-6
    assert ours.scale == pytest.approx(simplex.scale, rel=1e-6)
    assert_balanced(economy, demand, labour, ours)


def test_auto_no_longer_needs_highs_when_processes_compete() -> None:
    economy, demand, labour = capacitated(300, alternatives=0.3, seed=4)
    assert not plan_ray(economy, demand, labour=labour, method="leontief").success
    ray = plan_ray(economy, demand, labour=labour)
    assert ray.success, ray.message
    assert ray.solver == "relief"


def test_the_duals_updated_from_each_pivot_row_are_those_of_the_new_basis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    errors: list[float] = []

    def checked(factor: relief.Factor, weights: np.ndarray, run: relief._Run) -> np.ndarray:
        duals = updated(factor, weights, run)
        if run.updated is not None:
            solved = factor.prices(weights)
            errors.append(float(np.abs(duals - solved).max() / max(1.0, np.abs(solved).max())))
        return duals

    updated = relief._duals
    economy, demand, labour = capacitated(300, alternatives=0.3, seed=4)
    first = plan_ray(economy, demand, labour=labour, method="relief")
    monkeypatch.setattr(relief, "_duals", checked)
    moved = demand * np.random.default_rng(4).uniform(0.97, 1.03, size=demand.size)
    ray = plan_ray(economy, moved, labour=labour, method="relief", warm_start=first)
    assert ray.success, ray.message
    assert "from the previous round's technique" in ray.message
    assert len(errors) > 10
    assert max(errors) < 1e-8


def test_the_reduced_costs_updated_from_each_pivot_row_choose_as_fresh_ones_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    economy, demand, labour = capacitated(300, alternatives=0.3, seed=4)
    chosen: list[int | None] = []

    def recorded(*arguments: object) -> int | None:
        chosen.append(relieving(*arguments))
        return chosen[-1]

    relieving = relief._relieving
    monkeypatch.setattr(relief, "_relieving", recorded)
    paths = []
    for refresh in (1, 10**9):
        monkeypatch.setattr(relief, "REFRESH", refresh)
        chosen = []
        ray = plan_ray(economy, demand, labour=labour, method="relief")
        assert ray.success, ray.message
        assert "from the cheapest technique" in ray.message
        paths.append((chosen, ray.scale))
    (fresh, fresh_scale), (updated, updated_scale) = paths
    assert len(fresh) > 10
    assert updated == fresh
    assert updated_scale == pytest.approx(fresh_scale, rel=1e-12)


def test_a_warm_start_from_the_previous_round_takes_fewer_pivots_to_the_same_plan() -> None:
    economy, demand, labour = capacitated(400, alternatives=0.2, seed=9)
    first = plan_ray(economy, demand, labour=labour, method="relief")
    moved = demand * np.random.default_rng(9).uniform(0.99, 1.01, size=demand.size)
    warm = plan_ray(economy, moved, labour=labour, method="relief", warm_start=first)
    cold = plan_ray(economy, moved, labour=labour, method="relief")
    assert warm.success and cold.success
    assert warm.scale == pytest.approx(cold.scale, rel=1e-8)
    assert warm.iterations < cold.iterations


def revised(economy: Economy, order: np.ndarray) -> Economy:
    """The same proposals filed again in ``order``, as the next round's economy."""
    return Economy.from_arrays(
        products=economy.products,
        inputs=economy.inputs[:, order],
        makes=economy.makes[order],
        labour=economy.labour[order],
        capacity=economy.capacity[order],
        process_codes=[economy.process_codes[j] for j in order],
        workplaces=[economy.workplaces[j] for j in order],
    )


def named(economy: Economy, ray: PlanRay) -> dict[tuple[str, str], float]:
    return {
        (economy.workplaces[j], economy.process_codes[j]): float(ray.levels[j])
        for j in range(economy.n_processes)
    }


def test_a_plan_carried_onto_revised_proposals_starts_relief_from_its_technique() -> None:
    economy, demand, labour = capacitated(400, alternatives=0.2, seed=9)
    first = plan_ray(economy, demand, labour=labour, method="relief")
    alternatives = np.arange(economy.n_products, economy.n_processes)
    withdrawn = int(alternatives[np.argmax(first.levels[alternatives])])
    order = np.random.default_rng(9).permutation(economy.n_processes)
    order = order[order != withdrawn]
    again = revised(economy, order)
    carried = carry_over(
        again,
        levels=named(economy, first),
        prices=dict(zip(economy.products, first.prices, strict=True)),
        scale=first.scale,
    )
    assert carried.levels == pytest.approx(first.levels[order])
    assert carried.prices == pytest.approx(first.prices)
    ran = first.levels[order]
    for product in range(again.n_products):
        makers = np.flatnonzero(again.makes == product)
        if ran[makers].max() > 0:
            assert carried.technique[product] == makers[np.argmax(ran[makers])]
        else:
            assert carried.technique[product] == makers[0]
    warm = plan_ray(again, demand, labour=labour, method="relief", warm_start=carried)
    cold = plan_ray(again, demand, labour=labour, method="relief")
    assert warm.success and cold.success, (warm.message, cold.message)
    assert "from the previous round's technique" in warm.message
    assert "from the cheapest technique" in cold.message
    assert warm.scale == pytest.approx(cold.scale, rel=1e-8)
    assert warm.iterations < cold.iterations
    assert first.levels[withdrawn] > 0
    assert economy.process_codes[withdrawn] not in again.process_codes


@pytest.mark.parametrize(
    ("options", "named_argument"),
    [
        ({"scale": -1.0}, "scale"),
        ({"scale": math.inf}, "scale"),
        ({"wage": math.nan}, "wage"),
        ({"levels": {("w0", "q0"): math.nan}}, "levels"),
        ({"prices": {"p0": math.inf}}, "prices"),
    ],
)
def test_a_carried_plan_with_a_bad_figure_is_refused_by_name(
    options: dict[str, object], named_argument: str
) -> None:
    economy, _, _ = capacitated(20, alternatives=0.2, seed=1)
    arguments: dict[str, object] = {"levels": {}, "prices": {}, "scale": 1.0, **options}
    with pytest.raises(ValueError, match=f"^{named_argument}:"):
        carry_over(economy, **arguments)  # type: ignore[arg-type]


def test_a_bottleneck_is_relieved_by_the_dearer_process_making_the_same_product() -> None:
    economy = two_products(
        capacity=[10.0, 100.0, math.inf],
        inputs=[[0.0, 0.0, 0.5], [0.0, 0.0, 0.0]],
        labour=[1.0, 2.0, 0.1],
        makes=[0, 0, 1],
    )
    ray = plan_ray(economy, [1.0, 1.0], method="relief")
    assert ray.success and ray.solver == "relief"
    assert ray.scale == pytest.approx(110.0 / 1.5)
    assert ray.levels[:2] == pytest.approx([10.0, 100.0])
    assert {bottleneck.process for bottleneck in ray.bottlenecks} == {"q0", "q1"}


def test_a_dearer_process_wins_when_it_uses_less_of_the_bottleneck_product() -> None:
    economy = tools_from_ore_or_from_labour()
    assert plan_ray(economy, [1.0, 1.0], method="leontief").scale == pytest.approx(10.0 / 1.5)
    ray = plan_ray(economy, [1.0, 1.0], method="relief")
    assert ray.success and ray.solver == "relief"
    assert ray.scale == pytest.approx(10.0 / 1.1)
    assert ray.levels[1:] == pytest.approx([0.0, 10.0 / 1.1])
    assert ray.technique is not None and list(ray.technique) == [0, 2]


def test_when_labour_binds_too_the_two_processes_are_mixed() -> None:
    economy = tools_from_ore_or_from_labour()
    ray = plan_ray(economy, [1.0, 1.0], labour=15.0, method="relief")
    share = 6.5 / 11.0
    assert ray.success and ray.solver == "relief"
    assert ray.scale == pytest.approx(10.0 / (1.5 - 0.4 * share))
    assert ray.levels[1:] == pytest.approx([ray.scale * (1 - share), ray.scale * share])
    assert ray.labour_used == pytest.approx(15.0)
    assert {bottleneck.kind for bottleneck in ray.bottlenecks} == {"capacity", "labour"}
    assert ray.wage > 0


def test_relief_stops_at_its_pivot_limit_without_claiming_the_optimum() -> None:
    economy, demand, labour = capacitated(200, alternatives=0.5, seed=3)
    ray = plan_ray(economy, demand, labour=labour, method="relief", maxiter=1)
    assert not ray.success
    assert ray.solver == "relief"
    assert "limit" in ray.message


def test_a_singular_basis_is_refused_rather_than_solved_with() -> None:
    economy, demand, labour = capacitated(20, alternatives=0.3, seed=2)
    programme = relief.Programme.of(economy, demand, labour)
    technique = economy.default_technique()
    basis = relief.start_basis(programme, technique, 1e-12)
    assert basis is not None
    factor = relief.Factor(programme, basis, 1e-12)
    position = next(p for p in range(economy.n_products) if p not in factor.replaced)
    factor.place(position, programme.scale, np.zeros(programme.rows))
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        factor.values()


def test_relief_reports_its_pivots_and_the_plan_ray_it_reached_as_it_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(relief, "REPORT_SECONDS", 0.0)
    economy, demand, labour = capacitated(300, alternatives=0.3, seed=4)
    stages: list[str] = []
    ray = plan_ray(economy, demand, labour=labour, method="relief", progress=stages.append)
    assert ray.success, ray.message
    assert stages[:2] == [
        "solving by the Leontief structure",
        "relieving the bottlenecks by choice of technique",
    ]
    reports = [
        re.fullmatch(r"relieving the bottlenecks: ([\d,]+) pivots?, plan ray (\S+) so far", stage)
        for stage in stages[2:]
    ]
    assert len(reports) > 5 and all(reports)
    pivots = [int(found[1].replace(",", "")) for found in reports if found]
    scales = [float(found[2]) for found in reports if found]
    assert pivots == sorted(pivots) and pivots[-1] <= ray.iterations
    assert scales == sorted(scales) and scales[-1] <= ray.scale * (1 + 1e-5)
