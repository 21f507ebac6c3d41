"""The concentration chart of the indicators page, laid out for drawing.

Pure layout from the councils' indicators: for each council whose seats are held, its
name (whole, above its bars, wrapped to the screen) and two bars, the largest share of its
seats held by members of one workplace and by members of one faction, on a scale of 0 to
100 %, with the charter's warning share as a dashed line across the council's bars; the
scale's axis below them all. A bar at or beyond the line is drawn in the warning colour.
The template draws the SVG; the councils' table beside it gives the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sovet.adapters.indicator_queries import CouncilIndicator, Share

WIDTH = 360
LEFT = 14
RIGHT = 52
"""Room right of a full bar for its share and warning sign."""
BAR = 14
GAP = 4
PAD = 3
ROW = PAD + 2 * BAR + GAP + PAD
AXIS = 24
WORKPLACE = "#1b5e9e"
FACTION = "#5d4037"
WARNING = "#b3261e"
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    colour: str
    label: str
    """The share as a percentage, written at the bar's end."""
    text: str
    """What the bar shows, in words: ``workplace: 2 of 3 (67%), Tractor Works``."""
    warned: bool


@dataclass(frozen=True)
class CouncilBars:
    name: str
    """Written whole above the council's bars."""
    warning_x: float
    warning: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class ShareChart:
    width: int
    row_height: int
    """The height of each council's bars, drawn below its name."""
    left: int
    right: int
    axis_height: int
    ticks: tuple[tuple[float, str], ...]
    councils: tuple[CouncilBars, ...]


def share_chart(councils: Sequence[CouncilIndicator]) -> ShareChart | None:
    """The chart of the councils whose seats are held, or None if no seat is."""
    shown = [row for row in councils if _held(row.workplace) or _held(row.faction)]
    if not shown:
        return None
    right = WIDTH - RIGHT
    plot = right - LEFT
    groups = tuple(
        CouncilBars(
            name=row.council.name,
            warning_x=LEFT + plot * row.warning_share,
            warning=f"warns at {row.warning_share:.0%}",
            bars=tuple(
                _bar(what, share, PAD + index * (BAR + GAP), plot, row.warning_share)
                for index, (what, share) in enumerate(
                    (("workplace", row.workplace), ("faction", row.faction))
                )
            ),
        )
        for row in shown
    )
    ticks = tuple((LEFT + plot * tick / 100, f"{tick}%") for tick in TICKS)
    return ShareChart(WIDTH, ROW, LEFT, right, AXIS, ticks, groups)


def _held(share: Share | None) -> bool:
    return share is not None and share.out_of > 0


def _bar(what: str, share: Share | None, y: float, plot: float, warning_share: float) -> Bar:
    if share is None or not share.out_of:
        return Bar(y, 0.0, WORKPLACE, "none", f"{what}: none", False)
    warned = share.held > 0 and share.value >= warning_share
    colour = WARNING if warned else (WORKPLACE if what == "workplace" else FACTION)
    text = f"{what}: {share.held} of {share.out_of} ({share.value:.0%}), {share.holder}"
    return Bar(y, plot * share.value, colour, f"{share.value:.0%}", text, warned)
