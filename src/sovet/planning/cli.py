"""``sovet plan FILES...`` and ``sovet import-io TABLE...``: the engine on plain files.

A model economy is three CSV files, told apart by their headers:

- products: ``code,unit[,name]``;
- processes: ``process,workplace,product,labour,capacity,inputs`` where ``inputs`` reads
  ``steel:0.5;coal:2`` (quantities per unit, each product once) and an empty capacity is
  unlimited;
- targets: ``product,target``.

The spaces around a value are dropped, as the books' CSV drops them: a product
``" steel"`` is ``steel``.

``import-io`` writes these three files from a national input-output table, with the
table's final demand as the targets.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from sovet.figures import quantity

from .economy import Economy, Input, Process, Product, Vector
from .errors import PlanningError
from .iotables import FORMATS, read_table
from .leontief import gross_output, labour_values
from .planray import METHODS, PlanRay, plan_ray
from .solvers.lp import UNBOUNDED

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

PRODUCTS_HEADER = ("code", "unit")
PROCESSES_HEADER = ("process", "workplace", "product", "labour", "capacity", "inputs")
TARGETS_HEADER = ("product", "target")
HEADERS = {"products": PRODUCTS_HEADER, "processes": PROCESSES_HEADER, "targets": TARGETS_HEADER}


@dataclass(frozen=True)
class Model:
    """An economy read from files, with its targets."""

    economy: Economy
    targets: Vector


@dataclass(frozen=True)
class Line:
    """A row of a model file, by its header's columns (each value stripped of the spaces
    around it), and the line it ends on."""

    path: Path
    number: int
    row: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.path} line {self.number}"


def read_model(files: Sequence[Path]) -> Model:
    """Read the products, processes and targets files (in any order)."""
    kinds: dict[str, list[Line]] = {}
    for path in files:
        kind, lines = _read(path)
        if kind in kinds:
            raise ValueError(f"{path}: a second {kind} file (the first is {kinds[kind][0].path})")
        kinds[kind] = lines
    missing = [kind for kind in HEADERS if kind not in kinds]
    if missing:
        raise ValueError(f"files: no {' or '.join(missing)} file given")
    products = [
        Product(line.row["code"], line.row["unit"], line.row.get("name") or "", line.where)
        for line in kinds["products"]
    ]
    processes = [_process(line) for line in kinds["processes"]]
    economy = Economy.from_books(products, processes)
    return Model(economy, economy.targets(_targets(kinds["targets"], economy.products)))


def _read(path: Path) -> tuple[str, list[Line]]:
    """The kind of a model file and its rows, each with every column its kind needs."""
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        try:
            header = tuple(name.strip() for name in reader.fieldnames or ())
            kind = _kind(path, header)
            reader.fieldnames = header
            lines = [_line(path, reader.line_num, row, HEADERS[kind]) for row in reader]
        except csv.Error as error:
            raise ValueError(f"{path} line {reader.line_num}: {error}") from None
        except UnicodeDecodeError as error:
            raise ValueError(f"{path}: {error}") from None
    if not lines:
        raise ValueError(f"{path}: no {kind} below the header")
    return kind, lines


def _kind(path: Path, header: tuple[str, ...]) -> str:
    if not header:
        raise ValueError(
            f"{path} line 1: no header; expected that of a products, processes or targets file"
        )
    for kind, expected in HEADERS.items():
        if header[: len(expected)] == expected:
            return kind
    raise ValueError(
        f"{path} line 1: not a products, processes or targets file (header {','.join(header)})"
    )


def _line(
    path: Path, number: int, row: dict[str | None, str | None], needed: Sequence[str]
) -> Line:
    line = Line(path, number, {name: (value or "").strip() for name, value in row.items() if name})
    if None in row:
        raise ValueError(f"{line.where}: more values than the header has columns")
    short = [name for name in needed if row[name] is None]
    if short:
        raise ValueError(f"{line.where}: the row ends before column {short[0]!r}")
    return line


def _process(line: Line) -> Process:
    row, where = line.row, line.where
    inputs = []
    for item in filter(None, (part.strip() for part in row["inputs"].split(";"))):
        product, _, quantity = item.rpartition(":")
        if not product:
            raise ValueError(f"{where}: input {item!r} is not product:quantity")
        inputs.append(Input(product.strip(), _float(quantity, where)))
    capacity = row["capacity"]
    return Process(
        code=row["process"],
        product=row["product"],
        workplace=row["workplace"],
        labour=_float(row["labour"], where),
        inputs=inputs,
        capacity=_float(capacity, where) if capacity else math.inf,
        source=where,
    )


def _targets(lines: Sequence[Line], products: Sequence[str]) -> dict[str, float]:
    targets: dict[str, float] = {}
    first: dict[str, int] = {}
    known = set(products)
    for line in lines:
        product = line.row["product"]
        if product not in known:
            raise PlanningError(
                f"{line.where}: product {product!r} is not in the products file", culprit=product
            )
        if product in first:
            raise PlanningError(
                f"{line.where}: product {product!r} is listed twice in the targets (first on "
                f"line {first[product]})",
                culprit=product,
            )
        first[product] = line.number
        targets[product] = _float(line.row["target"], line.where)
    return targets


def _float(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a number") from None


def write_model(
    economy: Economy, targets: Vector, folder: Path, *, names: Sequence[str] = ()
) -> list[Path]:
    """Write an economy and its targets as products, processes and targets files in
    ``folder``, which :func:`read_model` reads back to the same figures (floats written
    by ``repr``, an unlimited capacity as an empty field)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "products.csv", folder / "processes.csv", folder / "targets.csv"]
    with paths[0].open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow([*PRODUCTS_HEADER, "name"])
        named = names or [""] * economy.n_products
        writer.writerows(zip(economy.products, economy.units, named, strict=True))
    inputs = economy.inputs
    with paths[1].open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(PROCESSES_HEADER)
        for j, code in enumerate(economy.process_codes):
            start, end = inputs.indptr[j], inputs.indptr[j + 1]
            used = ";".join(
                f"{economy.products[i]}:{float(value)!r}"
                for i, value in zip(inputs.indices[start:end], inputs.data[start:end], strict=True)
            )
            capacity = float(economy.capacity[j])
            writer.writerow(
                [
                    code,
                    economy.workplaces[j],
                    economy.products[economy.makes[j]],
                    repr(float(economy.labour[j])),
                    repr(capacity) if math.isfinite(capacity) else "",
                    used,
                ]
            )
    with paths[2].open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(TARGETS_HEADER)
        writer.writerows(
            (code, repr(float(value)))
            for code, value in zip(economy.products, targets, strict=True)
        )
    return paths


def plan_command(
    files: Annotated[list[Path], typer.Argument(help="Products, processes and targets CSVs.")],
    labour: Annotated[
        float | None, typer.Option(help="Labour available (hours); default unlimited.")
    ] = None,
    method: Annotated[
        str, typer.Option(help=f"How to solve the plan ray: {', '.join(METHODS)}.")
    ] = "auto",
    rtol: Annotated[float, typer.Option(help="Relative accuracy of the plan ray.")] = 1e-6,
    top: Annotated[int, typer.Option(help="How many products and bottlenecks to list.")] = 10,
    time_limit: Annotated[
        float | None,
        typer.Option(
            help="Seconds the plan ray may take; then it reports the accuracy it reached."
        ),
    ] = None,
) -> None:
    """Balance a plan from files: labour values, gross output, plan ray and bottlenecks."""
    if top < 0:
        raise _fail(f"--top: must not be negative, got {top}")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("reading the files", total=None)

        def step(description: str) -> None:
            bar.update(task, description=description)

        try:
            report = run_plan(
                files,
                labour=math.inf if labour is None else labour,
                method=method,
                rtol=rtol,
                time_limit=math.inf if time_limit is None else time_limit,
                step=step,
            )
        except (PlanningError, ValueError, OSError) as error:
            bar.stop()
            raise _fail(str(error)) from None
    for line in report.lines(top):
        out.print(line, markup=False, highlight=False)


@dataclass(frozen=True)
class PlanReport:
    """What ``sovet plan`` prints."""

    model: Model
    values: Vector
    output: Vector
    ray: PlanRay

    def lines(self, top: int) -> list[str]:
        economy, ray = self.model.economy, self.ray
        certificate = ray.certificate
        lines = [
            f"economy      {economy.n_products} products, {economy.n_processes} processes",
            f"plan ray     {ray.scale:.9g} of the target mix ({ray.solver}, {ray.seconds:.2f} s)",
            f"accuracy     primal residual {certificate.primal_residual:.1e}, dual residual "
            f"{certificate.dual_residual:.1e}, gap {certificate.gap:.1e}",
            f"status       {ray.message}",
            f"labour used  {quantity(ray.labour_used)}",
            "",
            f"{'product':<24} {'labour value':>14} {'gross output':>14} {'shadow price':>14}",
        ]
        order = np.argsort(-self.model.targets)[:top]
        for i in order:  # (+ 0.0 writes a price of -0 as 0)
            lines.append(
                f"{economy.products[i]:<24} {self.values[i]:>14.6g} {quantity(self.output[i]):>14} "
                f"{ray.prices[i] + 0.0:>14.6g}"
            )
        so_far = "" if ray.success else ", in the plan reached so far: not certified"
        if ray.bottlenecks:
            lines += ["", f"bottlenecks (shadow price: plan-ray gain per extra unit{so_far})"]
            lines += [
                f"  {item.describe()}: {item.shadow_price:.6g}" for item in ray.bottlenecks[:top]
            ]
        if ray.shortfalls:
            lines += ["", f"targets that cannot be met (shortfall{so_far})"]
            lines += [
                f"  {product}: {quantity(amount)}"
                for product, amount in list(ray.shortfalls.items())[:top]
            ]
        return lines


def run_plan(
    files: Sequence[Path],
    *,
    labour: float,
    method: str,
    rtol: float,
    time_limit: float = math.inf,
    step: Callable[[str], None],
) -> PlanReport:
    """Read the files and compute labour values, gross output and the plan ray."""
    if method not in METHODS:
        raise ValueError(f"--method: expected one of {', '.join(METHODS)}, got {method!r}")
    if not time_limit > 0:
        raise ValueError(f"--time-limit: must be a positive number of seconds, got {time_limit}")
    model = read_model(files)
    step("labour values")
    values = labour_values(model.economy)
    step("gross output")
    output = gross_output(model.economy, model.targets, technique=values.technique)
    step("plan ray")
    ray = plan_ray(
        model.economy,
        model.targets,
        labour=labour,
        method=method,
        rtol=rtol,
        time_limit=time_limit,
        progress=step,
    )
    if ray.status == UNBOUNDED:
        raise ValueError(
            "the plan ray is unbounded: nothing limits the target mix (no capacity binds on "
            "the cheapest technique, and labour does not limit it); give --labour or capacities"
        )
    return PlanReport(model, values.values, output.output, ray)


def import_io_command(
    tables: Annotated[list[Path], typer.Argument(help="The table's CSV file(s).")],
    out_folder: Annotated[
        Path, typer.Option("--out", help="Folder for products.csv, processes.csv, targets.csv.")
    ],
    table_format: Annotated[
        str | None, typer.Option("--format", help=f"One of {', '.join(FORMATS[:-1])}.")
    ] = None,
) -> None:
    """Import a national input-output table as a model economy for ``sovet plan``."""
    try:
        table = read_table(tables, format=table_format)
        targets = np.maximum(table.final_demand, 0.0)
        paths = write_model(table.economy, targets, out_folder, names=table.names)
    except (PlanningError, ValueError, OSError) as error:
        raise _fail(str(error)) from None
    out.print(
        f"imported {table.economy.n_products} products ({table.unit}; labour in "
        f"{table.labour_unit}) into {', '.join(str(path) for path in paths)}",
        markup=False,
        highlight=False,
    )


def _fail(message: str) -> typer.Exit:
    err.print(f"error: {message}", markup=False, highlight=False)
    return typer.Exit(2)
