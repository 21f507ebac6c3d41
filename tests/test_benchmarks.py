"""Every script in ``benchmarks/`` still imports: nothing else in the suite imports them,
so a use case they call could be removed or renamed unseen. Each is imported in a fresh
interpreter, from its own folder, as it runs (its siblings are importable by name)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize("script", sorted(path.stem for path in BENCHMARKS.glob("*.py")))
def test_each_benchmark_script_imports(script: str) -> None:
    check = f"import {script}; assert callable({script}.main)"
    run = subprocess.run(
        [sys.executable, "-c", check], cwd=BENCHMARKS, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
