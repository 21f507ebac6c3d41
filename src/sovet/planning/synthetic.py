"""Seeded random economies, productive by construction, for tests and benchmarks."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .economy import Economy, Vector


def random_economy(
    products: int,
    *,
    inputs_per_process: int = 20,
    alternatives: float = 0.0,
    input_share: tuple[float, float] = (0.2, 0.8),
    seed: int = 0,
) -> Economy:
    """``products`` products, each made by one process, plus ``alternatives`` x ``products``
    second processes for randomly chosen products (choice of technique).

    Each process uses about ``inputs_per_process`` random inputs whose total per unit of
    output (all products counted in one unit) lies in ``input_share``, so every
    technique is productive. Labour per unit is uniform in [0.1, 1]; capacities unlimited.
    """
    rng = np.random.default_rng(seed)
    extra = round(alternatives * products)
    processes = products + extra
    makes = np.concatenate(
        [np.arange(products), rng.choice(products, size=extra, replace=extra > products)]
    )
    width = min(inputs_per_process, products)
    rows = rng.integers(0, products, size=processes * width)
    columns = np.repeat(np.arange(processes), width)
    matrix = sp.csc_array(
        (rng.random(processes * width), (rows, columns)), shape=(products, processes)
    )
    matrix.sum_duplicates()
    sums: Vector = np.asarray(matrix.sum(axis=0), dtype=np.float64)
    share = rng.uniform(*input_share, size=processes)
    scale = np.divide(share, sums, out=np.zeros(processes), where=sums > 0)
    matrix = sp.csc_array(matrix @ sp.diags_array(scale))
    return Economy.from_arrays(
        products=[f"p{number}" for number in range(products)],
        inputs=matrix,
        makes=makes,
        labour=rng.uniform(0.1, 1.0, size=processes),
        process_codes=[f"q{number}" for number in range(processes)],
        workplaces=[f"w{number % 97}" for number in range(processes)],
    )


def with_capacities(economy: Economy, capacity: Vector) -> Economy:
    """The same economy with new capacities per process."""
    return Economy.from_arrays(
        products=economy.products,
        units=economy.units,
        inputs=economy.inputs,
        makes=economy.makes,
        labour=economy.labour,
        capacity=capacity,
        process_codes=economy.process_codes,
        workplaces=economy.workplaces,
    )


def random_targets(economy: Economy, *, seed: int = 0) -> Vector:
    """Positive final output targets, uniform in [0.5, 1.5] per product."""
    return np.random.default_rng(seed).uniform(0.5, 1.5, size=economy.n_products)


def random_capacities(
    economy: Economy, levels: Vector, *, slack: tuple[float, float] = (1.2, 3.0), seed: int = 0
) -> Vector:
    """Capacities of ``slack`` times the given levels (or of the mean level where zero)."""
    rng = np.random.default_rng(seed)
    base = np.where(levels > 0, levels, float(levels.mean()) if levels.size else 1.0)
    return base * rng.uniform(*slack, size=economy.n_processes)
