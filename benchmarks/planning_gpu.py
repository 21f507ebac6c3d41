"""The engine's optional GPU path: its own PDLP on a GPU, next to the CPU in the same run.

    python benchmarks/planning_gpu.py                  # 10^5 and 10^6, 120 s per solve
    python benchmarks/planning_gpu.py --sizes 1000000 --limit 300 --no-check

Needs CuPy and a CUDA device (``gpu_available()``); without one it says so and stops.
The economies are those of ``benchmarks/planning.py`` (choice of technique: 10% of
products with a second process, capacities and labour that bind). For each size the
engine's PDLP (``solve_pdlp(device="gpu")``) runs to relative accuracy 1e-6 by our
certificate or to ``--limit`` seconds, printing its accuracy as it goes. Up to
``--next-round-up-to`` products the next round (targets moved by 1%) starts from its
answer, and up to ``--reference-up-to`` products HiGHS's PDLP runs on the CPU with the
same limit beside it. A check on 10^3 products first confirms that the GPU (its fused
kernels) and the CPU (the same iterations as NumPy/SciPy array operations) reach the
simplex optimum.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from planning import RTOL_PLAN, plan_problem
from sovet.planning.planray import plan_ray_programme
from sovet.planning.solvers.highs import solve_highs
from sovet.planning.solvers.lp import Certificate, LinearProgram, LPSolution, Vector
from sovet.planning.solvers.pdlp import Device, gpu_available, solve_pdlp

EVERY = 10.0
"""Seconds between the lines that show the accuracy reached so far."""


def worst(certificate: Certificate) -> float:
    return max(certificate.primal_residual, certificate.dual_residual, certificate.gap)


def report(label: str, solution: LPSolution, pace: str = "") -> None:
    c = solution.certificate
    verdict = "certified" if solution.success else "NOT certified"
    print(
        f"  {label:<26} {solution.seconds:>8.1f} s  s* = {solution.x[-1]:.9f}  {verdict}: "
        f"primal {c.primal_residual:.1e}, dual {c.dual_residual:.1e}, gap {c.gap:.1e}; "
        f"{solution.iterations:,} iterations{pace}",
        flush=True,
    )


def engine(
    lp: LinearProgram, limit: float, *, warm_start: tuple[Vector, Vector] | None = None
) -> tuple[LPSolution, str]:
    """The engine's PDLP on the GPU, with a line of progress every ``EVERY`` seconds."""
    began = time.perf_counter()
    marks: list[tuple[float, int]] = []

    def progress(iterations: int, certificate: Certificate) -> None:
        now = time.perf_counter() - began
        due = not marks or now // EVERY > marks[-1][0] // EVERY
        marks.append((now, iterations))
        if due:
            print(
                f"    {now:>7.1f} s  {iterations:>9,} iterations  worst measure "
                f"{worst(certificate):.1e} (primal {certificate.primal_residual:.1e}, gap "
                f"{certificate.gap:.1e})",
                flush=True,
            )

    solution = solve_pdlp(
        lp,
        device="gpu",
        rtol=RTOL_PLAN,
        time_limit=limit,
        warm_start=warm_start,
        progress=progress,
    )
    pace = ""
    if len(marks) > 1:
        (t0, i0), (t1, i1) = marks[0], marks[-1]
        pace = f", {1000 * (t1 - t0) / max(i1 - i0, 1):.3f} ms per iteration"
    return solution, pace


def check() -> None:
    economy, demand, labour = plan_problem(1000, 0.1)
    lp = plan_ray_programme(economy, demand, labour)
    simplex = solve_highs(lp, algorithm="simplex", rtol=1e-9)
    print(f"Check, 1,000 products: HiGHS simplex s* = {simplex.x[-1]:.9f}", flush=True)
    devices: tuple[Device, ...] = ("cpu", "gpu")
    for device in devices:
        solution = solve_pdlp(lp, device=device, rtol=RTOL_PLAN)
        report(f"sovet PDLP ({device})", solution)
        if not solution.success:
            sys.exit(f"the {device} did not certify the check programme")


def size_part(size: int, limit: float, *, reference_up_to: int, next_round_up_to: int) -> None:
    began = time.perf_counter()
    economy, demand, labour = plan_problem(size, 0.1)
    lp = plan_ray_programme(economy, demand, labour)
    rows, cols, nonzeros = lp.size
    print(
        f"\n{size:,} products, choice of technique: LP of {rows:,} rows, {cols:,} columns, "
        f"{nonzeros:,} non-zeros (built in {time.perf_counter() - began:.1f} s)",
        flush=True,
    )
    solution, pace = engine(lp, limit)
    report("sovet PDLP (gpu)", solution, pace)
    if size > next_round_up_to:
        return
    moved = demand * np.random.default_rng(size).uniform(0.99, 1.01, size=demand.size)
    next_round = plan_ray_programme(economy, moved, labour)
    again, pace = engine(next_round, limit, warm_start=(solution.x, solution.row_duals))
    report("next round, warm start", again, pace)
    if size <= reference_up_to:
        highs = solve_highs(lp, algorithm="pdlp", rtol=RTOL_PLAN, time_limit=limit)
        report("HiGHS PDLP (CPU)", highs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10**5, 10**6])
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per solve")
    parser.add_argument("--reference-up-to", type=int, default=10**5)
    parser.add_argument("--next-round-up-to", type=int, default=10**5)
    parser.add_argument("--check", action=argparse.BooleanOptionalAction, default=True)
    options = parser.parse_args()
    if not gpu_available():
        sys.exit("no GPU: this benchmark needs CuPy and a CUDA device")
    if options.check:
        check()
    for size in options.sizes:
        size_part(
            size,
            options.limit,
            reference_up_to=options.reference_up_to,
            next_round_up_to=options.next_round_up_to,
        )


if __name__ == "__main__":
    main()
