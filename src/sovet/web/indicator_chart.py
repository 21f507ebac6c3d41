"""The concentration chart of the indicators page, laid out for drawing.

Pure layout from the councils' indicators: for each council whose seats are held, two
bars, the largest share of its seats held by members of one workplace and by members of
one faction, on a scale of 0 to 100 %, with the charter's warning share as a dashed line
across the council's bars. A bar at or beyond the line is drawn in the warning colour. The
template draws the SVG; the councils' table beside it gives the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sovet.adapters.indicator_queries import CouncilIndicator, Share

WIDTH = 640
LEFT = 190
RIGHT = 120
TOP = 12
BAR = 14
GAP = 4
GROUP_GAP = 18
AXIS = 30
WORKPLACE = "#1b5e9e"
FACTION = "#5d4037"
WARNING = "#b3261e"
TICKS = (0, 25, 50, 75, 100)
NAME_LENGTH = 28


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
    name_y: float
    top: float
    bottom: float
    warning_x: float
    warning: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class ShareChart:
    width: int
    height: int
    left: int
    right: int
    axis_y: float
    ticks: tuple[tuple[float, str], ...]
    councils: tuple[CouncilBars, ...]


def share_chart(councils: Sequence[CouncilIndicator]) -> ShareChart | None:
    """The chart of the councils whose seats are held, or None if no seat is."""
    shown = [row for row in councils if _held(row.workplace) or _held(row.faction)]
    if not shown:
        return None
    right = WIDTH - RIGHT
    plot = right - LEFT
    groups = []
    y = float(TOP)
    for row in shown:
        bars = tuple(
            _bar(what, share, y + index * (BAR + GAP), plot, row.warning_share)
            for index, (what, share) in enumerate(
                (("workplace", row.workplace), ("faction", row.faction))
            )
        )
        bottom = y + 2 * BAR + GAP
        groups.append(
            CouncilBars(
                name=_short(row.council.name),
                name_y=y + BAR + GAP / 2 + 4,
                top=y - 3,
                bottom=bottom + 3,
                warning_x=LEFT + plot * row.warning_share,
                warning=f"warns at {row.warning_share:.0%}",
                bars=bars,
            )
        )
        y = bottom + GROUP_GAP
    axis_y = y - GROUP_GAP + 8
    ticks = tuple((LEFT + plot * tick / 100, f"{tick}%") for tick in TICKS)
    return ShareChart(WIDTH, int(axis_y + AXIS), LEFT, right, axis_y, ticks, tuple(groups))


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


def _held(share: Share | None) -> bool:
    return share is not None and share.out_of > 0


def _bar(what: str, share: Share | None, y: float, plot: float, warning_share: float) -> Bar:
    if share is None or not share.out_of:
        return Bar(y, 0.0, WORKPLACE, "none", f"{what}: none", False)
    warned = share.held > 0 and share.value >= warning_share
    colour = WARNING if warned else (WORKPLACE if what == "workplace" else FACTION)
    text = f"{what}: {share.held} of {share.out_of} ({share.value:.0%}), {share.holder}"
    return Bar(y, plot * share.value, colour, f"{share.value:.0%}", text, warned)
