"""The ballot papers of a transfer count, held per distinct ranking.

Every copy of one ranking travels the same way through a count (same candidates
excluded, same surpluses transferred), so the copies share one row: which preference
they are at, who holds them and the value of each paper. A transfer moves whole rows
at once with NumPy; every amount is an integer number of the count's units, so the
arithmetic is exact.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sovet.voting.ballots import Ballots

Amounts = NDArray[np.int64]

FLOAT_EXACT = 2**53
INT_SAFE = 2**62


def sum_by(keys: NDArray[np.integer], values: Amounts, size: int) -> Amounts:
    """Exact integer sums of ``values`` grouped by ``keys`` (each in ``range(size)``).

    ``np.bincount`` adds in floating point, which is exact while every partial sum stays
    below 2^53 (all values here are non-negative, so the grand total bounds them);
    beyond that the slower integer ``np.add.at`` is used.
    """
    if not len(values):
        return np.zeros(size, dtype=np.int64)
    if int(values.sum()) < FLOAT_EXACT:
        sums = np.bincount(keys, weights=values, minlength=size)
        return np.rint(sums).astype(np.int64)
    exact = np.zeros(size, dtype=np.int64)
    np.add.at(exact, keys, values)
    return exact


class Papers:
    """Ballot papers of a count: per distinct ranking, its holder and each paper's value.

    ``holder`` is a candidate index, or -1 once the papers are non-transferable.
    """

    def __init__(self, ballots: Ballots, unit: int) -> None:
        if ballots.total * unit >= INT_SAFE:
            raise ValueError("ballots: too many to count exactly in 64-bit units")
        rows = len(ballots)
        self.candidates = len(ballots.candidates)
        self.rankings = np.concatenate(
            [ballots.rankings, np.full((rows, 1), -1, dtype=np.int16)], axis=1
        )
        self.counts = ballots.counts
        self.value = np.full(rows, unit, dtype=np.int64)
        self.position = np.zeros(rows, dtype=np.int64)
        self.holder = self.rankings[:, 0].astype(np.int64)
        self.continuing = np.ones(self.candidates + 1, dtype=bool)
        self.continuing[-1] = False

    def totals(self) -> Amounts:
        """Each candidate's votes: the value of the papers each one holds."""
        held = self.holder >= 0
        return sum_by(self.holder[held], self.counts[held] * self.value[held], self.candidates)

    def held_by(self, candidate: int) -> NDArray[np.intp]:
        return np.flatnonzero(self.holder == candidate)

    def stop_continuing(self, candidate: int) -> None:
        """The candidate is elected or excluded: no paper goes to them any more."""
        self.continuing[candidate] = False

    def revalue(self, rows: NDArray[np.intp], numerator: int, denominator: int) -> dict[int, int]:
        """Give each paper the value ``value * numerator // denominator`` (rounded down).

        Papers of one value get one new value, so the division runs once per distinct
        value, in Python integers. Returns each old value with its new one.
        """
        old_values, inverse = np.unique(self.value[rows], return_inverse=True)
        new_values = [int(old) * numerator // denominator for old in old_values.tolist()]
        self.value[rows] = np.asarray(new_values, dtype=np.int64)[inverse.reshape(-1)]
        return dict(zip(old_values.tolist(), new_values, strict=True))

    def move(self, rows: NDArray[np.intp]) -> tuple[Amounts, int]:
        """Pass these papers to their next continuing preference.

        Returns what each candidate gained and the value that became non-transferable.
        """
        if not len(rows):
            return np.zeros(self.candidates, dtype=np.int64), 0
        block = self.rankings[rows]
        width = block.shape[1]
        later = np.arange(width)[None, :] > self.position[rows][:, None]
        open_ = self.continuing[block] & later
        first = open_.argmax(axis=1)
        found = open_[np.arange(len(rows)), first]
        chosen = block[np.arange(len(rows)), first].astype(np.int64)
        self.holder[rows] = np.where(found, chosen, -1)
        self.position[rows] = np.where(found, first, width - 1)
        amounts = self.counts[rows] * self.value[rows]
        gains = sum_by(chosen[found], amounts[found], self.candidates)
        return gains, int(amounts[~found].sum())
