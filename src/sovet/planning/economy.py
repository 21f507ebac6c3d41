"""The model economy: products with units, and the processes that make them.

A process makes one unit of one product from inputs of other products and hours of
labour, up to a capacity per period, and belongs to a workplace. Several processes may
make the same product (choice of technique). The economy holds them as sparse arrays:

- ``inputs``: products x processes, the input of each product per unit of each process;
- ``makes``: for each process, the product it makes;
- ``labour`` and ``capacity``: per process (capacity ``inf`` where unlimited).

Build one from books (:meth:`Economy.from_books`, which checks every figure and names
the culprit) or from arrays (:meth:`Economy.from_arrays`, checked the same way but in
bulk, for large economies).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .errors import MissingProcess, NegativeCoefficient, PlanningError, UnitMismatch, UnknownProduct

Vector = npt.NDArray[np.float64]
SparseT = TypeVar("SparseT", sp.csr_array, sp.csc_array)
Indices = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Product:
    """An item in the catalogue, counted in ``unit``; ``source``, when given, says where
    it was read (``products.csv line 4``) and begins every refusal of it."""

    code: str
    unit: str
    name: str = ""
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class Input:
    """``quantity`` of ``product`` per unit of output; ``unit``, when given, is checked."""

    product: str
    quantity: float
    unit: str | None = None


@dataclass(frozen=True)
class Process:
    """How ``workplace`` makes one unit of ``product``.

    ``inputs`` maps product codes to quantities per unit (or lists :class:`Input`, each
    product once); ``labour`` is hours per unit; ``capacity`` the most units per period;
    ``unit``, when given, is the unit of the output and must be the catalogue's;
    ``source``, when given, says where it was read and begins every refusal of it.
    """

    code: str
    product: str
    workplace: str
    labour: float
    inputs: Mapping[str, float] | Sequence[Input] = field(default_factory=dict)
    capacity: float = math.inf
    unit: str | None = None
    source: str = field(default="", compare=False)

    def input_list(self) -> list[Input]:
        if isinstance(self.inputs, Mapping):
            return [Input(product, quantity) for product, quantity in self.inputs.items()]
        return list(self.inputs)


class Economy:
    """A checked economy of ``n`` products and ``m`` processes, as sparse arrays."""

    def __init__(
        self,
        *,
        products: tuple[str, ...],
        units: tuple[str, ...],
        process_codes: tuple[str, ...],
        workplaces: tuple[str, ...],
        makes: Indices,
        inputs: sp.csc_array,
        labour: Vector,
        capacity: Vector,
    ) -> None:
        self.products = products
        self.units = units
        self.process_codes = process_codes
        self.workplaces = workplaces
        self.makes = makes
        self.inputs = inputs
        self.labour = labour
        self.capacity = capacity

    @property
    def n_products(self) -> int:
        return len(self.products)

    @property
    def n_processes(self) -> int:
        return len(self.process_codes)

    @classmethod
    def from_books(cls, products: Iterable[Product], processes: Iterable[Process]) -> Economy:
        """Build the economy from a catalogue and the workplaces' processes.

        Raises a :class:`PlanningError` naming the product, process and workplace at fault
        (after their ``source``, where given): an empty or repeated code, an unknown
        product, an input listed twice, a unit other than the catalogue's, a negative
        figure, a product no process makes (named with the first process that uses it,
        else with its place in the catalogue).
        """
        catalogue = list(products)
        index = _index_products(catalogue)
        units = {product.code: product.unit for product in catalogue}
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        makes: list[int] = []
        labour: list[float] = []
        capacity: list[float] = []
        codes: list[str] = []
        workplaces: list[str] = []
        listed: set[str] = set()
        users: dict[str, str] = {}  # each input product: where the first process using it is
        for column, process in enumerate(processes):
            at = _at(process.source)
            where = f"{at}process {process.code!r} of workplace {process.workplace!r}"
            if not process.code:
                raise PlanningError(f"{at}the process has no code", culprit="")
            if process.code in listed:
                raise PlanningError(f"{where} is listed twice", culprit=process.code)
            listed.add(process.code)
            makes.append(_known(index, process.product, where))
            _same_unit(units, process.product, process.unit, where)
            used: set[str] = set()
            for item in process.input_list():
                row = _known(index, item.product, where)
                if item.product in used:
                    raise PlanningError(
                        f"{where} lists input {item.product!r} twice", culprit=process.code
                    )
                used.add(item.product)
                users.setdefault(item.product, where)
                _same_unit(units, item.product, item.unit, where)
                if not item.quantity >= 0 or not math.isfinite(item.quantity):
                    raise NegativeCoefficient(
                        f"{where} uses {item.quantity} {units[item.product]} of "
                        f"{item.product!r} per unit: inputs must be finite and not negative",
                        culprit=process.code,
                    )
                rows.append(row)
                cols.append(column)
                values.append(float(item.quantity))
            codes.append(process.code)
            workplaces.append(process.workplace)
            labour.append(float(process.labour))
            capacity.append(float(process.capacity))
        _all_made(catalogue, set(makes), users)
        matrix = sp.csc_array(
            (np.array(values), (np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp))),
            shape=(len(catalogue), len(codes)),
        )
        return cls.from_arrays(
            products=[product.code for product in catalogue],
            units=[product.unit for product in catalogue],
            inputs=matrix,
            makes=np.array(makes, dtype=np.intp),
            labour=np.array(labour),
            capacity=np.array(capacity),
            process_codes=codes,
            workplaces=workplaces,
        )

    @classmethod
    def from_arrays(
        cls,
        *,
        products: Sequence[str],
        units: Sequence[str] | None = None,
        inputs: sp.sparray | npt.NDArray[np.float64],
        makes: npt.ArrayLike | None = None,
        labour: npt.ArrayLike,
        capacity: npt.ArrayLike | None = None,
        process_codes: Sequence[str] | None = None,
        workplaces: Sequence[str] | None = None,
    ) -> Economy:
        """Build the economy from arrays; ``makes`` defaults to process ``i`` making product ``i``.

        ``inputs`` is products x processes (sparse or dense). Every figure is checked, and
        the first bad one is named with its process and workplace.
        """
        names = tuple(products)
        n = len(names)
        _index_products([Product(code, "") for code in names])
        matrix = sp.csc_array(inputs if sp.issparse(inputs) else np.asarray(inputs)).astype(
            np.float64
        )
        matrix.sum_duplicates()
        if matrix.shape[0] != n:
            raise ValueError(f"inputs: has {matrix.shape[0]} rows for {n} products")
        m = matrix.shape[1]
        made = np.arange(m, dtype=np.intp) if makes is None else np.asarray(makes, dtype=np.intp)
        codes = tuple(process_codes) if process_codes is not None else _default_codes(names, made)
        places = tuple(workplaces) if workplaces is not None else ("",) * m
        unit_names = tuple(units) if units is not None else ("unit",) * n
        hours = np.asarray(labour, dtype=np.float64)
        limits = np.full(m, np.inf) if capacity is None else np.asarray(capacity, dtype=np.float64)
        for name, shape, size in [
            ("makes", made.shape, m),
            ("labour", hours.shape, m),
            ("capacity", limits.shape, m),
            ("process_codes", (len(codes),), m),
            ("workplaces", (len(places),), m),
            ("units", (len(unit_names),), n),
        ]:
            if shape != (size,):
                raise ValueError(f"{name}: expected {size} entries, got shape {shape}")
        _no_repeats(codes, "process")
        if m and (made.min() < 0 or made.max() >= n):
            raise ValueError("makes: a process index points outside the products")
        economy = cls(
            products=names,
            units=unit_names,
            process_codes=codes,
            workplaces=places,
            makes=made,
            inputs=matrix,
            labour=hours,
            capacity=limits,
        )
        economy._check_figures()
        return economy

    def _check_figures(self) -> None:
        bad = ~np.isfinite(self.inputs.data) | (self.inputs.data < 0)
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            process = int(np.searchsorted(self.inputs.indptr, position, side="right") - 1)
            product = self.products[int(self.inputs.indices[position])]
            raise NegativeCoefficient(
                f"{self.describe(process)} uses {self.inputs.data[position]} of {product!r} "
                "per unit: inputs must be finite and not negative",
                culprit=self.process_codes[process],
            )
        for name, values, allow_inf in [
            ("labour", self.labour, False),
            ("capacity", self.capacity, True),
        ]:
            bad = np.isnan(values) | (values < 0) | (~allow_inf & np.isinf(values))
            if bad.any():
                process = int(np.flatnonzero(bad)[0])
                raise NegativeCoefficient(
                    f"{self.describe(process)} has {name} {values[process]}: it must be a "
                    "number not below zero",
                    culprit=self.process_codes[process],
                )
        made = np.bincount(self.makes, minlength=self.n_products)
        if (made == 0).any():
            product = self.products[int(np.flatnonzero(made == 0)[0])]
            raise MissingProcess(
                f"no process makes product {product!r}: every product in the economy needs one",
                culprit=product,
            )

    def describe(self, process: int) -> str:
        """``process 'p' of workplace 'w'`` (or without the workplace where it has none)."""
        text = f"process {self.process_codes[process]!r}"
        if self.workplaces[process]:
            text += f" of workplace {self.workplaces[process]!r}"
        return text

    def product_index(self, code: str) -> int:
        index = self._index.get(code)
        if index is None:
            raise UnknownProduct(f"unknown product {code!r}", culprit=code)
        return index

    @cached_property
    def _index(self) -> dict[str, int]:
        return {code: position for position, code in enumerate(self.products)}

    @cached_property
    def single_technique(self) -> bool:
        """Whether each product has exactly one process (no choice of technique)."""
        return self.n_processes == self.n_products

    @cached_property
    def net_output(self) -> sp.csc_array:
        """Products x processes: +1 for the product a process makes, minus its inputs."""
        made = sp.csc_array(
            (np.ones(self.n_processes), (self.makes, np.arange(self.n_processes))),
            shape=(self.n_products, self.n_processes),
        )
        return sp.csc_array(made - self.inputs)

    @cached_property
    def runnable(self) -> npt.NDArray[np.bool_]:
        """The processes that can run: those with capacity, and every process of a
        product that none with capacity makes (a product that cannot be made at all
        still has a cost: what making it would take)."""
        has_capacity: npt.NDArray[np.bool_] = self.capacity > 0
        made = np.zeros(self.n_products, dtype=bool)
        made[self.makes[has_capacity]] = True
        runnable: npt.NDArray[np.bool_] = has_capacity | ~made[self.makes]
        return runnable

    def default_technique(self) -> Indices:
        """For each product, the first process that makes it."""
        technique = np.full(self.n_products, -1, dtype=np.intp)
        order = np.arange(self.n_processes - 1, -1, -1)
        technique[self.makes[order]] = order
        return technique

    def technique_matrix(self, technique: Indices) -> sp.csr_array:
        """The square input matrix A (products x products) of one process per product."""
        return sp.csr_array(self.inputs[:, technique])

    def targets(self, targets: Mapping[str, float] | npt.ArrayLike) -> Vector:
        """A vector of final output per product, from a mapping by code or an array."""
        if isinstance(targets, Mapping):
            vector = np.zeros(self.n_products)
            for code, quantity in targets.items():
                vector[self.product_index(code)] = quantity
        else:
            vector = np.asarray(targets, dtype=np.float64)
            if vector.shape != (self.n_products,):
                raise ValueError(
                    f"targets: expected {self.n_products} entries, got shape {vector.shape}"
                )
        bad = ~np.isfinite(vector) | (vector < 0)
        if bad.any():
            product = self.products[int(np.flatnonzero(bad)[0])]
            raise NegativeCoefficient(
                f"the target for {product!r} must be a number not below zero", culprit=product
            )
        return vector


def _no_repeats(codes: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise PlanningError(f"{what} {code!r} is listed twice", culprit=code)
        seen.add(code)


def _index_products(catalogue: Sequence[Product]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, product in enumerate(catalogue):
        at = _at(product.source)
        if not product.code:
            raise PlanningError(f"{at}the product has no code", culprit="")
        if product.code in index:
            raise PlanningError(
                f"{at}product {product.code!r} is listed twice in the catalogue",
                culprit=product.code,
            )
        index[product.code] = position
    return index


def _at(source: str) -> str:
    """The beginning of a refusal of what was read at ``source``."""
    return f"{source}: " if source else ""


def _known(index: Mapping[str, int], product: str, where: str) -> int:
    if not product:
        raise UnknownProduct(f"{where} names no product", culprit=product)
    position = index.get(product)
    if position is None:
        raise UnknownProduct(f"{where} names unknown product {product!r}", culprit=product)
    return position


def _all_made(catalogue: Sequence[Product], made: set[int], users: Mapping[str, str]) -> None:
    """Refuse the first product of ``catalogue`` that no process makes, naming the first
    process that uses it (``users``), else where the catalogue lists it."""
    for position, product in enumerate(catalogue):
        if position in made:
            continue
        user = users.get(product.code)
        if user is None:
            message = f"{_at(product.source)}no process makes product {product.code!r}"
        else:
            message = f"{user} uses product {product.code!r}, which no process makes"
        raise MissingProcess(
            f"{message}: every product in the economy needs one", culprit=product.code
        )


def _same_unit(units: Mapping[str, str], product: str, unit: str | None, where: str) -> None:
    if unit is not None and unit != units[product]:
        raise UnitMismatch(
            f"{where} counts {product!r} in {unit!r}, but the catalogue counts it in "
            f"{units[product]!r}",
            culprit=product,
        )


def _default_codes(products: tuple[str, ...], makes: Indices) -> tuple[str, ...]:
    if len(makes) == len(products) and (makes == np.arange(len(products))).all():
        return products
    return tuple(f"{products[product]}#{number}" for number, product in enumerate(makes))


def absolute(matrix: SparseT) -> SparseT:
    """The entrywise absolute value of a sparse array."""
    result = matrix.copy()
    result.data = np.abs(result.data)
    return result
