"""A count's stages laid out for drawing: each candidate's votes, stage by stage.

Pure layout from the published report (``sovet.count/1``): a line per candidate across
the stages, with the quota as a dashed line and each line named at its end (names pushed
apart so that they never overlap); a count of one stage (Schulze, approval) is drawn as
bars. The template draws the SVG, and a table beside it gives the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sovet.voting.report import Report

WIDTH = 640
HEIGHT = 300
LEFT = 56
RIGHT = 170
TOP = 16
BOTTOM = 36
LABEL_GAP = 15
BAR_HEIGHT = 22
COLOURS = (
    "#1b5e9e",
    "#b3261e",
    "#2e7d32",
    "#8e44ad",
    "#c56a00",
    "#00838f",
    "#5d4037",
    "#ad1457",
    "#455a64",
    "#827717",
)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    votes: tuple[str, ...]
    """The votes at each stage, as the report writes them."""
    points: str
    """The SVG polyline points (empty for bars)."""
    bar_width: float
    dots: tuple[tuple[float, float], ...]
    label_x: float
    label_y: float
    elected: bool


@dataclass(frozen=True)
class StageChart:
    width: int
    height: int
    stages: tuple[int, ...]
    stage_x: tuple[float, ...]
    axis_y: float
    left: float
    right: float
    top: float
    peak: float
    quota: str | None
    quota_y: float | None
    series: tuple[Series, ...]
    bars: bool


def stage_chart(report: Report, names: Mapping[str, str]) -> StageChart:
    """The chart of ``report``; ``names`` maps the report's candidate labels to the names
    shown (a label missing from it is shown as it is)."""
    stages = report.stages
    candidates = report.candidates
    table = {c: [_number(stage.votes.get(c, "0")) for stage in stages] for c in candidates}
    quota = None if report.quota is None else _number(report.quota)
    peak = max([1.0, quota or 0.0, *(v for votes in table.values() for v in votes)])
    if len(stages) == 1:
        return _bars(report, names, table, peak)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    xs = tuple(LEFT + plot_w * i / (len(stages) - 1) for i in range(len(stages)))

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / peak), 1)

    ends = _spread([y(table[c][-1]) for c in candidates])
    series = tuple(
        Series(
            name=names.get(c, c),
            colour=COLOURS[n % len(COLOURS)],
            votes=tuple(stage.votes.get(c, "0") for stage in stages),
            points=" ".join(f"{x:.1f},{y(v)}" for x, v in zip(xs, table[c], strict=True)),
            bar_width=0.0,
            dots=tuple((round(x, 1), y(v)) for x, v in zip(xs, table[c], strict=True)),
            label_x=WIDTH - RIGHT + 8,
            label_y=ends[n],
            elected=c in report.elected,
        )
        for n, c in enumerate(candidates)
    )
    return StageChart(
        width=WIDTH,
        height=HEIGHT,
        stages=tuple(stage.number for stage in stages),
        stage_x=tuple(round(x, 1) for x in xs),
        axis_y=HEIGHT - BOTTOM,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        peak=peak,
        quota=report.quota,
        quota_y=None if quota is None else y(quota),
        series=series,
        bars=False,
    )


def _bars(
    report: Report, names: Mapping[str, str], table: Mapping[str, list[float]], peak: float
) -> StageChart:
    plot_w = WIDTH - LEFT - RIGHT
    ordered = sorted(report.candidates, key=lambda c: -table[c][0])
    height = TOP + BOTTOM + len(ordered) * (BAR_HEIGHT + 8)
    series = tuple(
        Series(
            name=names.get(c, c),
            colour=COLOURS[report.candidates.index(c) % len(COLOURS)],
            votes=(report.stages[0].votes.get(c, "0"),),
            points="",
            bar_width=round(plot_w * table[c][0] / peak, 1),
            dots=((LEFT, TOP + n * (BAR_HEIGHT + 8)),),
            label_x=LEFT + plot_w * table[c][0] / peak + 6,
            label_y=TOP + n * (BAR_HEIGHT + 8) + BAR_HEIGHT * 0.7,
            elected=c in report.elected,
        )
        for n, c in enumerate(ordered)
    )
    return StageChart(
        width=WIDTH,
        height=height,
        stages=(report.stages[0].number,),
        stage_x=(LEFT,),
        axis_y=height - BOTTOM,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        peak=peak,
        quota=None,
        quota_y=None,
        series=series,
        bars=True,
    )


def _number(text: str) -> float:
    return float(text)


def _spread(ys: list[float]) -> list[float]:
    """The label heights, each at its line's end but at least ``LABEL_GAP`` apart."""
    order = sorted(range(len(ys)), key=lambda n: ys[n])
    placed = list(ys)
    last = float("-inf")
    for n in order:
        placed[n] = max(ys[n], last + LABEL_GAP)
        last = placed[n]
    return [round(y + 4, 1) for y in placed]
