"""A workplace's books as CSV: the format of ``sovet books import|export`` and the page's
download, and the same both ways, so an export imports back to the same books.

One figure a row, under the header ``row,process,product,quantity,unit,period``:

=========  =========  ==========  ===================  =====  ========
row        process    product     quantity             unit   period
=========  =========  ==========  ===================  =====  ========
process    blast      steel       capacity per period  t
labour     blast                  hours per unit       h
input      blast      coal        per unit of output   t
stock                 coal        in stock             t
output                steel       produced             t      2027-Q1
use                   coal        used                 t      2027-Q1
=========  =========  ==========  ===================  =====  ========

A process's labour and input rows follow its process row; each process has one labour
row. Every bad row refuses the whole file, naming its line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sovet.domain import books as b
from sovet.domain.errors import Invalid, Refused

HEADER = ("row", "process", "product", "quantity", "unit", "period")
ROWS = ("process", "labour", "input", "stock", "output", "use")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
MAX_LINES = 100_000


def to_csv(books: b.Books) -> str:
    """The books as CSV, processes first, then stocks, then flows by period."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for process in books.processes:
        writer.writerow(
            ["process", process.code, process.product, _number(process.capacity), process.unit, ""]
        )
        writer.writerow(["labour", process.code, "", _number(process.labour), b.HOURS, ""])
        for item in process.inputs:
            writer.writerow(
                ["input", process.code, item.product, _number(item.quantity), item.unit, ""]
            )
    for item in books.stocks:
        writer.writerow(["stock", "", item.product, _number(item.quantity), item.unit, ""])
    for flow in books.flows:
        writer.writerow(
            [flow.kind, "", flow.product, _number(flow.quantity), flow.unit, flow.period]
        )
    return out.getvalue()


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@dataclass
class _Draft:
    line: int
    code: str
    product: str
    unit: str
    capacity: float
    labour: float | None = None
    inputs: list[b.Quantity] = field(default_factory=list)


def from_csv(csv_text: str, catalogue: b.Catalogue) -> b.Books:
    """The books in ``csv_text``, every figure checked against the catalogue, or Invalid
    naming the first bad line."""
    reader = csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")))
    try:
        header = tuple(column.strip().lower() for column in next(reader))
    except StopIteration:
        raise Invalid(
            f"line 1: the file is empty; expected the header {','.join(HEADER)}"
        ) from None
    except csv.Error as error:
        raise Invalid(f"line 1: {error}") from None
    if header != HEADER:
        raise Invalid(f"line 1: the header must be {','.join(HEADER)}, not {','.join(header)}")
    drafts: dict[str, _Draft] = {}
    stocks: list[b.Quantity] = []
    flows: list[b.Flow] = []
    seen: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if line > MAX_LINES:
                raise Invalid(f"line {line}: at most {MAX_LINES} lines per file")
            if not any(value.strip() for value in values):
                continue
            try:
                key = _row(values, catalogue, drafts, stocks, flows)
            except Refused as error:
                raise Invalid(f"line {line}: {error.message}") from None
            if key in seen:
                raise Invalid(f"line {line}: {key} already appears on line {seen[key]}")
            seen[key] = line
            if values[0].strip() == "process":
                drafts[values[1].strip()].line = line
    except csv.Error as error:
        raise Invalid(f"line {reader.line_num}: {error}") from None
    processes = []
    for draft in drafts.values():
        try:
            processes.append(_finished(draft, catalogue))
        except Refused as error:
            raise Invalid(f"line {draft.line}: {error.message}") from None
    return b.Books(tuple(processes), tuple(stocks), tuple(flows))


def _row(
    values: list[str],
    catalogue: b.Catalogue,
    drafts: dict[str, _Draft],
    stocks: list[b.Quantity],
    flows: list[b.Flow],
) -> str:
    """Take one row into the books being read; its key, to refuse a repeat."""
    if len(values) != len(HEADER):
        raise Invalid(f"expected {len(HEADER)} fields, found {len(values)}")
    kind, process, product, quantity, unit, period = (value.strip() for value in values)
    if kind not in ROWS:
        raise Invalid(f"row: {kind!r} must be one of {', '.join(ROWS)}")
    number = _parse_number(quantity)
    if kind == "process":
        code = b.code(process, "process")
        made = b.quantity(catalogue, b.Quantity(product, 1.0, unit), f"process {code!r}")
        drafts[code] = _Draft(0, code, made.product, made.unit, b.amount(number, "capacity"))
        return f"process {code!r}"
    if kind in ("labour", "input"):
        draft = drafts.get(process)
        if draft is None:
            raise Invalid(f"process: {process!r} has no process row above this one")
        if kind == "labour":
            if product or unit != b.HOURS:
                raise Invalid(f"labour: leave the product empty and count hours in {b.HOURS!r}")
            draft.labour = b.amount(number, f"process {process!r}: labour")
            return f"the labour of process {process!r}"
        item = b.quantity(
            catalogue, b.Quantity(product, number, unit), f"process {process!r}, input"
        )
        draft.inputs.append(item)
        return f"input {product!r} of process {process!r}"
    if process:
        raise Invalid(f"process: a {kind} row names no process")
    if kind == "stock":
        if period:
            raise Invalid("period: a stock row has no period")
        stocks.append(b.stock(catalogue, b.Quantity(product, number, unit)))
        return f"the stock of {product!r}"
    flow = b.flow(
        catalogue, b.Flow(period, "output" if kind == "output" else "use", product, number, unit)
    )
    flows.append(flow)
    return f"the {kind} of {product!r} in {period}"


def _parse_number(text: str) -> float:
    if not NUMBER.fullmatch(text):
        raise Invalid(f"quantity: {text!r} is not a number")
    return float(text)


def _finished(draft: _Draft, catalogue: b.Catalogue) -> b.Process:
    if draft.labour is None:
        raise Invalid(f"process {draft.code!r} has no labour row")
    return b.process(
        catalogue,
        b.Process(
            code=draft.code,
            product=draft.product,
            unit=draft.unit,
            labour=draft.labour,
            capacity=draft.capacity,
            inputs=tuple(draft.inputs),
        ),
    )
