"""The GPU run of the engine's PDLP takes the CPU run's steps, restarts and checks.

The fused kernels run only on a GPU, where ``benchmarks/planning_gpu.py`` first checks
them against the CPU at 10^3 products. Here a stand-in for CuPy runs NumPy versions of
the kernels' arithmetic, so that what the host does on every machine is tested: the two
buffers the iterations alternate between, the anchor, the long rows cut into chunks,
the batches captured once as a graph and replayed, and the sums the restart rule reads.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from sovet.planning.solvers import pdlp, pdlp_gpu
from sovet.planning.solvers.pdlp_gpu import FusedRun, LongRows

from .test_pdlp import plan_ray_lp

Kernel = Callable[[tuple[Any, ...]], None]


class _Array(np.ndarray):
    """A NumPy array with CuPy's ``set`` and ``get``."""

    def set(self, values: Any) -> None:
        self[...] = values

    def get(self) -> np.ndarray:
        return np.array(self)


def _device(values: Any, dtype: Any = None) -> _Array:
    return np.array(values, dtype=dtype).view(_Array)


def _product(csr: tuple[Any, ...], vector: Any) -> Any:
    """A CSR matrix times a vector, its long rows taken from their sums as the kernels do."""
    indptr, indices, data, slot, long_sum = csr
    rows = np.repeat(np.arange(indptr.size - 1), np.diff(indptr))
    product = np.bincount(rows, weights=data * vector[indices], minlength=indptr.size - 1)
    long = slot >= 0
    product[long] = long_sum[slot[long]]
    long_sum[:] = 0.0
    return product


def _clip(values: Any, lower: Any, upper: Any) -> Any:
    return np.minimum(np.maximum(values, lower), upper)


def _long_rows(args: tuple[Any, ...]) -> None:
    chunk_slot, chunk_begin, chunk_end, indices, data, vector, long_sum = args
    for slot, begin, end in zip(chunk_slot, chunk_begin, chunk_end, strict=True):
        long_sum[slot] += data[begin:end] @ vector[indices[begin:end]]


def _primal_start(args: tuple[Any, ...]) -> None:
    x, aty, x_s, cost, lower, upper, params, _ = args
    x_s[:] = _clip(x - params[0] * (cost - aty), lower, upper)


def _dual_step(args: tuple[Any, ...]) -> None:
    csr, rest = args[:5], args[5:]
    x_s, y_s, ax_s, y, ax, y_n, ax_n, y_a, ax_a, lower, upper = rest[:11]
    params, sums, _, k = rest[11:]
    since, sigma = params[2] + k, params[1]
    weight = (since + 1) / (since + 2)
    product = _product(csr, x_s)
    shifted = y - sigma * (2 * product - ax)
    stepped = shifted + sigma * _clip(-shifted / sigma, lower, upper)
    y_s[:], ax_s[:] = stepped, product
    y_n[:] = weight * (2 * stepped - y) + (1 - weight) * y_a
    ax_n[:] = weight * (2 * product - ax) + (1 - weight) * ax_a
    if since == 0:
        sums[1] += (stepped - y) @ (stepped - y)
        sums[2] += (stepped - y) @ (product - ax)


def _primal_step(args: tuple[Any, ...]) -> None:
    csr, rest = args[:5], args[5:]
    y_s, x_s, aty_s, x, aty, x_n, aty_n, x_a, aty_a, cost, lower, upper = rest[:12]
    params, sums, _, k, following = rest[12:]
    since = params[2] + k
    weight = (since + 1) / (since + 2)
    product = _product(csr, y_s)
    stepped = x_s.copy()
    aty_s[:] = product
    x_n[:] = weight * (2 * stepped - x) + (1 - weight) * x_a
    aty_n[:] = weight * (2 * product - aty) + (1 - weight) * aty_a
    if since == 0:
        sums[0] += (stepped - x) @ (stepped - x)
    if following:
        x_s[:] = _clip(x_n - params[0] * (cost - aty_n), lower, upper)


KERNELS: dict[str, Kernel] = {
    "long_rows": _long_rows,
    "primal_start": _primal_start,
    "dual_step": _dual_step,
    "primal_step": _primal_step,
}


class _Stream:
    """Runs launches at once, or records them while a graph is captured."""

    def __init__(self) -> None:
        self.capturing: list[tuple[Kernel, tuple[Any, ...]]] | None = None
        self.captured = 0
        self.replayed = 0

    def launch(self, kernel: Kernel, args: tuple[Any, ...]) -> None:
        if self.capturing is None:
            kernel(args)
        else:
            self.capturing.append((kernel, args))

    def begin_capture(self) -> None:
        self.capturing = []

    def end_capture(self) -> _Graph:
        graph, self.capturing = _Graph(self, self.capturing or []), None
        self.captured += 1
        return graph


class _Graph:
    def __init__(self, stream: _Stream, launches: list[tuple[Kernel, tuple[Any, ...]]]) -> None:
        self.stream, self.launches = stream, launches

    def launch(self, stream: _Stream) -> None:
        self.stream.replayed += 1
        for kernel, args in self.launches:
            kernel(args)


def _fake_cupy(stream: _Stream) -> types.ModuleType:
    class Module:
        def __init__(self, code: str, options: tuple[str, ...] = ()) -> None:
            assert options == (f"-DLANES={pdlp_gpu.LANES}",)

        def get_function(self, name: str) -> Callable[..., None]:
            return lambda grid, block, args: stream.launch(KERNELS[name], args)

    cupy = types.ModuleType("cupy")
    cupy.zeros = lambda size: _device(np.zeros(size))
    cupy.asarray = _device
    cupy.asnumpy = np.asarray
    cupy.copyto = np.copyto
    cupy.int32, cupy.float64 = np.int32, np.float64
    cupy.RawModule = Module
    cupy.cuda = types.SimpleNamespace(get_current_stream=lambda: stream)
    return cupy


@pytest.fixture
def stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Stream]:
    stream = _Stream()
    monkeypatch.setitem(sys.modules, "cupy", _fake_cupy(stream))
    yield stream


def _solved(run: pdlp._Run, rtol: float) -> tuple[int, int, float]:
    certificate, _ = run.until(rtol, 10**6, float("inf"), 64, lambda *_: None, polish=False)
    assert certificate.within(rtol)
    x, _ = run.problem.unscaled(run.best)
    return run.iterations, run.restarts, float(x[-1])


@pytest.mark.parametrize(("size", "alternatives", "seed"), [(40, 0.0, 1), (150, 0.2, 3)])
def test_the_fused_run_takes_the_cpu_runs_steps_and_restarts(
    stream: _Stream,
    monkeypatch: pytest.MonkeyPatch,
    size: int,
    alternatives: float,
    seed: int,
) -> None:
    lp = plan_ray_lp(size, alternatives=alternatives, seed=seed)
    monkeypatch.setattr(pdlp_gpu, "LONG_ROW", 20)
    monkeypatch.setattr(pdlp_gpu, "CHUNK", 7)
    monkeypatch.setattr(FusedRun, "CHECKS_PER_CERTIFICATE", 1)
    problem = pdlp._Problem.on(pdlp._backend("cpu"), lp)
    iterations, restarts, ray = _solved(pdlp._Run(problem, None), 1e-7)
    fused = FusedRun(problem, None)
    assert fused.matrix.chunks > 0 and fused.transposed.chunks > 0
    fused_iterations, fused_restarts, fused_ray = _solved(fused, 1e-7)
    assert (fused_iterations, fused_restarts) == (iterations, restarts)
    assert fused_ray == pytest.approx(ray, rel=1e-12)
    assert stream.captured == 1
    assert stream.replayed == iterations // 64 - 1


def test_the_fused_run_measures_the_certificate_at_every_fourth_check(stream: _Stream) -> None:
    lp = plan_ray_lp(60, alternatives=0.3, seed=2)
    problem = pdlp._Problem.on(pdlp._backend("cpu"), lp)
    measured: list[int] = []
    run = FusedRun(problem, None)
    certificate, status = run.until(
        1e-7,
        10**6,
        float("inf"),
        64,
        lambda iterations, _: measured.append(iterations),
        polish=False,
    )
    assert status == pdlp.OPTIMAL and certificate.within(1e-7)
    assert measured == list(range(256, run.iterations + 1, 256))


def test_long_rows_are_cut_into_chunks_of_their_entries() -> None:
    indptr = np.array([0, 3, 13, 14, 24])
    long = LongRows.of(indptr, longer_than=5, chunk=4)
    assert long.slot.tolist() == [-1, 0, -1, 1]
    assert long.count == 2
    assert long.chunk_slot.tolist() == [0, 0, 0, 1, 1, 1]
    assert long.chunk_begin.tolist() == [3, 7, 11, 14, 18, 22]
    assert long.chunk_end.tolist() == [7, 11, 13, 18, 22, 24]
    none = LongRows.of(indptr, longer_than=10, chunk=4)
    assert none.count == 0 and none.chunk_slot.size == 0
