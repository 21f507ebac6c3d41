"""A reader for the LP files in the reference data (gurobipy's LP format, linear only)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from sovet.planning.solvers.lp import LinearProgram

NAMED = re.compile(r"^ ?[\w\[\],]+:")
TERM = re.compile(r"([+-]?)\s*(\d+(?:\.\d*)?(?:e[+-]?\d+)?)?\s*([A-Za-z_][\w\[\],]*)")


def read_lp(path: Path) -> tuple[LinearProgram, list[str], float]:
    """The programme (as a minimisation), its variable names, and the objective's sign."""
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("\\")]
    sections: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        word = line.strip().lower()
        if word in ("maximize", "minimize", "subject to", "bounds", "end"):
            current = word
            sections[current] = []
        elif sections.get(current) and current != "bounds" and not NAMED.match(line):
            sections[current][-1] += " " + line.strip()
        else:
            sections.setdefault(current, []).append(line.strip())
    sense = -1.0 if "maximize" in sections else 1.0
    objective_text = " ".join(sections.get("maximize", sections.get("minimize", [])))
    names: dict[str, int] = {}
    objective = _linear(objective_text, names)
    rows: list[tuple[dict[int, float], float, float]] = []
    for constraint in sections.get("subject to", []):
        _, body = constraint.split(":", 1)
        left, operator, right = re.split(r"(<=|>=|=)", body)
        value = float(right)
        lower = value if operator in (">=", "=") else -math.inf
        upper = value if operator in ("<=", "=") else math.inf
        rows.append((_linear(left, names), lower, upper))
    col_lower = np.zeros(len(names))
    col_upper = np.full(len(names), np.inf)
    for bound in sections.get("bounds", []):
        name, value = (part.strip() for part in bound.split("="))
        col_lower[names[name]] = col_upper[names[name]] = float(value)
    cost = np.zeros(len(names))
    for column, coefficient in objective.items():
        cost[column] = sense * coefficient
    entries = [(r, c, v) for r, (terms, _, _) in enumerate(rows) for c, v in terms.items()]
    matrix = sp.csc_array(
        ([v for _, _, v in entries], ([r for r, _, _ in entries], [c for _, c, _ in entries])),
        shape=(len(rows), len(names)),
    )
    programme = LinearProgram(
        cost=cost,
        matrix=matrix,
        row_lower=np.array([row[1] for row in rows]),
        row_upper=np.array([row[2] for row in rows]),
        col_lower=col_lower,
        col_upper=col_upper,
    )
    return programme, list(names), sense


def _linear(text: str, names: dict[str, int]) -> dict[int, float]:
    terms: dict[int, float] = {}
    for sign, number, name in TERM.findall(text):
        column = names.setdefault(name, len(names))
        value = float(number) if number else 1.0
        terms[column] = terms.get(column, 0.0) + (-value if sign == "-" else value)
    return terms
