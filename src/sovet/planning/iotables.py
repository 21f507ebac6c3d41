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
    rows = _rows(path)
    header = rows[0]
    codes = header[2 : header.index("Total intermediate demand")]
    n = len(codes)
    by_code = {row[0]: row for row in rows[1:]}
    flows = np.array([[_number(value) for value in by_code[code][2 : 2 + n]] for code in codes])
    first_final = header.index("Total intermediate demand") + 1
    last_final = header.index("Total demand")
    final = np.array(
        [sum(_number(v) for v in by_code[code][first_final:last_final]) for code in codes]
    )
    return from_flows(
        codes=codes,
        names=[by_code[code][1] for code in codes],
        flows=flows,
        gross_output=_row(by_code["Total output"], 2, n),
        final_demand=final,
        labour_total=_row(by_code["Compensation of employees"], 2, n),
        unit="GBP million",
        labour_unit="GBP million of compensation",
    )


def read_wiod(flows_path: Path, accounts_path: Path) -> IOTable:
    """WIOD national table (domestic flows) with hours worked from the socio-economic accounts."""
    rows = _rows(flows_path)
    header = rows[0]
    codes = [row[0] for row in rows[1:]]
    n = len(codes)
    body = rows[1:]
    flows = np.array([[_number(value) for value in row[2 : 2 + n]] for row in body])
    output_column = header.index("GO")
    final = np.array([sum(_number(v) for v in row[2 + n : output_column]) for row in body])
    output = np.array([_number(row[output_column]) for row in body])
    accounts = {row[0]: row for row in _rows(accounts_path)[1:]}
    hours_column = _rows(accounts_path)[0].index("H_EMPE")
    hours = np.array([_number(accounts[code][hours_column]) for code in codes])
    return from_flows(
        codes=codes,
        names=[row[1] for row in body],
        flows=flows,
        gross_output=output,
        final_demand=final,
        labour_total=hours,
        unit="USD million",
        labour_unit="million hours worked by employees",
    )


def read_eurostat_germany(path: Path, *, labour_row: str = "employment_domestic_total") -> IOTable:
    """The Eurostat manual's Germany 1995 table (six CPA groups, employment in thousands)."""
    rows = _rows(path)
    header = rows[0]
    codes = header[2 : header.index("total")]
    n = len(codes)
    by_name = {row[0]: row for row in rows[1:]}
    flows = np.array([_row(by_name[code], 2, n) for code in codes])
    final = np.array([_number(by_name[code][header.index("total_final_use")]) for code in codes])
    return from_flows(
        codes=codes,
        names=codes,
        flows=flows,
        gross_output=_row(by_name["output"], 2, n),
        final_demand=final,
        labour_total=_row(by_name[labour_row], 2, n),
        unit="EUR million",
        labour_unit="thousand persons" if labour_row.startswith("employment") else "EUR million",
    )


def read_eurostat_netherlands(path: Path) -> IOTable:
    """The Eurostat manual's Netherlands 2000 teaching table (compensation as labour)."""
    rows = _rows(path)
    header = rows[0]
    codes = header[1 : header.index("TOTAL")]
    n = len(codes)
    by_name = {row[0]: row for row in rows[1:]}
    flows = np.array([_row(by_name[code], 1, n) for code in codes])
    total_use = header.index("total_use")
    intermediate = header.index("TOTAL")
    final = np.array(
        [_number(by_name[c][total_use]) - _number(by_name[c][intermediate]) for c in codes]
    )
    return from_flows(
        codes=codes,
        names=codes,
        flows=flows,
        gross_output=_row(by_name["output_bp"], 1, n),
        final_demand=final,
        labour_total=_row(by_name["compensation_employees"], 1, n),
        unit="EUR million",
        labour_unit="EUR million of compensation",
    )


def read_cockshott(path: Path) -> Economy:
    """Cockshott's ``flows.csv``: per-unit input coefficients, a ``labour`` and ``output`` row."""
    rows = [row for row in _rows(path) if row and row[0].strip()]
    codes = [code.strip() for code in rows[0][1:]]
    n = len(codes)
    by_name = {row[0].strip(): row for row in rows[1:]}
    coefficients = np.array([_row(by_name[code], 1, n) for code in codes])
    return Economy.from_arrays(
        products=codes,
        inputs=sp.csc_array(coefficients),
        labour=_row(by_name["labour"], 1, n),
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


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def _number(text: str) -> float:
    return float(text) if text.strip() else 0.0


def _row(row: Sequence[str], start: int, count: int) -> Vector:
    return np.array([_number(value) for value in row[start : start + count]])
