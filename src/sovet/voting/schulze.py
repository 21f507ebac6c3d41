"""The Schulze method (beat-path) for one seat, with the full Schulze ranking.

``d[a][b]`` is the number of voters who rank ``a`` above ``b``; a ranked candidate is
above every unranked one, and unranked candidates are equal to each other. The strength
of the link from ``a`` to ``b`` is, by default, the *winning votes* ``d[a][b]`` when
``d[a][b] > d[b][a]`` and nothing otherwise (Schulze 2011, the Debian constitution);
``strength="margins"`` uses ``d[a][b] - d[b][a]`` instead. The strongest paths come from
the Floyd-Warshall widest-path recurrence, and ``a`` beats ``b`` when the strongest path
from ``a`` to ``b`` is stronger than the one back. The winners are the candidates no one
beats; several winners, or equal places in the ranking, are ordered by lot.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from sovet.voting.ballots import Ballots
from sovet.voting.papers import FLOAT_EXACT
from sovet.voting.report import COMPLETE, LOT_NEEDED, CountResult, Report, Stage
from sovet.voting.ties import LotNeeded, TieBreaker

Strength = Literal["winning", "margins"]
RULE = "Schulze beat-path on pairwise preferences, link strength by {}"


def pairwise(ballots: Ballots) -> NDArray[np.int64]:
    """``d[a, b]``: how many voters rank candidate ``a`` above candidate ``b``.

    Each ballot's position for every candidate (unranked ones share the last place) is
    compared with candidate ``a``'s, and the voters' counts are summed over the ballots
    where ``a`` comes first: one vector-matrix product per candidate, in floating point
    on integers whose sums stay below 2^53, so exact.
    """
    if ballots.total >= FLOAT_EXACT:
        raise ValueError("ballots: too many to count exactly")
    size = len(ballots.candidates)
    width = ballots.rankings.shape[1]
    position = np.full((len(ballots), size + 1), width, dtype=np.int16)
    position[np.arange(len(ballots))[:, None], ballots.rankings] = np.arange(width)
    position = position[:, :size]
    weight = ballots.counts.astype(np.float64)
    d = np.zeros((size, size), dtype=np.float64)
    for a in range(size):
        d[a] = weight @ (position[:, a : a + 1] < position)
    return np.rint(d).astype(np.int64)


def strongest_paths(d: NDArray[np.int64], strength: Strength) -> NDArray[np.int64]:
    """``p[a, b]``: the strength of the strongest path from ``a`` to ``b``."""
    wins = d > d.T
    p = np.where(wins, d if strength == "winning" else d - d.T, 0).astype(np.int64)
    np.fill_diagonal(p, 0)
    for k in range(len(d)):
        p = np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]))
        np.fill_diagonal(p, 0)
    return p


def schulze(
    ballots: Ballots, *, seed: str | None = None, strength: Strength = "winning"
) -> CountResult:
    """The Schulze winner of ``ballots``; the report holds the ranking and the matrices."""
    if strength not in ("winning", "margins"):
        raise ValueError(f"strength: {strength!r} is not 'winning' or 'margins'")
    if ballots.total == 0:
        raise ValueError("ballots: there is no valid ballot to count")
    names = ballots.candidates
    d = pairwise(ballots)
    p = strongest_paths(d, strength)
    beats = p > p.T
    places = _places(beats)
    ties = TieBreaker(names, seed)
    status, message, order = COMPLETE, "", []
    try:
        for number, group in enumerate(places, start=1):
            order.extend(_ordered_by_lot(group, ties, number))
        message = f"count complete: {names[order[0]]} wins"
    except LotNeeded as tie:
        status, message = LOT_NEEDED, str(tie)
    elected = (names[order[0]],) if order else ()
    report = Report(
        method="schulze",
        rule=RULE.format("winning votes" if strength == "winning" else "margins"),
        candidates=names,
        seats=1,
        ballots=ballots.total,
        blank=ballots.blank,
        quota=None,
        seed=seed,
        stages=(
            Stage(
                number=1,
                action="pairwise count",
                votes={name: str(int(beats[c].sum())) for c, name in enumerate(names)},
                notes={"votes are": "the number of candidates each one beats by beat-path"},
            ),
        ),
        tie_breaks=tuple(ties.record),
        elected=elected,
        excluded=(),
        status=status,
        message=message,
        extra={
            "ranking": [[names[c] for c in group] for group in places],
            "pairwise": {
                a: {b: int(d[i, j]) for j, b in enumerate(names)} for i, a in enumerate(names)
            },
            "strongest_paths": {
                a: {b: int(p[i, j]) for j, b in enumerate(names)} for i, a in enumerate(names)
            },
        },
    )
    return CountResult(elected, report)


def _places(beats: NDArray[np.bool_]) -> list[list[int]]:
    """Candidates in Schulze order, equal ones grouped: winners first.

    The beat-path relation is transitive, so taking the unbeaten among those left,
    again and again, gives the ranking.
    """
    left = list(range(len(beats)))
    places: list[list[int]] = []
    while left:
        unbeaten = [a for a in left if not any(beats[b, a] for b in left)]
        places.append(unbeaten)
        left = [a for a in left if a not in unbeaten]
    return places


def _ordered_by_lot(group: list[int], ties: TieBreaker, place: int) -> list[int]:
    ordered: list[int] = []
    remaining = list(group)
    while len(remaining) > 1:
        chosen = ties.by_lot(remaining, stage=1, purpose=f"place {place + len(ordered)}")
        ordered.append(chosen)
        remaining.remove(chosen)
    return ordered + remaining
