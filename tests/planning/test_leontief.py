"""Labour values and gross output by iteration, on small and random productive economies."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from sovet.planning import (
    Economy,
    NotProductive,
    check_productive,
    gross_output,
    labour_values,
    leontief,
    productivity,
    solve_leontief,
)
from sovet.planning.leontief import METHODS
from sovet.planning.synthetic import random_economy, random_targets

from .books import PRODUCTS, processes

SMALL = sp.csr_array(np.array([[0.2, 0.1], [0.4, 0.2]]))


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_the_leontief_inverse_of_a_small_table(method: str) -> None:
    solution = solve_leontief(SMALL, np.eye(2), method=method)  # type: ignore[arg-type]
    expected = np.linalg.inv(np.eye(2) - SMALL.toarray())
    assert solution.success, solution.message
    assert np.abs(solution.x - expected).max() < 1e-9
    assert solution.residual < 1e-10


def test_a_warm_start_from_the_previous_round_saves_iterations() -> None:
    economy = random_economy(2000, seed=3)
    a = economy.technique_matrix(economy.default_technique())
    demand = random_targets(economy, seed=3)
    cold = solve_leontief(a, demand)
    warm = solve_leontief(a, demand * 1.001, x0=cold.x)
    assert warm.success and warm.iterations < cold.iterations


def test_anderson_acceleration_takes_far_fewer_iterations_than_plain_jacobi() -> None:
    economy = random_economy(2000, input_share=(0.7, 0.95), seed=5)
    a = economy.technique_matrix(economy.default_technique())
    demand = random_targets(economy, seed=5)
    accelerated = solve_leontief(a, demand, method="anderson")
    plain = solve_leontief(a, demand, method="jacobi")
    assert accelerated.success and plain.success
    assert 3 * accelerated.iterations < plain.iterations


def test_the_error_bound_holds_where_column_sums_are_below_one() -> None:
    economy = random_economy(500, seed=4)
    a = economy.technique_matrix(economy.default_technique())
    demand = random_targets(economy, seed=4)
    exact = solve_leontief(a, demand, rtol=1e-14).x
    rough = solve_leontief(a, demand, rtol=1e-3)
    error = np.abs(rough.x - exact).sum() / np.abs(demand).sum()
    assert error <= rough.error_bound < 1.0


@pytest.mark.parametrize("method", ["anderson", "jacobi", "bicgstab"])
def test_a_product_split_across_the_cores_gives_the_same_solution_to_the_bit(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    economy = random_economy(3000, seed=6)
    a = economy.technique_matrix(economy.default_technique())
    demand = random_targets(economy, seed=6)
    both = np.column_stack([demand, 2 * demand])
    whole = [solve_leontief(a, b, method=method) for b in (demand, both)]  # type: ignore[arg-type]
    splits: list[int] = []
    pool = leontief._pool
    monkeypatch.setattr(leontief, "SPLIT_NONZEROS", 0)
    monkeypatch.setattr(leontief, "_cores", lambda: 3)
    monkeypatch.setattr(leontief, "_pool", lambda: splits.append(1) or pool())
    split = [solve_leontief(a, b, method=method) for b in (demand, both)]  # type: ignore[arg-type]
    assert splits
    for one, other in zip(whole, split, strict=True):
        assert one.success and np.array_equal(one.x, other.x)
        assert one.iterations == other.iterations and one.residual == other.residual


def test_a_transposed_solve_bounds_its_error_by_the_row_sums() -> None:
    # Rows sum to 0.9, the second column to 1.8: the bound holds for x(I - A) = b only.
    a = sp.csr_array(np.array([[0.0, 0.9], [0.0, 0.9]]))
    b = np.array([1.0, 2.0])
    exact = np.linalg.solve((np.eye(2) - a.toarray()).T, b)
    rough = solve_leontief(a, b, transpose=True, rtol=1e-3)
    error = np.abs(rough.x - exact).sum() / np.abs(b).sum()
    assert error <= rough.error_bound < np.inf
    assert solve_leontief(a, b, rtol=1e-3).error_bound == np.inf


@settings(max_examples=20, deadline=None)
@given(
    size=st.integers(min_value=2, max_value=300),
    seed=st.integers(min_value=0, max_value=10**6),
    alternatives=st.sampled_from([0.0, 0.3, 1.0]),
)
def test_gross_output_balances_and_labour_values_price_it_on_random_economies(
    size: int, seed: int, alternatives: float
) -> None:
    economy = random_economy(size, inputs_per_process=5, alternatives=alternatives, seed=seed)
    demand = random_targets(economy, seed=seed)
    values = labour_values(economy)
    output = gross_output(economy, demand, technique=values.technique)
    a = economy.technique_matrix(values.technique)
    x = output.output
    assert np.abs(x - a @ x - demand).max() <= 1e-8 * np.abs(demand).max()
    assert (x >= demand - 1e-12).all()
    v = values.values
    assert np.abs(v - economy.labour[values.technique] - a.T @ v).max() <= 1e-8 * v.max()
    assert float(v @ demand) == pytest.approx(output.labour, rel=1e-8)
    costs = economy.labour + economy.inputs.T @ v
    assert (costs >= v[economy.makes] * (1 - 1e-8)).all()


def test_labour_values_choose_the_technique_that_needs_least_labour() -> None:
    economy = Economy.from_books(PRODUCTS, processes())
    values = labour_values(economy)
    coal = values.values[1]
    assert economy.process_codes[values.technique[0]] == "blast"
    assert values.values[0] == pytest.approx(2.0 + 0.5 * coal)
    assert values.values[0] < 3.0 + 0.1 * coal


def test_labour_values_leave_out_a_process_that_cannot_run() -> None:
    """The blast furnace needs less labour, but has no capacity: steel is valued at what
    the mill that can make it takes, and the cheapest plan runs the mill."""
    economy = Economy.from_books(PRODUCTS, processes(steel_capacity=0.0))
    values = labour_values(economy)
    coal = values.values[1]
    assert economy.process_codes[values.technique[0]] == "electric"
    assert values.values[0] == pytest.approx(3.0 + 0.1 * coal)
    assert gross_output(economy, [1.0, 0.0, 0.0]).levels[0] == 0.0


def test_a_product_no_process_can_make_is_valued_at_what_making_it_would_take() -> None:
    economy = Economy.from_books(PRODUCTS, processes(steel_capacity=0.0, mill_capacity=0.0))
    values = labour_values(economy)
    assert economy.process_codes[values.technique[0]] == "blast"
    assert values.values[0] == pytest.approx(2.0 + 0.5 * values.values[1])


def test_a_productive_economy_is_certified_with_a_spectral_radius_below_one() -> None:
    result = productivity(SMALL)
    assert result.productive
    rho = max(abs(np.linalg.eigvals(SMALL.toarray())))
    assert rho <= result.upper < 1.0


def test_an_economy_that_uses_up_more_than_it_makes_names_the_culprit_cycle() -> None:
    economy = Economy.from_arrays(
        products=["bread", "iron", "coal", "tea"],
        inputs=np.array(
            [
                [0.1, 0.0, 0.0, 0.0],
                [0.0, 0.0, 1.5, 0.0],
                [0.0, 0.9, 0.0, 0.0],
                [0.0, 0.0, 0.0, 0.2],
            ]
        ),
        labour=np.ones(4),
    )
    with pytest.raises(NotProductive) as refusal:
        check_productive(economy)
    assert refusal.value.culprit in ("iron", "coal")
    assert "'iron'" in refusal.value.message and "'coal'" in refusal.value.message
    assert "'bread'" not in refusal.value.message


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="rtol"):
        solve_leontief(SMALL, np.ones(2), rtol=0)
    with pytest.raises(ValueError, match="method"):
        solve_leontief(SMALL, np.ones(2), method="cholesky")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="b:"):
        solve_leontief(SMALL, np.ones(3))
    with pytest.raises(ValueError, match="x0"):
        solve_leontief(SMALL, np.ones(2), x0=np.ones(3))
    with pytest.raises(TypeError, match="a:"):
        solve_leontief(SMALL.toarray(), np.ones(2))  # type: ignore[arg-type]
