"""Every script in ``benchmarks/`` (not the helpers they share, named ``_*.py``) still
runs, end to end at a small size: nothing else in the suite runs them, so a use case they
call could be removed or renamed, or a size they assume could break, unseen. Each runs in
a fresh interpreter from its own folder, as people run it, and must finish without error;
its own checks (counters that agree, votes counted once, certified plans) fail it with a
non-zero exit. The figures it prints at these sizes mean nothing and are not read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

SMALL = {
    "count": ["--ballots", "2000"],
    "logins": ["--logins", "6", "--accounts", "2"],
    "notices": ["--members", "50"],
    "least_labour": ["--sizes", "200", "--highs-up-to", "200", "--limit", "10"],
    "planning": [
        *("--leontief", "500", "--lp", "200", "--limit", "10"),
        *("--factorising-up-to", "500"),
    ],
    "planning_gpu": ["--sizes", "200", "--reference-up-to", "200", "--next-round-up-to", "200"],
    "planning_period": ["--products", "100", "--rounds", "2"],
    "planning_structure": [
        *("--sizes", "200", "--solves", "200", "--model", "200", "--model-lp", "200"),
        *("--precondition", "200"),
    ],
    "record": ["--entries", "2000", "--appends", "50", "--proof-leaves", "1000"],
    "votes": [
        *("--voters", "60", "--clients", "1", "--in-flight", "4", "--backends", "sqlite"),
        *("--seats", "12", "--pages", "4"),
    ],
}
"""Each script's arguments for a run of a few seconds."""

NO_GPU = "no GPU: this benchmark needs CuPy and a CUDA device"


def test_every_benchmark_script_has_a_small_run() -> None:
    scripts = [path.stem for path in BENCHMARKS.glob("*.py") if not path.stem.startswith("_")]
    assert sorted(SMALL) == sorted(scripts)


@pytest.mark.parametrize("script", sorted(SMALL))
def test_each_benchmark_script_runs_at_a_small_size(script: str) -> None:
    run = subprocess.run(
        [sys.executable, f"{script}.py", *SMALL[script]],
        cwd=BENCHMARKS,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if script == "planning_gpu" and NO_GPU in run.stderr:
        assert run.returncode == 1 and run.stdout == "", "without a GPU it says so and stops"
        return
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip(), f"{script} printed no figures"
