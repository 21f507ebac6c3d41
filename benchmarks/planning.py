"""The planning engine on seeded random sparse economies, next to SciPy and HiGHS in the same run.

    .venv/bin/python benchmarks/planning.py                      # full run
    .venv/bin/python benchmarks/planning.py --leontief 10000 100000 --lp 1000 10000 --limit 60
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/planning.py --leontief --lp 1000 \
        10000 100000 --families choice --limit 60     # choice of technique only

On a shared machine, ``OPENBLAS_NUM_THREADS=1`` keeps NumPy's vector operations (too
small to gain from threads) from waiting on busy cores; HiGHS runs its own threads.

Part 1, labour values and gross output (one Leontief solve each, ~20 inputs per product)
for 10^4, 10^5, 10^6 products: the engine's Anderson-accelerated Neumann iteration
against SciPy's BiCGSTAB and plain Jacobi, all to the same relative residual 1e-10.

Part 2, the plan-ray LP for 10^3, 10^4, 10^5 products under capacities and labour: the
engine (``plan_ray``, method ``auto``: the closed form, then bottleneck relief where
processes compete, then HiGHS where neither certifies in time) against HiGHS's simplex,
interior point and PDLP, with the engine's own PDLP on the CPU beside them
(``solve_pdlp``: the code of its GPU path, on NumPy; with its polish and without), and,
with choice of technique, relief's primal method from the first bottleneck (what a cold
plan ray ran before it rose from zero; it still runs on from a previous round), at
relative accuracy 1e-6, every
answer judged by the same certificate (primal and dual residuals, gap). Each has a time limit
(``--limit``); simplex and interior point are skipped above ``--factorising-up-to``
products, where they would exceed it. Two families: one process per product, and choice
of technique (10% of products with a second process). A second round with targets moved
by 1% shows the warm start; two others, each with 1% of the capacities revised and the
proposals filed in another order, show the previous plan carried over by name as rounds
run, next to the same round solved cold.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import numpy as np

from sovet.planning import Economy, carry_over, gross_output, plan_ray, relief
from sovet.planning.leontief import Method, labour_values, solve_leontief
from sovet.planning.planray import PlanRay, plan_ray_programme
from sovet.planning.solvers.highs import Algorithm, solve_highs
from sovet.planning.solvers.pdlp import solve_pdlp
from sovet.planning.synthetic import (
    random_capacities,
    random_economy,
    random_targets,
    with_capacities,
)

T = TypeVar("T")

RTOL_SOLVE = 1e-10
RTOL_PLAN = 1e-6


def row(label: str, seconds: float, detail: str) -> None:
    print(f"  {label:<34} {seconds:>9.2f} s   {detail}", flush=True)


def timed(work: Callable[[], T]) -> tuple[float, T]:
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def leontief_part(size: int) -> None:
    began = time.perf_counter()
    economy = random_economy(size, seed=size)
    a = economy.technique_matrix(economy.default_technique())
    demand = random_targets(economy, seed=size)
    print(
        f"\n{size:,} products, {a.nnz:,} input coefficients "
        f"(built in {time.perf_counter() - began:.1f} s)"
    )
    methods: list[tuple[Method, str]] = [
        ("anderson", "sovet (Anderson-Neumann)"),
        ("bicgstab", "SciPy BiCGSTAB"),
        ("jacobi", "plain Jacobi"),
    ]
    for method, label in methods:
        seconds_v, values = timed(
            partial(
                solve_leontief, a, economy.labour, transpose=True, method=method, rtol=RTOL_SOLVE
            )
        )
        seconds_x, output = timed(
            partial(solve_leontief, a, demand, method=method, rtol=RTOL_SOLVE)
        )
        row(
            label,
            seconds_v + seconds_x,
            f"labour values {seconds_v:.2f} s ({values.iterations} it, residual "
            f"{values.residual:.1e}); gross output {seconds_x:.2f} s ({output.iterations} it, "
            f"residual {output.residual:.1e})",
        )


def plan_problem(size: int, alternatives: float) -> tuple[Economy, np.ndarray, float]:
    economy = random_economy(size, alternatives=alternatives, seed=size + 1)
    demand = random_targets(economy, seed=size + 1)
    levels = gross_output(economy, demand).levels
    economy = with_capacities(economy, random_capacities(economy, levels, seed=size + 1))
    return economy, demand, 2.0 * float(economy.labour @ levels)


def revised_proposals(economy: Economy, *, seed: int) -> Economy:
    """The next round's economy: 1% of the capacities revised by up to 10% either way,
    and the proposals filed in another order (the plan is carried over by name)."""
    rng = np.random.default_rng(seed)
    capacity = economy.capacity.copy()
    changed = rng.choice(economy.n_processes, size=max(1, economy.n_processes // 100))
    capacity[changed] *= rng.uniform(0.9, 1.1, size=changed.size)
    order = rng.permutation(economy.n_processes)
    return Economy.from_arrays(
        products=economy.products,
        inputs=economy.inputs[:, order],
        makes=economy.makes[order],
        labour=economy.labour[order],
        capacity=capacity[order],
        process_codes=[economy.process_codes[j] for j in order],
        workplaces=[economy.workplaces[j] for j in order],
    )


def revised_round(
    economy: Economy,
    demand: np.ndarray,
    labour: float,
    ours: PlanRay,
    limit: float,
    *,
    revision: int,
    seed: int,
) -> None:
    """A next round on revised proposals: from ``ours`` carried over by name, and cold."""
    revised = revised_proposals(economy, seed=seed)
    carried = carry_over(
        revised,
        levels={
            (economy.workplaces[j], economy.process_codes[j]): float(ours.levels[j])
            for j in range(economy.n_processes)
        },
        prices=dict(zip(economy.products, ours.prices, strict=True)),
        scale=ours.scale,
        wage=ours.wage,
    )
    for label, start in (("carried", carried), ("cold", None)):
        seconds, ray = timed(
            partial(
                plan_ray,
                revised,
                demand,
                labour=labour,
                rtol=RTOL_PLAN,
                warm_start=start,
                time_limit=limit,
            )
        )
        row(f"sovet, revision {revision} ({label})", seconds, describe(ray))


def describe(ray: PlanRay) -> str:
    c = ray.certificate
    return (
        f"s* = {ray.scale:.9f}  [{ray.solver}, {ray.iterations} it] primal "
        f"{c.primal_residual:.1e}, dual "
        f"{c.dual_residual:.1e}, gap {c.gap:.1e}"
        + ("" if ray.success else f"  NOT OPTIMAL: {ray.message[:90]}")
    )


def primal_relief(economy: Economy, demand: np.ndarray, labour: float, limit: float) -> None:
    """The primal method from the first bottleneck, which a cold plan ray ran before it
    rose from zero (``relief.ascend``), and which runs on from a previous technique."""
    began = time.perf_counter()
    programme = relief.Programme.of(economy, demand, labour)
    cheapest = labour_values(economy, rtol=1e-11).technique
    start = relief.start_basis(programme, cheapest, 1e-11)
    assert start is not None
    primal = relief.relieve(
        programme,
        plan_ray_programme(economy, demand, labour),
        start,
        rtol=RTOL_PLAN,
        solve_rtol=1e-11,
        maxiter=10**6,
        deadline=began + limit,
    )
    c = primal.solution.certificate
    row(
        "sovet, primal from 1st bottleneck",
        time.perf_counter() - began,
        f"s* = {primal.solution.x[-1]:.9f}  [{primal.pivots} pivots] primal "
        f"{c.primal_residual:.1e}, dual {c.dual_residual:.1e}, gap {c.gap:.1e}"
        + ("" if primal.solution.success else "  NOT OPTIMAL"),
    )


def lp_part(size: int, alternatives: float, limit: float, factorising_up_to: int) -> None:
    economy, demand, labour = plan_problem(size, alternatives)
    lp = plan_ray_programme(economy, demand, labour)
    rows, cols, nonzeros = lp.size
    family = "one process per product" if alternatives == 0 else "choice of technique"
    print(
        f"\n{size:,} products, {family}: LP of {rows:,} rows, {cols:,} columns, {nonzeros:,} non-zeros"
    )
    seconds, ours = timed(
        lambda: plan_ray(economy, demand, labour=labour, rtol=RTOL_PLAN, time_limit=limit)
    )
    assert isinstance(ours, PlanRay)
    row("sovet plan_ray (auto)", seconds, describe(ours))
    if alternatives > 0:
        primal_relief(economy, demand, labour, limit)
    moved = demand * np.random.default_rng(size).uniform(0.99, 1.01, size=demand.size)
    seconds, again = timed(
        lambda: plan_ray(
            economy, moved, labour=labour, rtol=RTOL_PLAN, warm_start=ours, time_limit=limit
        )
    )
    assert isinstance(again, PlanRay)
    row("sovet, next round (warm start)", seconds, describe(again))
    for revision in (1, 2):
        revised_round(economy, demand, labour, ours, limit, revision=revision, seed=size + revision)
    for label, polish in (("sovet PDLP (CPU)", True), ("sovet PDLP (CPU), no polish", False)):
        pdlp = solve_pdlp(lp, rtol=RTOL_PLAN, time_limit=limit, polish=polish)
        c = pdlp.certificate
        row(
            label,
            pdlp.seconds,
            f"s* = {pdlp.x[-1]:.9f}  primal {c.primal_residual:.1e}, dual "
            f"{c.dual_residual:.1e}, gap {c.gap:.1e}, {pdlp.iterations:,} it"
            + (", polished" if "polished" in pdlp.message else "")
            + ("" if pdlp.success else "  NOT OPTIMAL"),
        )
    algorithms: tuple[Algorithm, ...] = ("simplex", "ipm", "pdlp")
    for algorithm in algorithms:
        label = f"HiGHS {algorithm}"
        if algorithm != "pdlp" and size > factorising_up_to:
            print(
                f"  {label:<34}   skipped: over {limit:.0f} s from {factorising_up_to:,} products up"
            )
            continue
        solution = solve_highs(lp, algorithm=algorithm, rtol=RTOL_PLAN, time_limit=limit)
        c = solution.certificate
        scale = solution.x[-1]
        status = "" if solution.success else f"  NOT OPTIMAL: {solution.message[:70]}"
        row(
            label,
            solution.seconds,
            f"s* = {scale:.9f}  primal {c.primal_residual:.1e}, dual {c.dual_residual:.1e}, "
            f"gap {c.gap:.1e}{status}",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leontief", type=int, nargs="*", default=[10**4, 10**5, 10**6])
    parser.add_argument("--lp", type=int, nargs="*", default=[10**3, 10**4, 10**5])
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per reference solve")
    parser.add_argument("--factorising-up-to", type=int, default=10**4)
    parser.add_argument("--families", choices=["single", "choice", "both"], default="both")
    options = parser.parse_args()
    print("Part 1: labour values and gross output, relative residual 1e-10")
    for size in options.leontief:
        leontief_part(size)
    print(f"\nPart 2: the plan-ray LP, relative accuracy 1e-6, {options.limit:.0f} s per reference")
    shares = {"single": [0.0], "choice": [0.1], "both": [0.0, 0.1]}[options.families]
    for size in options.lp:
        for alternatives in shares:
            lp_part(size, alternatives, options.limit, options.factorising_up_to)
    if not math.isfinite(options.limit):
        print("(no time limit)")


if __name__ == "__main__":
    main()
