"""National input-output tables as model economies.

A symmetric input-output table gives the flows Z (inputs of each product into each
product, in money), the gross output x and the final demand f. Its technical
coefficients are A = Z / x (column by column), and a labour row (hours worked,
persons employed, or compensation of employees) divided by x gives the labour per unit.
Each product becomes one process, so the economy has no choice of technique.

Readers for the formats in the reference data: ONS UK analytical tables, WIOD national
tables with their socio-economic accounts (hours), the Eurostat manual's examples, and
Paul Cockshott's per-unit flow files.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from .economy import Economy, Vector

FORMATS = ("ons", "wiod", "eurostat-germany", "eurostat-netherlands", "cockshott")


@dataclass(frozen=True)
class IOTable:
    """A model economy from a national table, with the table's own totals beside it."""

    economy: Economy
    final_demand: Vector
    gross_output: Vector
    labour_total: Vector
    names: tuple[str, ...]
    unit: str
    labour_unit: str


def from_flows(
    *,
    codes: Sequence[str],
    names: Sequence[str],
    flows: np.ndarray,
    gross_output: Vector,
    final_demand: Vector,
    labour_total: Vector,
    unit: str,
    labour_unit: str,
) -> IOTable:
    """Build the economy: A = Z / x and labour per unit = labour / x (zero where x is zero)."""
    output = np.asarray(gross_output, dtype=np.float64)
    made = output > 0
    scale = np.divide(1.0, output, out=np.zeros_like(output), where=made)
    coefficients = sp.csc_array(np.asarray(flows, dtype=np.float64) * scale)
    coefficients.eliminate_zeros()
    economy = Economy.from_arrays(
        products=list(codes),
        units=[unit] * len(codes),
        inputs=coefficients,
        labour=np.asarray(labour_total, dtype=np.float64) * scale,
    )
    return IOTable(
        economy=economy,
        final_demand=np.asarray(final_demand, dtype=np.float64),
        gross_output=output,
        labour_total=np.asarray(labour_total, dtype=np.float64),
        names=tuple(names),
        unit=unit,
        labour_unit=labour_unit,
    )


def read_ons(path: Path) -> IOTable:
    """ONS UK analytical table, domestic use at basic prices, product by product.

    Labour is compensation of employees, so labour values are the ONS employment cost
    effects (GBP of compensation embodied per GBP of final demand).
    """
    sheet = Sheet(path)
    intermediate = sheet.column("Total intermediate demand")
    codes = sheet.header[2:intermediate]
    n = len(codes)
    rows = [sheet.row(code) for code in codes]
    flows = np.array([sheet.numbers(row, 2, 2 + n) for row in rows])
    demand = sheet.column("Total demand")
    return from_flows(
        codes=codes,
        names=[row.cells[1] for row in rows],
        flows=flows,
        gross_output=sheet.numbers(sheet.row("Total output"), 2, 2 + n),
        final_demand=np.array([sheet.numbers(row, intermediate + 1, demand).sum() for row in rows]),
        labour_total=sheet.numbers(sheet.row("Compensation of employees"), 2, 2 + n),
        unit="GBP million",
        labour_unit="GBP million of compensation",
    )


def read_wiod(flows_path: Path, accounts_path: Path) -> IOTable:
    """WIOD national table (domestic flows) with hours worked from the socio-economic accounts."""
    sheet = Sheet(flows_path)
    body = sheet.body
    codes = [row.cells[0] for row in body]
    n = len(codes)
    flows = np.array([sheet.numbers(row, 2, 2 + n) for row in body])
    output_column = sheet.column("GO")
    final = np.array([sheet.numbers(row, 2 + n, output_column).sum() for row in body])
    output = np.array([sheet.number(row, output_column) for row in body])
    accounts = Sheet(accounts_path)
    hours_column = accounts.column("H_EMPE")
    hours = np.array([accounts.number(accounts.row(code), hours_column) for code in codes])
    return from_flows(
        codes=codes,
        names=[row.cells[1] for row in body],
        flows=flows,
        gross_output=output,
        final_demand=final,
        labour_total=hours,
        unit="USD million",
        labour_unit="million hours worked by employees",
    )


def read_eurostat_germany(path: Path, *, labour_row: str = "employment_domestic_total") -> IOTable:
    """The Eurostat manual's Germany 1995 table (six CPA groups, employment in thousands)."""
    sheet = Sheet(path)
    codes = sheet.header[2 : sheet.column("total")]
    n = len(codes)
    rows = [sheet.row(code) for code in codes]
    final_use = sheet.column("total_final_use")
    return from_flows(
        codes=codes,
        names=codes,
        flows=np.array([sheet.numbers(row, 2, 2 + n) for row in rows]),
        gross_output=sheet.numbers(sheet.row("output"), 2, 2 + n),
        final_demand=np.array([sheet.number(row, final_use) for row in rows]),
        labour_total=sheet.numbers(sheet.row(labour_row), 2, 2 + n),
        unit="EUR million",
        labour_unit="thousand persons" if labour_row.startswith("employment") else "EUR million",
    )


def read_eurostat_netherlands(path: Path) -> IOTable:
    """The Eurostat manual's Netherlands 2000 teaching table (compensation as labour)."""
    sheet = Sheet(path)
    intermediate = sheet.column("TOTAL")
    codes = sheet.header[1:intermediate]
    n = len(codes)
    rows = [sheet.row(code) for code in codes]
    total_use = sheet.column("total_use")
    final = np.array(
        [sheet.number(row, total_use) - sheet.number(row, intermediate) for row in rows]
    )
    return from_flows(
        codes=codes,
        names=codes,
        flows=np.array([sheet.numbers(row, 1, 1 + n) for row in rows]),
        gross_output=sheet.numbers(sheet.row("output_bp"), 1, 1 + n),
        final_demand=final,
        labour_total=sheet.numbers(sheet.row("compensation_employees"), 1, 1 + n),
        unit="EUR million",
        labour_unit="EUR million of compensation",
    )


def read_cockshott(path: Path) -> Economy:
    """Cockshott's ``flows.csv``: per-unit input coefficients, a ``labour`` and ``output`` row."""
    sheet = Sheet(path)
    codes = sheet.header[1:]
    n = len(codes)
    coefficients = np.array([sheet.numbers(sheet.row(code), 1, 1 + n) for code in codes])
    return Economy.from_arrays(
        products=codes,
        inputs=sp.csc_array(coefficients),
        labour=sheet.numbers(sheet.row("labour"), 1, 1 + n),
    )


def read_table(paths: Sequence[Path], *, format: str | None = None) -> IOTable:
    """Read a national table, its format told by ``format`` or guessed from the file names."""
    kind = format or _guess(paths)
    if kind == "ons":
        return read_ons(paths[0])
    if kind == "wiod":
        if len(paths) != 2:
            raise ValueError("paths: a WIOD table needs the flows file and the accounts file")
        flows, accounts = sorted(paths, key=lambda path: "sea" in path.name.lower())
        return read_wiod(flows, accounts)
    if kind == "eurostat-germany":
        return read_eurostat_germany(paths[0])
    if kind == "eurostat-netherlands":
        return read_eurostat_netherlands(paths[0])
    raise ValueError(f"format: expected one of {', '.join(FORMATS[:-1])}, got {kind!r}")


def _guess(paths: Sequence[Path]) -> str:
    name = " ".join(path.name.lower() for path in paths)
    for marker, kind in [
        ("iot_domestic", "ons"),
        ("niot", "wiod"),
        ("germany", "eurostat-germany"),
        ("netherlands", "eurostat-netherlands"),
    ]:
        if marker in name:
            return kind
    raise ValueError(f"format: cannot tell the table's format from {name!r}; name it")


@dataclass(frozen=True)
class Row:
    """A row of a table's file and the line it starts on."""

    line: int
    cells: list[str]


class Sheet:
    """A table's CSV file, its blank lines left out: the header, then rows by their label.

    Every refusal names the file and, where there is one, the line and the column.
    """

    def __init__(self, path: Path) -> None:
        rows = _read_rows(path)
        if not rows:
            raise ValueError(f"{path}: the file is empty")
        self.path = path
        self.header = rows[0].cells
        self.header_line = rows[0].line
        self.body = rows[1:]

    def column(self, name: str) -> int:
        if name not in self.header:
            raise ValueError(f"{self.path} line {self.header_line}: no column {name!r}")
        return self.header.index(name)

    def row(self, label: str) -> Row:
        """The one row whose first cell is ``label``."""
        found = [row for row in self.body if row.cells[0] == label]
        if not found:
            raise ValueError(f"{self.path}: no row {label!r}")
        if len(found) > 1:
            raise ValueError(
                f"{self.path} line {found[1].line}: row {label!r} already appears on line "
                f"{found[0].line}"
            )
        return found[0]

    def numbers(self, row: Row, start: int, stop: int) -> Vector:
        return np.array([self.number(row, column) for column in range(start, stop)])

    def number(self, row: Row, column: int) -> float:
        """The figure in ``column`` of ``row``; an empty cell is zero."""
        if column >= len(row.cells):
            raise ValueError(
                f"{self.path} line {row.line}: the row ends before column {self._name(column)}"
            )
        where = f"{self.path} line {row.line}, column {self._name(column)}"
        text = row.cells[column]
        try:
            value = float(text) if text else 0.0
        except ValueError:
            raise ValueError(f"{where}: {text!r} is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"{where}: {text!r} is not a finite number")
        return value

    def _name(self, column: int) -> str:
        if column < len(self.header) and self.header[column]:
            return repr(self.header[column])
        return str(column + 1)


def _read_rows(path: Path) -> list[Row]:
    rows = []
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        line = 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    rows.append(Row(line, [cell.strip() for cell in cells]))
                line = reader.line_num + 1
        except csv.Error as error:
            raise ValueError(f"{path} line {line}: {error}") from None
        except UnicodeDecodeError as error:
            raise ValueError(f"{path}: {error}") from None
    return rows
