"""The least-labour plan (the targets met with the least labour, once the plan ray reaches
one) on the benchmark's economies, next to HiGHS on the same programme in the same run.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/least_labour.py
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/least_labour.py --sizes 1000 \
        10000 100000 --highs-up-to 10000 --limit 120

The economies are benchmarks/planning.py's with choice of technique (10% of products
with a second process, about 20 inputs each, capacities 1.2 to 3 times the cheapest
plan). Two target sets: the benchmark's own (targets x1), which the cheapest technique
makes within every capacity, so the engine answers by the closed form (one Leontief solve
and the labour values that certify it); and targets x1.21, beyond some capacities of the
cheapest technique yet below the plan ray (about 1.22), so the engine hands the programme
to HiGHS, by size (PDLP from 10^4 products). Every answer is judged
by the same certificate at relative accuracy 1e-6; HiGHS's simplex and interior point
run on the same programme, with the same time limit, up to ``--highs-up-to`` products.
"""

from __future__ import annotations

import argparse
import math
import time

from planning import RTOL_PLAN, plan_problem
from sovet.planning import least_labour_plan
from sovet.planning.leastlabour import least_labour_programme
from sovet.planning.solvers.highs import solve_highs


def row(name: str, seconds: float, solver: str, certified: bool, labour: float) -> None:
    verdict = "certified" if certified else "not certified"
    print(f"  {name:<24} {seconds:>8.2f} s  {solver:<16} {verdict:<14} labour {labour:.10g}")


def measure(size: int, share: float, *, highs: bool, limit: float) -> None:
    economy, demand, _ = plan_problem(size, 0.1)
    targets = demand * share
    print(f"{size:,} products, targets x{share}", flush=True)
    began = time.perf_counter()
    ours = least_labour_plan(economy, targets, rtol=RTOL_PLAN, time_limit=limit)
    row("sovet", time.perf_counter() - began, ours.solver, ours.success, ours.labour_used)
    if not highs:
        return
    lp = least_labour_programme(economy, targets, math.inf)
    for algorithm in ("simplex", "ipm"):
        began = time.perf_counter()
        found = solve_highs(lp, algorithm=algorithm, rtol=RTOL_PLAN, time_limit=limit)
        seconds = time.perf_counter() - began
        row(f"HiGHS {algorithm}", seconds, found.solver, found.success, found.objective)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--highs-up-to", type=int, default=10000)
    parser.add_argument("--limit", type=float, default=120.0)
    options = parser.parse_args()
    for size in options.sizes:
        for share in (1.0, 1.21):
            measure(size, share, highs=size <= options.highs_up_to, limit=options.limit)


if __name__ == "__main__":
    main()
