"""The iterations of the engine's PDLP on a GPU, in fused kernels replayed as CUDA graphs.

The same steps as :class:`~.pdlp._Run`, arranged for the device. Written as array
operations, one iteration was some 40 kernels, each launched from Python, and took
0.50 ms at 10^5 products on an H200. Here an iteration is two kernels, each a sparse
product fused with everything that reads its result, and takes 0.081 ms:

- ``dual_step``, ``LANES`` lanes per row: ``A x`` of the primal step, the dual step, and
  the Halpern update of the rows' half of the point;
- ``primal_step``, ``LANES`` lanes per column: ``A^T y`` of the dual step, the Halpern
  update of the columns' half, and the primal step of the next iteration.

Rows with very many entries (the labour row; the plan ray's column, in ``A^T``) would
leave one group of lanes working long after the others: their products are summed
first, in chunks spread over many blocks (``long_rows``). The step sizes, the iterations
since the last restart and the sums of the fixed-point error live in device memory, so
that a batch of iterations between two checks is captured once as a CUDA graph and
replayed. A batch's first iteration after a restart sums |dx|^2, |dy|^2 and dy . A dx on
the device for the restart rule, as the CPU does with three dot products.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .lp import Vector
from .pdlp import STEP, _box, _Point, _Problem, _Run

LANES = 4
"""The lanes of a warp that share one row (or column) of the row and column kernels. On an
H200 at 10^5 products an iteration took 0.081 ms with 4 lanes, 0.084 with 8, 0.090 with
16 and 0.122 with a whole warp: rows have some 25 entries, and more rows in flight hide
more of the memory's latency."""
THREADS = 256
"""Threads per block (the kernels' WARPS is this over 32)."""
LONG_ROW = 1024
"""Rows with more entries than this are summed in chunks over many blocks."""
CHUNK = 4096
"""Entries of a long row summed by one block."""

SOURCE = r"""
#define FULL 0xffffffffu
#define WARPS 8
/* LANES, the lanes of a warp that share one row, comes as a compile option. */

__device__ __forceinline__ double clip(double v, double lo, double hi) {
    return fmin(fmax(v, lo), hi);
}

__device__ __forceinline__ double warp_sum(double v) {
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(FULL, v, offset);
    return v;
}

/* Row `row` of a CSR matrix times v, by the LANES lanes of a group, all 32 lanes of the
   warp taking part (rows past the end as empty ones). A long row's sum was taken by
   long_rows; it is read here, and cleared by the caller for the next iteration. */
__device__ __forceinline__ double row_product(
    const int* __restrict__ indptr, const int* __restrict__ indices,
    const double* __restrict__ data, const int* __restrict__ slot,
    const double* __restrict__ long_sum, const double* __restrict__ v, int row, int count,
    int lane)
{
    int s = row < count ? slot[row] : -1;
    double sum = 0.0;
    if (row < count && s < 0) {
        int end = indptr[row + 1];
        for (int p = indptr[row] + lane; p < end; p += LANES) sum += data[p] * v[indices[p]];
    }
    for (int offset = LANES / 2; offset > 0; offset >>= 1)
        sum += __shfl_xor_sync(FULL, sum, offset, LANES);
    return s >= 0 ? long_sum[s] : sum;
}

/* Adds the block's values of `a` (and `b`) into acc[first] (and acc[first + 1]). */
__device__ __forceinline__ void block_add(
    double a, double b, int count, double* __restrict__ acc, int first)
{
    __shared__ double part[2][WARPS];
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    a = warp_sum(a);
    b = warp_sum(b);
    if (lane == 0) { part[0][warp] = a; part[1][warp] = b; }
    __syncthreads();
    if (threadIdx.x == 0) {
        double ta = 0.0, tb = 0.0;
        for (int i = 0; i < WARPS; ++i) { ta += part[0][i]; tb += part[1][i]; }
        atomicAdd(&acc[first], ta);
        if (count > 1) atomicAdd(&acc[first + 1], tb);
    }
}

extern "C" __global__ void long_rows(
    const int* __restrict__ chunk_slot, const int* __restrict__ chunk_begin,
    const int* __restrict__ chunk_end, const int* __restrict__ indices,
    const double* __restrict__ data, const double* __restrict__ v,
    double* __restrict__ long_sum)
{
    __shared__ double part[32];
    int c = blockIdx.x, warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    double sum = 0.0;
    for (int p = chunk_begin[c] + threadIdx.x; p < chunk_end[c]; p += blockDim.x)
        sum += data[p] * v[indices[p]];
    sum = warp_sum(sum);
    if (lane == 0) part[warp] = sum;
    __syncthreads();
    if (warp == 0) {
        sum = lane < (int)(blockDim.x >> 5) ? part[lane] : 0.0;
        sum = warp_sum(sum);
        if (lane == 0) atomicAdd(&long_sum[chunk_slot[c]], sum);
    }
}

/* The first primal step after a restart: x <- clip(x - tau (c - A^T y)). */
extern "C" __global__ void primal_start(
    const double* __restrict__ x_c, const double* __restrict__ aty_c,
    double* __restrict__ x_s, const double* __restrict__ cost,
    const double* __restrict__ lower, const double* __restrict__ upper,
    const double* __restrict__ par, int cols)
{
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j < cols) x_s[j] = clip(x_c[j] - par[0] * (cost[j] - aty_c[j]), lower[j], upper[j]);
}

/* LANES lanes per row: A x of the primal step, the dual step, the rows' Halpern update. */
extern "C" __global__ void dual_step(
    const int* __restrict__ indptr, const int* __restrict__ indices,
    const double* __restrict__ data, const int* __restrict__ slot,
    double* __restrict__ long_sum,
    const double* __restrict__ x_s, double* __restrict__ y_s, double* __restrict__ ax_s,
    const double* __restrict__ y_c, const double* __restrict__ ax_c,
    double* __restrict__ y_n, double* __restrict__ ax_n,
    const double* __restrict__ y_a, const double* __restrict__ ax_a,
    const double* __restrict__ lower, const double* __restrict__ upper,
    const double* __restrict__ par, double* __restrict__ acc, int rows, int k)
{
    int thread = blockIdx.x * blockDim.x + threadIdx.x;
    int row = thread / LANES, lane = thread % LANES;
    double since = par[2] + k;
    double moved = 0.0, cross = 0.0;
    double ax = row_product(indptr, indices, data, slot, long_sum, x_s, row, rows, lane);
    if (row < rows) {
        if (lane == 0) {
            int s = slot[row];
            if (s >= 0) long_sum[s] = 0.0;
            double sigma = par[1], w = (since + 1.0) / (since + 2.0);
            double yc = y_c[row], axc = ax_c[row];
            double shifted = yc - sigma * (2.0 * ax - axc);
            double y = shifted + sigma * clip(-shifted / sigma, lower[row], upper[row]);
            y_s[row] = y;
            ax_s[row] = ax;
            y_n[row] = w * (2.0 * y - yc) + (1.0 - w) * y_a[row];
            ax_n[row] = w * (2.0 * ax - axc) + (1.0 - w) * ax_a[row];
            moved = (y - yc) * (y - yc);
            cross = (y - yc) * (ax - axc);
        }
    }
    if (since == 0.0) block_add(moved, cross, 2, acc, 1);
}

/* LANES lanes per column: A^T y of the dual step, the columns' Halpern update, and (when
   `next`) the primal step of the next iteration from the updated point. */
extern "C" __global__ void primal_step(
    const int* __restrict__ indptr, const int* __restrict__ indices,
    const double* __restrict__ data, const int* __restrict__ slot,
    double* __restrict__ long_sum,
    const double* __restrict__ y_s, double* __restrict__ x_s, double* __restrict__ aty_s,
    const double* __restrict__ x_c, const double* __restrict__ aty_c,
    double* __restrict__ x_n, double* __restrict__ aty_n,
    const double* __restrict__ x_a, const double* __restrict__ aty_a,
    const double* __restrict__ cost, const double* __restrict__ lower,
    const double* __restrict__ upper, const double* __restrict__ par,
    double* __restrict__ acc, int cols, int k, int next)
{
    int thread = blockIdx.x * blockDim.x + threadIdx.x;
    int col = thread / LANES, lane = thread % LANES;
    double since = par[2] + k;
    double moved = 0.0;
    double aty = row_product(indptr, indices, data, slot, long_sum, y_s, col, cols, lane);
    if (col < cols) {
        if (lane == 0) {
            int s = slot[col];
            if (s >= 0) long_sum[s] = 0.0;
            double w = (since + 1.0) / (since + 2.0);
            double xs = x_s[col], xc = x_c[col], atyc = aty_c[col];
            double xn = w * (2.0 * xs - xc) + (1.0 - w) * x_a[col];
            double atyn = w * (2.0 * aty - atyc) + (1.0 - w) * aty_a[col];
            aty_s[col] = aty;
            x_n[col] = xn;
            aty_n[col] = atyn;
            moved = (xs - xc) * (xs - xc);
            if (next) x_s[col] = clip(xn - par[0] * (cost[col] - atyn), lower[col], upper[col]);
        }
    }
    if (since == 0.0) block_add(moved, 0.0, 1, acc, 0);
}
"""


@dataclass(frozen=True)
class LongRows:
    """The rows of a CSR matrix too long for one group of lanes, cut into chunks that
    many blocks sum at once."""

    slot: npt.NDArray[np.int32]
    """For each row, its place among the long rows, or -1."""
    chunk_slot: npt.NDArray[np.int32]
    chunk_begin: npt.NDArray[np.int32]
    chunk_end: npt.NDArray[np.int32]

    @classmethod
    def of(cls, indptr: npt.NDArray[np.integer[Any]], *, longer_than: int, chunk: int) -> LongRows:
        lengths = np.diff(indptr)
        long = np.flatnonzero(lengths > longer_than)
        slot = np.full(lengths.size, -1, dtype=np.int32)
        slot[long] = np.arange(long.size, dtype=np.int32)
        pieces = [
            (place, begin, min(begin + chunk, int(indptr[row + 1])))
            for place, row in enumerate(long)
            for begin in range(int(indptr[row]), int(indptr[row + 1]), chunk)
        ]
        table = np.array(pieces, dtype=np.int32).reshape(len(pieces), 3)
        return cls(slot, table[:, 0].copy(), table[:, 1].copy(), table[:, 2].copy())

    @property
    def count(self) -> int:
        return int((self.slot >= 0).sum())


class _Matrix:
    """A CSR matrix on the device, with its long rows, for the fused kernels."""

    def __init__(self, cp: Any, csr: Any) -> None:
        self.indptr = cp.asarray(csr.indptr, dtype=cp.int32)
        self.indices = cp.asarray(csr.indices, dtype=cp.int32)
        self.data = cp.asarray(csr.data, dtype=cp.float64)
        long = LongRows.of(cp.asnumpy(self.indptr), longer_than=LONG_ROW, chunk=CHUNK)
        self.slot = cp.asarray(long.slot)
        self.chunks = len(long.chunk_slot)
        self.chunk_args = tuple(
            cp.asarray(part) for part in (long.chunk_slot, long.chunk_begin, long.chunk_end)
        )
        self.long_sum = cp.zeros(max(long.count, 1))

    def csr_args(self) -> tuple[Any, ...]:
        return (self.indptr, self.indices, self.data, self.slot, self.long_sum)


def _copy(cp: Any, target: _Point, source: _Point) -> None:
    for into, value in zip(vars(target).values(), vars(source).values(), strict=True):
        if into is not value:
            cp.copyto(into, value)


class FusedRun(_Run):
    """:class:`~.pdlp._Run` on a GPU: the same steps, restarts and checks, with the steps
    taken by fused kernels into fixed buffers, and each batch replayed as a CUDA graph."""

    CHECKS_PER_CERTIFICATE = 4
    """The certificate is some 40 array operations: at 10^5 products it cost as much as
    20 fused iterations (1.6 ms on an H200), so it is measured every fourth check of the
    restart rule (0.25 ms)."""

    def __init__(
        self,
        problem: _Problem,
        warm_start: tuple[Vector, Vector] | None,
        *,
        lanes: int = LANES,
    ) -> None:
        import cupy as cp  # type: ignore[import-not-found]

        self.cp = cp
        rows, cols = problem.matrix.shape
        self.rows, self.cols, self.lanes = int(rows), int(cols), lanes
        module = cp.RawModule(code=SOURCE, options=(f"-DLANES={lanes}",))
        self.kernels = {
            name: module.get_function(name)
            for name in ("long_rows", "primal_start", "dual_step", "primal_step")
        }
        self.matrix = _Matrix(cp, problem.matrix)
        self.transposed = _Matrix(cp, problem.transposed)

        def buffers() -> _Point:
            return _Point(cp.zeros(cols), cp.zeros(rows), cp.zeros(rows), cp.zeros(cols))

        self.stepped = buffers()
        self.anchor = buffers()
        self.points = (buffers(), buffers())
        self.parity = 0
        self.params = cp.zeros(3)
        self.sums = cp.zeros(3)
        self.graphs: dict[tuple[int, int], Any] = {}
        self.seen: set[tuple[int, int]] = set()
        super().__init__(problem, warm_start)

    def _restart(self, point: _Point) -> None:
        cp = self.cp
        _copy(cp, self.stepped, point)
        self.parity = 0
        _copy(cp, self.points[0], point)
        _copy(cp, self.anchor, point)
        self.previous_error = math.inf
        self.since = 0
        self.sums.fill(0.0)

    def _advance(self, count: int) -> None:
        norm = self.problem.norm
        tau, sigma = STEP / norm / self.weight, STEP / norm * self.weight
        self.params.set(np.array([tau, sigma, float(self.since)]))
        key = (count, self.parity)
        if key in self.graphs:
            self.graphs[key].launch(stream=self.cp.cuda.get_current_stream())
        elif key in self.seen:
            stream = self.cp.cuda.get_current_stream()
            stream.begin_capture()
            self._launch(count)
            self.graphs[key] = stream.end_capture()
            self.graphs[key].launch(stream=stream)
        else:
            self.seen.add(key)
            self._launch(count)
        self.before = self.points[(self.parity + count - 1) % 2]
        self.parity = (self.parity + count) % 2
        if self.since == 0:
            primal, dual, cross = (float(value) for value in self.sums.get())
            self.anchor_error = self._error(primal, dual, cross)
        self.iterations += count
        self.since += count

    def _launch(self, count: int) -> None:
        """Queue ``count`` iterations from ``points[parity]`` on the current stream."""
        k = self.kernels
        bounds = self.problem.scaled
        lower, upper = _box(bounds)
        rows, cols = np.int32(self.rows), np.int32(self.cols)
        first = self.points[self.parity]
        k["primal_start"](
            ((self.cols + THREADS - 1) // THREADS,),
            (THREADS,),
            (first.x, first.aty, self.stepped.x, bounds.cost, lower, upper, self.params, cols),
        )
        for step in range(count):
            now = self.points[(self.parity + step) % 2]
            then = self.points[(self.parity + step + 1) % 2]
            self._long(self.matrix, self.stepped.x)
            k["dual_step"](
                ((self.rows * self.lanes + THREADS - 1) // THREADS,),
                (THREADS,),
                (
                    *self.matrix.csr_args(),
                    self.stepped.x,
                    self.stepped.y,
                    self.stepped.ax,
                    now.y,
                    now.ax,
                    then.y,
                    then.ax,
                    self.anchor.y,
                    self.anchor.ax,
                    bounds.row_lower,
                    bounds.row_upper,
                    self.params,
                    self.sums,
                    rows,
                    np.int32(step),
                ),
            )
            self._long(self.transposed, self.stepped.y)
            k["primal_step"](
                ((self.cols * self.lanes + THREADS - 1) // THREADS,),
                (THREADS,),
                (
                    *self.transposed.csr_args(),
                    self.stepped.y,
                    self.stepped.x,
                    self.stepped.aty,
                    now.x,
                    now.aty,
                    then.x,
                    then.aty,
                    self.anchor.x,
                    self.anchor.aty,
                    bounds.cost,
                    lower,
                    upper,
                    self.params,
                    self.sums,
                    cols,
                    np.int32(step),
                    np.int32(step < count - 1),
                ),
            )

    def _long(self, matrix: _Matrix, vector: Any) -> None:
        if matrix.chunks:
            self.kernels["long_rows"](
                (matrix.chunks,),
                (THREADS,),
                (*matrix.chunk_args, matrix.indices, matrix.data, vector, matrix.long_sum),
            )
