"""Charts of labelled pairs of bars, laid out for ``templates/_bar_chart.html``: each pair
under its label, written whole and wrapped to the screen, so that it reads on a phone.

The planning charts (``web/plan_charts.py``) and a workplace's output against capacity
(``web/books.py``) are drawn this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
BAR = 12
ROW = 2 * BAR + 8


@dataclass(frozen=True)
class Bar:
    """A labelled pair of bars: ``first`` (light) and ``second`` (dark), widths in pixels."""

    label: str
    """Written whole above the bars."""
    first: float
    second: float
    first_width: float
    second_width: float
    unit: str = ""


@dataclass(frozen=True)
class BarChart:
    width: int
    row_height: int
    """The height of each pair of bars, drawn below its label."""
    bar_height: int
    bars: tuple[Bar, ...]
    mark_x: float | None
    """Where the line of a full target (one) is drawn across each pair, if any."""


def bar_chart(pairs: Sequence[tuple[str, float, float, str]], *, mark: float | None) -> BarChart:
    """The chart of ``(label, first, second, unit)`` pairs on one scale, which reaches
    ``mark`` (drawn as a line across each pair) where one is given."""
    largest = max([*(abs(a) for _, a, _, _ in pairs), *(abs(b) for _, _, b, _ in pairs), 1e-12])
    if mark is not None:
        largest = max(largest, mark)
    scale = (WIDTH - 8) / largest
    bars = tuple(
        Bar(label, first, second, first * scale, second * scale, unit)
        for label, first, second, unit in pairs
    )
    return BarChart(
        width=WIDTH,
        row_height=ROW,
        bar_height=BAR,
        bars=bars,
        mark_x=None if mark is None else round(mark * scale, 1),
    )
