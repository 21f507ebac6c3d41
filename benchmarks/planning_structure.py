"""What makes the plan ray with choice of technique hard at scale, measured.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/planning_structure.py
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/planning_structure.py --sizes 1000 \
        3000 10000 --model 3000 --model-lp 10000

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

Part 3 builds such a model where the dense inverse is out of reach (``--model-lp``):
only the rows that could bind (capacities within ``--margin`` of the cheapest plan's
tightest, and every product with a second process), the series cut after ``depth``
terms, and the tail's leading direction (by power iteration with Leontief solves) as
one more variable. It prints the model programme's size, HiGHS's time and iterations on
it, and how far its plan breaks the exact capacities: what one model solve would cost
inside an exact method.

Part 4 asks whether such a model can stand in for the coupling's Leontief solves inside
an exact method (``--precondition``). At relief's certified optimum, the basis is a
technique (the core: each product's basic process, or its process at capacity where
none is basic) with ``k`` columns replaced: the second processes of products that mix
and the scale ``s``, at the positions of products whose one process is at capacity. By
the Woodbury identity a solve with the basis is two Leontief solves and a solve with the
k x k matrix S = I + V'C^-1 U, whose exact form costs k Leontief solves. The part counts
GMRES's iterations, each one Leontief solve, on S preconditioned by the model's S (the
series cut after ``depth`` terms and the tail as A's Perron direction), beside GMRES on
the basis preconditioned by the core alone, and prints how far the eigenvalues of the
preconditioned S lie from 1: if the model holds, an exact basis solve costs a handful
of Leontief solves however many capacities bind.
"""

from __future__ import annotations

import argparse
import math
import time
from functools import partial

import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from planning import RTOL_PLAN, plan_problem
from sovet.planning import Economy, labour_values, plan_ray
from sovet.planning.leontief import solve_leontief
from sovet.planning.solvers.highs import solve_highs
from sovet.planning.solvers.lp import LinearProgram


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
    programme = LinearProgram(
        cost=np.append(np.zeros(matrix.shape[1] - 1), -1.0),
        matrix=matrix,
        row_lower=np.zeros(matrix.shape[0]),
        row_upper=capacity,
        col_lower=np.zeros(matrix.shape[1]),
        col_upper=np.append(upper, np.inf),
    )
    return solve_highs(programme, algorithm="simplex").x


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


def model_programme(size: int, depth: int, margin: float) -> None:
    economy, demand, _ = plan_problem(size, 0.1)
    n = economy.n_products
    technique = labour_values(economy).technique
    a = sp.csr_array(economy.technique_matrix(technique))
    transposed = sp.csr_array(a.T)
    others = np.setdiff1d(np.arange(economy.n_processes), technique)
    net = sp.csc_array(economy.net_output[:, others])
    capacity = economy.capacity[technique]
    gross = solve_leontief(a, demand, rtol=1e-10).x
    left, right = np.ones(n), np.ones(n) / math.sqrt(n)
    for _ in range(3):
        left = solve_leontief(a, right, rtol=1e-8).x
        for _ in range(depth):
            left = a @ left
        left /= np.linalg.norm(left)
        right = left
        for _ in range(depth):
            right = transposed @ right
        right = solve_leontief(transposed, right, rtol=1e-8).x
        singular = float(np.linalg.norm(right))
        right /= singular
    ratio = capacity / gross
    rows = np.union1d(
        np.flatnonzero(ratio < margin * ratio.min()), np.unique(economy.makes[others])
    )
    pick = sp.csr_array((np.ones(rows.size), (np.arange(rows.size), rows)), shape=(rows.size, n))
    series, term = pick.copy(), pick.copy()
    for _ in range(1, depth):
        term = sp.csr_array(term @ a)
        series = sp.csr_array(series + term)
    coupling = sp.csr_array(series @ net)
    # Variables: the other processes' levels z, the scale s, and the tail's weight t.
    matrix = sp.csc_array(
        sp.vstack(
            [
                sp.hstack(
                    [
                        -coupling,
                        sp.csr_array(gross[rows][:, None]),
                        sp.csr_array(-singular * left[rows][:, None]),
                    ]
                ),
                sp.csr_array(np.append(net.T @ right, [0.0, -1.0])[None, :]),
            ]
        )
    )
    solved = solve_highs(
        LinearProgram(
            cost=np.append(np.zeros(others.size), [-1.0, 0.0]),
            matrix=matrix,
            row_lower=np.zeros(matrix.shape[0]),
            row_upper=np.append(capacity[rows], 0.0),
            col_lower=np.append(np.zeros(others.size + 1), -np.inf),
            col_upper=np.append(economy.capacity[others], [np.inf, np.inf]),
        ),
        algorithm="simplex",
    )
    z, scale = solved.x[: others.size], solved.x[others.size]
    levels = solve_leontief(a, scale * demand - net @ z, rtol=1e-10).x
    print(
        f"{size:>8,} {depth:>6} {rows.size:>7,} {coupling.nnz / rows.size:>9.0f} "
        f"{solved.seconds:>8.1f} s {solved.iterations:>7,} {scale:>10.6f} "
        f"{float((levels / capacity).max()):>9.4f} {float(levels.min()):>10.2e}",
        flush=True,
    )


def optimal_basis(
    economy: Economy, demand: np.ndarray, levels: np.ndarray
) -> tuple[np.ndarray, np.ndarray, sp.csc_array] | None:
    """The core technique, the positions it loses and the columns that take them, read
    off certified levels; None where the basis is degenerate."""
    n, load = economy.n_products, levels / economy.capacity
    basic = np.flatnonzero((load > 1e-9) & (load < 1 - 1e-9))
    core = np.full(n, -1)
    core[economy.makes[basic[::-1]]] = basic[::-1]
    replaced = np.flatnonzero(core < 0)
    full = np.flatnonzero(load >= 1 - 1e-9)
    open_positions = core[economy.makes[full]] < 0
    core[economy.makes[full[open_positions]]] = full[open_positions]
    extra = np.setdiff1d(basic, core)
    if (core < 0).any() or extra.size + 1 != replaced.size:
        return None
    net = sp.csc_array(economy.net_output)
    columns = sp.hstack([net[:, extra], sp.csc_array(-demand[:, None])])
    return core, replaced, sp.csc_array(columns - net[:, core[replaced]])


def perron(a: sp.csr_array, steps: int = 200) -> tuple[np.ndarray, np.ndarray, float]:
    """A's right and left Perron vectors and its spectral radius, by power iteration."""
    right: np.ndarray = np.ones(a.shape[0])
    left: np.ndarray = np.ones(a.shape[0])
    for _ in range(steps):
        right = a @ right
        right /= np.linalg.norm(right)
        left = a.T @ left
        left /= np.linalg.norm(left)
    return right, left, float(left @ (a @ right) / (left @ right))


def gmres_iterations(
    operator: spla.LinearOperator, rhs: np.ndarray, preconditioner: spla.LinearOperator
) -> int:
    steps = [0]

    def count(_: object) -> None:
        steps[0] += 1

    spla.gmres(
        operator,
        rhs,
        M=preconditioner,
        rtol=1e-10,
        restart=rhs.size,
        maxiter=1,
        callback=count,
        callback_type="pr_norm",
    )
    return steps[0]


def precondition(size: int) -> None:
    economy, demand, labour = plan_problem(size, 0.1)
    ray = plan_ray(economy, demand, labour=labour, method="relief", rtol=RTOL_PLAN)
    found = optimal_basis(economy, demand, ray.levels)
    if not ray.success or found is None:
        print(f"{size:>8,}: no certified, non-degenerate optimum to read a basis from")
        return
    core, replaced, change = found
    n, k = economy.n_products, replaced.size
    a = sp.csr_array(economy.technique_matrix(core))

    def leontief(rhs: np.ndarray) -> np.ndarray:
        return solve_leontief(a, rhs, rtol=1e-12, error_bound=False).x

    began = time.perf_counter()
    images = np.column_stack([leontief(change[:, [i]].toarray().ravel()) for i in range(k)])
    exact = np.eye(k) + images[replaced]
    exact_seconds = time.perf_counter() - began
    pick = sp.csr_array((np.ones(k), (np.arange(k), replaced)), shape=(k, n))
    basis = sp.csr_array(sp.eye_array(n) - a + change @ pick)
    core_only = gmres_iterations(
        spla.aslinearoperator(basis),
        basis @ np.ones(n),
        spla.LinearOperator((n, n), matvec=leontief, dtype=np.float64),
    )
    right, left, rho = perron(a)
    series, term, dense_change = pick.copy(), pick.copy(), change.toarray()
    print(
        f"{size:>8,} {k:>6,} {'core':>6} {'':>9} {'':>9} {core_only:>8} "
        f"{'':>10} {exact_seconds:>9.1f} s (exact S: {k} solves, cond {np.linalg.cond(exact):.1e})"
    )
    for depth in (1, 2, 3):
        began = time.perf_counter()
        term = sp.csr_array(term @ a)
        series = sp.csr_array(series + term)
        tail = rho ** (depth + 1) / (1 - rho) / float(left @ right)
        model = (
            np.eye(k)
            + (series @ change).toarray()
            + tail * np.outer(right[replaced], left @ dense_change)
        )
        factor = scipy.linalg.lu_factor(model)
        seconds = time.perf_counter() - began
        spread = np.abs(np.linalg.eigvals(scipy.linalg.lu_solve(factor, exact)) - 1)
        operator = spla.LinearOperator(
            (k, k), matvec=lambda z: z + leontief(change @ z)[replaced], dtype=np.float64
        )
        steps = gmres_iterations(
            operator,
            exact @ np.ones(k),
            spla.LinearOperator(
                (k, k), matvec=partial(scipy.linalg.lu_solve, factor), dtype=np.float64
            ),
        )
        print(
            f"{size:>8,} {k:>6,} {depth:>6} {series.nnz / k:>9.0f} {spread.max():>9.3g} "
            f"{steps:>8} {int((spread > 0.1).sum()):>10} {seconds:>9.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000, 10000])
    parser.add_argument("--solves", type=int, nargs="*", default=[100000])
    parser.add_argument("--model", type=int, nargs="*", default=[3000])
    parser.add_argument("--model-lp", type=int, nargs="*", default=[10000])
    parser.add_argument("--margin", type=float, default=1.08)
    parser.add_argument("--precondition", type=int, nargs="*", default=[3000, 10000])
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
    print("\nPart 3: one solve of the model programme by HiGHS")
    print(
        f"{'products':>8} {'depth':>6} {'rows':>7} {'nnz/row':>9} {'HiGHS':>10} {'iters':>7} "
        f"{'model s':>10} {'max load':>9} {'min level':>10}"
    )
    for size in options.model_lp:
        for depth in (2, 3):
            model_programme(size, depth, options.margin)
    print("\nPart 4: the model as the preconditioner of the optimal basis's k x k matrix")
    print(
        f"{'products':>8} {'k':>6} {'depth':>6} {'nnz/row':>9} {'max |l-1|':>9} "
        f"{'GMRES it':>8} {'|l-1|>0.1':>10} {'build':>11}"
    )
    for size in options.precondition:
        precondition(size)


if __name__ == "__main__":
    main()
