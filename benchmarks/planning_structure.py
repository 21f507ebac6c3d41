"""What makes the plan ray with choice of technique hard at scale, measured.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/planning_structure.py
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/planning_structure.py --sizes 1000 \
        3000 10000 --model 3000

Part 1 solves the benchmark's economies with choice of technique (benchmarks/planning.py:
10% of products with a second process, capacities 1.2 to 3 times the cheapest plan,
labour twice what it needs) by bottleneck relief, and counts, at the certified optimum,
the capacities that bind, the products whose two processes both run, and the products
whose cheapest process was dropped for the other. Every binding capacity couples every
product through the Leontief inverse, so an exact method that forms the coupling pays at
least one Leontief solve per binding capacity; the time of one such solve is printed
beside the counts, and for the ``--solves`` sizes on its own.

Part 2 eliminates the cheapest technique's levels (x = C^-1 (s d - N z), C = I - A) and
solves the plan ray over the other processes' levels ``z`` and ``s`` with HiGHS, first
with the exact rows of C^-1 (dense, so small sizes only), then with models of C^-1: its
Neumann series cut after ``depth`` terms, with the tail's leading singular directions
added back (the tail is nearly rank one). It prints how far each model's plan ray is
from the exact one and how many of the processes it runs differ: how good a cheap model
of the coupling would be as the preconditioner of an exact method.
"""

from __future__ import annotations

import argparse
import time

import highspy
import numpy as np
import scipy.sparse as sp

from planning import RTOL_PLAN, plan_problem
from sovet.planning import labour_values, plan_ray
from sovet.planning.leontief import solve_leontief


def structure(size: int) -> None:
    economy, demand, labour = plan_problem(size, 0.1)
    began = time.perf_counter()
    ray = plan_ray(economy, demand, labour=labour, method="relief", rtol=RTOL_PLAN)
    seconds = time.perf_counter() - began
    m, n = economy.n_processes, economy.n_products
    x, capacity = ray.levels, economy.capacity
    cheapest = np.zeros(m, dtype=bool)
    cheapest[labour_values(economy).technique] = True
    running = x > 1e-12 * capacity
    binding = np.isclose(x, capacity, rtol=1e-9)
    both = np.bincount(economy.makes[running], minlength=n) >= 2
    dropped = cheapest & ~running
    a = economy.technique_matrix(labour_values(economy).technique)
    solve_began = time.perf_counter()
    solve_leontief(a, demand, rtol=1e-10)
    solve = time.perf_counter() - solve_began
    print(
        f"{size:>8,} {ray.scale:>10.6f} {'yes' if ray.success else 'no':>9} {seconds:>8.1f} s "
        f"{ray.iterations:>7,} {int(binding.sum()):>8,} {int(both.sum()):>7,} "
        f"{int(dropped.sum()):>8,} {solve * 1e3:>9.1f} ms",
        flush=True,
    )


def one_solve(size: int) -> None:
    economy, demand, _ = plan_problem(size, 0.1)
    a = economy.technique_matrix(labour_values(economy).technique)
    began = time.perf_counter()
    solution = solve_leontief(a, demand, rtol=1e-10)
    seconds = time.perf_counter() - began
    print(
        f"{size:>8,} products: one Leontief solve {seconds * 1e3:.0f} ms ({solution.iterations} it)"
    )


def reduced_plan_ray(
    rows: np.ndarray,
    others: sp.csc_array,
    demand: np.ndarray,
    capacity: np.ndarray,
    upper: np.ndarray,
) -> np.ndarray:
    """max s over (z, s): 0 <= rows (s d - others z) <= capacity, 0 <= z <= upper."""
    matrix = sp.csc_array(np.hstack([-(rows @ others), (rows @ demand)[:, None]]))
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = matrix.shape[1], matrix.shape[0]
    model.col_cost_ = np.append(np.zeros(matrix.shape[1] - 1), -1.0)
    model.col_lower_ = np.zeros(matrix.shape[1])
    model.col_upper_ = np.append(upper, highspy.kHighsInf)
    model.row_lower_ = np.zeros(matrix.shape[0])
    model.row_upper_ = capacity
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = matrix.indptr
    model.a_matrix_.index_ = matrix.indices
    model.a_matrix_.value_ = matrix.data
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(model)
    solver.run()
    return np.array(solver.getSolution().col_value)


def models(size: int) -> None:
    economy, demand, _ = plan_problem(size, 0.1)
    n = economy.n_products
    technique = labour_values(economy).technique
    a = economy.technique_matrix(technique)
    others = np.setdiff1d(np.arange(economy.n_processes), technique)
    net = sp.csc_array(economy.net_output[:, others])
    capacity, upper = economy.capacity[technique], economy.capacity[others]
    inverse = np.linalg.inv(np.eye(n) - a.toarray())
    exact = reduced_plan_ray(inverse, net, demand, capacity, upper)
    runs = exact[:-1] > 1e-9
    print(f"\n{size:,} products: exact s* = {exact[-1]:.9f}, {int(runs.sum())} other processes run")
    print(f"{'depth':>6} {'rank':>5} {'s':>12} {'error':>8} {'differ':>7}")
    power, series = np.eye(n), np.zeros((n, n))
    for depth in range(1, 4):
        series += power
        power = power @ a.toarray()
        tail = inverse - series
        left, singular, right = np.linalg.svd(tail)
        for rank in (0, 1, 4):
            model = series + (left[:, :rank] * singular[:rank]) @ right[:rank]
            z = reduced_plan_ray(model, net, demand, capacity, upper)
            differ = int(((z[:-1] > 1e-9) != runs).sum())
            error = abs(z[-1] - exact[-1]) / exact[-1]
            print(f"{depth:>6} {rank:>5} {z[-1]:>12.9f} {error:>8.1e} {differ:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000, 10000])
    parser.add_argument("--solves", type=int, nargs="*", default=[100000])
    parser.add_argument("--model", type=int, nargs="*", default=[3000])
    options = parser.parse_args()
    print("Part 1: the certified optimum by bottleneck relief")
    print(
        f"{'products':>8} {'s*':>10} {'certified':>9} {'time':>10} {'pivots':>7} "
        f"{'binding':>8} {'mixing':>7} {'dropped':>8} {'one solve':>12}"
    )
    for size in options.sizes:
        structure(size)
    for size in options.solves:
        one_solve(size)
    print("\nPart 2: models of the coupling, against the exact reduced programme")
    for size in options.model:
        models(size)


if __name__ == "__main__":
    main()
