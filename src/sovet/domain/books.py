"""Open books: the federation's catalogue of products and each workplace's books.

A **product** has a code (unique in the federation), a name and the unit it is counted
in. A workplace's **books** hold:

- its **processes**: how it makes one unit of a product (inputs per unit by product,
  hours of labour per unit) and how many units it can make per period (capacity);
- its **stocks** of products;
- its **flows**: what it actually produced (``output``) and used (``use``) each period.

Every figure names its unit, and the unit must be the catalogue's: a figure in another
unit is refused, naming the product, rather than converted. Every check names its
culprit: the product, the process, the period. Nothing here does I/O.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from sovet.domain import text
from sovet.domain.charter import DEMAND, FIGURES, Charter, demand_words, with_key
from sovet.domain.errors import Invalid, NotFound

CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
UNIT = re.compile(r"^[^\s,]{1,16}$")
PERIOD = re.compile(r"^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")
HOURS = "h"
"""The unit of labour."""
MAX_QUANTITY = 1e15
MAX_INPUTS = 200
MAX_PROCESSES = 1000
FlowKind = Literal["output", "use"]
FLOW_KINDS: tuple[str, ...] = get_args(FlowKind)


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    unit: str


@dataclass(frozen=True)
class Quantity:
    """``quantity`` of ``product``, counted in ``unit``."""

    product: str
    quantity: float
    unit: str


@dataclass(frozen=True)
class Process:
    """How a workplace makes one unit of ``product``."""

    code: str
    product: str
    unit: str
    labour: float
    """Hours of labour per unit of output."""
    capacity: float
    """The most units it can make in one period."""
    inputs: tuple[Quantity, ...] = ()
    """What one unit of output uses, by product."""


@dataclass(frozen=True)
class Flow:
    """What a workplace actually produced or used of one product in one period."""

    period: str
    kind: FlowKind
    product: str
    quantity: float
    unit: str


@dataclass(frozen=True)
class Books:
    """One workplace's books: processes in use, stocks, and flows by period."""

    processes: tuple[Process, ...] = ()
    stocks: tuple[Quantity, ...] = ()
    flows: tuple[Flow, ...] = ()

    def periods(self) -> list[str]:
        return sorted({flow.period for flow in self.flows})


Catalogue = Mapping[str, Product]


def code(value: Any, field: str = "code") -> str:
    if not isinstance(value, str) or not CODE.fullmatch(value):
        raise Invalid(
            f"{field}: {value!r} is not a code (1-40 lowercase letters, digits, '_', '.' or "
            "'-', starting with a letter or digit)"
        )
    return value


def unit(value: Any, field: str = "unit") -> str:
    if (
        not isinstance(value, str)
        or not UNIT.fullmatch(value)
        or any(unicodedata.category(ch).startswith("C") for ch in value)
    ):
        raise Invalid(
            f"{field}: {value!r} is not a unit (1-16 printable characters, no spaces or commas)"
        )
    return value


def period(value: Any, field: str = "period") -> str:
    if not isinstance(value, str) or not PERIOD.fullmatch(value):
        raise Invalid(
            f"{field}: {value!r} is not a period (a year 2027, quarter 2027-Q1 or month 2027-01)"
        )
    return value


def amount(value: Any, field: str) -> float:
    """A finite figure not below zero."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{field}: {value!r} is not a number")
    number = float(value)
    if not math.isfinite(number) or number > MAX_QUANTITY:
        raise Invalid(f"{field}: {value!r} is not a finite number up to {MAX_QUANTITY:g}")
    if number < 0:
        raise Invalid(f"{field}: {value!r} is negative; figures in the books are not below zero")
    return number


def product(code_value: Any, name: Any, unit_value: Any) -> Product:
    """A new catalogue entry, checked."""
    return Product(code(code_value), text.name(name, "name"), unit(unit_value))


def known(catalogue: Catalogue, code_value: str, where: str) -> Product:
    found = catalogue.get(code_value)
    if found is None:
        raise NotFound(
            f"{where} names unknown product {code_value!r}: add it to the catalogue first"
        )
    return found


def quantity(catalogue: Catalogue, item: Quantity, where: str) -> Quantity:
    """A figure of a known product, in the catalogue's unit, not below zero."""
    found = known(catalogue, item.product, where)
    if item.unit != found.unit:
        raise Invalid(
            f"{where} counts {item.product!r} in {item.unit!r}, but the catalogue counts it "
            f"in {found.unit!r}"
        )
    return replace(item, quantity=amount(item.quantity, f"{where}: {item.product}"))


def process(catalogue: Catalogue, candidate: Process) -> Process:
    """A process checked against the catalogue, naming the culprit of the first fault."""
    name = code(candidate.code, "process")
    where = f"process {name!r}"
    made = quantity(catalogue, Quantity(candidate.product, 1.0, candidate.unit), where)
    if len(candidate.inputs) > MAX_INPUTS:
        raise Invalid(f"{where} has more than {MAX_INPUTS} inputs")
    inputs: list[Quantity] = []
    seen: set[str] = set()
    for item in candidate.inputs:
        checked = quantity(catalogue, item, f"{where}, input")
        if checked.product in seen:
            raise Invalid(f"{where} lists input {checked.product!r} twice")
        seen.add(checked.product)
        if checked.product == made.product and checked.quantity >= 1:
            raise Invalid(
                f"{where} uses {checked.quantity:g} {checked.unit} of its own output "
                f"{made.product!r} per unit it makes: it is not productive"
            )
        inputs.append(checked)
    return Process(
        code=name,
        product=made.product,
        unit=made.unit,
        labour=amount(candidate.labour, f"{where}: labour"),
        capacity=amount(candidate.capacity, f"{where}: capacity"),
        inputs=tuple(sorted(inputs, key=lambda item: item.product)),
    )


def stock(catalogue: Catalogue, item: Quantity) -> Quantity:
    return quantity(catalogue, item, "stock")


def flow(catalogue: Catalogue, item: Flow) -> Flow:
    when = period(item.period)
    if item.kind not in FLOW_KINDS:
        raise Invalid(f"kind: {item.kind!r} must be one of {', '.join(FLOW_KINDS)}")
    checked = quantity(
        catalogue, Quantity(item.product, item.quantity, item.unit), f"{item.kind} in {when}"
    )
    return replace(item, period=when, quantity=checked.quantity)


def books(catalogue: Catalogue, candidate: Books) -> Books:
    """Whole books checked: each figure, and no process, stock or flow listed twice."""
    processes = tuple(process(catalogue, item) for item in candidate.processes)
    if len(processes) > MAX_PROCESSES:
        raise Invalid(f"books: at most {MAX_PROCESSES} processes")
    _once((item.code for item in processes), "process")
    stocks = tuple(stock(catalogue, item) for item in candidate.stocks)
    _once((item.product for item in stocks), "stock of")
    flows = tuple(flow(catalogue, item) for item in candidate.flows)
    _once((f"{item.kind} of {item.product} in {item.period}" for item in flows), "")
    return Books(processes=processes, stocks=stocks, flows=flows)


def _once(keys: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise Invalid(f"{what} {key!r} is listed twice".strip())
        seen.add(key)


def hidden_figures(charter: Charter, *, insider: bool) -> tuple[str, ...]:
    """The figures a reader may not see: none for the workplace's members, else those
    the charter does not make public."""
    if insider:
        return ()
    return tuple(figure for figure in FIGURES if figure not in charter.public_figures)


@dataclass(frozen=True)
class ShownProcess:
    """A process as a reader sees it: a hidden figure is None, never zero."""

    code: str
    product: str
    unit: str
    labour: float | None
    capacity: float | None
    inputs: tuple[Quantity, ...] | None


@dataclass(frozen=True)
class ShownBooks:
    """Books as a reader sees them, with the figures hidden from them named."""

    processes: tuple[ShownProcess, ...]
    stocks: tuple[Quantity, ...] | None
    flows: tuple[Flow, ...]
    hidden: tuple[str, ...]


def shown(whole: Books, hidden: Sequence[str]) -> ShownBooks:
    """The books with the figures in ``hidden`` left out."""
    processes = tuple(
        ShownProcess(
            code=item.code,
            product=item.product,
            unit=item.unit,
            labour=None if "labour" in hidden else item.labour,
            capacity=None if "capacities" in hidden else item.capacity,
            inputs=None if "inputs" in hidden else item.inputs,
        )
        for item in whole.processes
    )
    figure = {"output": "outputs", "use": "use"}
    return ShownBooks(
        processes=processes,
        stocks=None if "stocks" in hidden else whole.stocks,
        flows=tuple(item for item in whole.flows if figure[item.kind] not in hidden),
        hidden=tuple(hidden),
    )


def quantity_to_json(item: Quantity) -> dict[str, Any]:
    return {"product": item.product, "quantity": item.quantity, "unit": item.unit}


def process_to_json(item: Process) -> dict[str, Any]:
    return {
        "code": item.code,
        "product": item.product,
        "unit": item.unit,
        "labour": item.labour,
        "capacity": item.capacity,
        "inputs": [quantity_to_json(entry) for entry in item.inputs],
    }


def flow_to_json(item: Flow) -> dict[str, Any]:
    return {
        "period": item.period,
        "kind": item.kind,
        "product": item.product,
        "quantity": item.quantity,
        "unit": item.unit,
    }


def books_to_json(item: Books) -> dict[str, Any]:
    return {
        "processes": [process_to_json(entry) for entry in item.processes],
        "stocks": [quantity_to_json(entry) for entry in item.stocks],
        "flows": [flow_to_json(entry) for entry in item.flows],
    }


@dataclass(frozen=True)
class Target:
    """Final output of a product asked for in a period: ``category`` is consumption,
    public services or investment."""

    product: str
    quantity: float
    unit: str
    category: str


MAX_TARGETS = 500


def target_to_json(item: Target) -> dict[str, Any]:
    return {
        "product": item.product,
        "quantity": item.quantity,
        "unit": item.unit,
        "category": item.category,
    }


def targets_from_json(value: Any, field: str) -> tuple[Target, ...]:
    """Targets from untrusted input, checked for shape and figures (not the catalogue)."""
    if not isinstance(value, list | tuple) or not 0 < len(value) <= MAX_TARGETS:
        raise Invalid(f"{field}: expected a list of 1 to {MAX_TARGETS} targets")
    targets = []
    for number, item in enumerate(value):
        where = f"{field}[{number}]"
        expected = {"product", "quantity", "unit", "category"}
        if not isinstance(item, Mapping) or set(item) != expected:
            raise Invalid(f"{where}: a target has the fields {', '.join(sorted(expected))}")
        if item["category"] not in DEMAND:
            raise Invalid(f"{where}.category: must be one of {', '.join(DEMAND)}")
        targets.append(
            Target(
                product=code(item["product"], f"{where}.product"),
                quantity=amount(item["quantity"], f"{where}.quantity"),
                unit=unit(item["unit"], f"{where}.unit"),
                category=item["category"],
            )
        )
    _once((f"{demand_words(item.category)} target for {item.product}" for item in targets), "the")
    return tuple(targets)


def check_targets(
    catalogue: Catalogue, charter: Charter, council: str, targets: Iterable[Target]
) -> None:
    """Each target names a known product in its unit, in a category ``council`` proposes."""
    for item in targets:
        if item.category not in charter.proposes_demand:
            proposed = (with_key(kind, demand_words(kind)) for kind in charter.proposes_demand)
            raise Invalid(
                f"{council} does not propose demand for {demand_words(item.category)}: its "
                f"charter proposes demand for {', '.join(proposed) or 'nothing'}"
            )
        quantity(
            catalogue,
            Quantity(item.product, item.quantity, item.unit),
            f"the {item.category} target",
        )


@dataclass(frozen=True)
class AdoptedTarget:
    """A demand target a council adopted by its decision (``motion_id``)."""

    council_id: int
    period: str
    motion_id: int
    product: str
    quantity: float
    unit: str
    category: str
