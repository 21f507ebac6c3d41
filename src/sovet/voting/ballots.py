"""Ranked ballots: validated, then aggregated so that each distinct ranking is held once.

A count never looks at a ballot twice if another voter cast the same ranking: the
ranking is stored once with the number of voters who cast it. A million ballots over a
dozen candidates collapse to far fewer distinct rankings, and every count works on
those, with NumPy arrays where whole columns move at once.

A ranking is held as a row of candidate indices (``-1`` pads the row past its last
preference). Validation happens once per distinct ranking, before counting:

- a candidate who is not standing, or who is ranked twice, is refused;
- a skipped rank (a gap: ranks 1 and 3 but no 2) is refused;
- equal ranks are refused: the Scottish rules (and every method here) take strict
  preferences.

Each refusal is a :class:`BallotError` that names the first ballot with the fault.
A ballot with no preference at all is blank: it is not a valid ballot paper, it is
counted in :attr:`Ballots.blank` and takes no part in the count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NoReturn

import numpy as np
from numpy.typing import NDArray

from sovet.domain.errors import Invalid

Matrix = NDArray[np.int16]
Counts = NDArray[np.int64]

MAX_CANDIDATES = 10_000
SKIPPED = -1

MAX_TOTAL = 2**53 - 1
"""The most ballots one set of :class:`Ballots` holds, blank ones included.

Counts are added in float64 where whole columns add at once (``np.bincount`` in
:func:`_aggregate_rows` and :meth:`Ballots.first_preferences`, Schulze's pairwise
matrix), and float64 holds every whole number exactly only below 2^53; int64 sums of
such totals are then far from wrapping round at 2^63. A count in fractional units
(Scottish STV, Meek) has a lower limit of its own, refused when the count starts.
"""


class BallotError(Invalid):
    """A ballot that cannot be counted, with its number (from 1) and the fault in words."""

    def __init__(self, ballot: int, fault: str) -> None:
        super().__init__(f"ballot {ballot}: {fault}")
        self.ballot = ballot
        self.fault = fault


def check_candidates(candidates: Sequence[str]) -> tuple[str, ...]:
    """The candidates as a tuple, refusing an empty list, blank or repeated names."""
    names = tuple(candidates)
    if not names:
        raise ValueError("candidates: at least one candidate is needed")
    if len(names) > MAX_CANDIDATES:
        raise ValueError(f"candidates: at most {MAX_CANDIDATES} candidates")
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"candidates: {name!r} is not a name")
    repeated = [name for name, times in Counter(names).items() if times > 1]
    if repeated:
        raise ValueError(f"candidates: {repeated[0]!r} is listed twice")
    return names


@dataclass(frozen=True, eq=False)
class Ballots:
    """Ranked ballots, each distinct ranking once with the number of voters who cast it.

    Build it with :meth:`from_rankings` (sequences of names), :meth:`from_marks` (the rank
    number a voter wrote beside each name) or :meth:`from_array` (rows of indices).
    """

    candidates: tuple[str, ...]
    rankings: Matrix
    counts: Counts
    blank: int = 0

    @classmethod
    def from_rankings(
        cls,
        rankings: Iterable[Sequence[str | None]],
        *,
        candidates: Sequence[str],
        counts: Iterable[int] | None = None,
    ) -> Ballots:
        """Ballots from rankings of names, best first (``None`` marks a skipped rank).

        ``counts``, if given, says how many voters cast each ranking.
        """
        names = check_candidates(candidates)
        if not isinstance(rankings, Sequence):
            rankings = list(rankings)
        tally = _tally(rankings, counts)
        distinct = list(tally)
        index: dict[str | None, int] = {name: number for number, name in enumerate(names)}
        index[None] = SKIPPED
        try:
            matrix = _matrix(distinct, index)
        except KeyError:
            _refuse_first_fault(distinct, index, rankings)
        if _row_faults(matrix).any():
            _refuse_first_fault(distinct, index, rankings)
        weights = np.fromiter(tally.values(), dtype=np.int64, count=len(distinct))
        return cls._from_distinct(names, *_aggregate_rows(matrix, weights))

    @classmethod
    def from_marks(
        cls,
        marks: Iterable[Mapping[str, int]],
        *,
        candidates: Sequence[str],
        counts: Iterable[int] | None = None,
    ) -> Ballots:
        """Ballots as voters mark them: the rank number (1, 2, 3, ...) beside each name."""
        names = check_candidates(candidates)
        known = set(names)
        rankings: list[tuple[str, ...]] = []
        for number, ballot in enumerate(marks, start=1):
            rankings.append(_ranking_from_marks(number, ballot, known))
        return cls.from_rankings(rankings, candidates=names, counts=counts)

    @classmethod
    def from_array(
        cls,
        rows: NDArray[np.integer],
        *,
        candidates: Sequence[str],
        counts: NDArray[np.integer] | Sequence[int] | None = None,
    ) -> Ballots:
        """Ballots from a 2-D array of candidate indices, best first, ``-1`` after the last.

        This is the bulk path: validation and aggregation run on whole columns at once.
        """
        names = check_candidates(candidates)
        matrix = np.asarray(rows)
        if matrix.ndim != 2 or not np.issubdtype(matrix.dtype, np.integer):
            raise ValueError("rows: a 2-D array of integer candidate indices is needed")
        weights = _array_counts(counts, len(matrix))
        _check_range(matrix, len(names))
        matrix = matrix.astype(np.int16, copy=False)
        distinct, weight = _aggregate_rows(matrix, weights)
        _check_distinct(distinct, matrix)
        return cls._from_distinct(names, distinct, weight)

    @classmethod
    def _from_distinct(cls, names: tuple[str, ...], distinct: Matrix, weight: Counts) -> Ballots:
        """Ballots from valid distinct rows: blank rows set apart, unused rows dropped."""
        empty = distinct[:, 0] < 0 if distinct.shape[1] else np.ones(len(distinct), dtype=bool)
        blank = int(weight[empty].sum())
        keep = ~empty & (weight > 0)
        return cls(names, _trim(distinct[keep]), weight[keep], blank)

    @property
    def total(self) -> int:
        """The number of valid (non-blank) ballots."""
        return int(self.counts.sum())

    def __len__(self) -> int:
        """The number of distinct rankings."""
        return len(self.counts)

    def first_preferences(self) -> dict[str, int]:
        """Each candidate's first-preference votes."""
        votes = np.bincount(
            self.rankings[:, 0], weights=self.counts, minlength=len(self.candidates)
        )
        return {name: int(votes[number]) for number, name in enumerate(self.candidates)}

    def items(self) -> Iterator[tuple[tuple[str, ...], int]]:
        """Each distinct ranking as names, with the number of voters who cast it."""
        for row, count in zip(self.rankings.tolist(), self.counts.tolist(), strict=True):
            yield tuple(self.candidates[c] for c in row if c >= 0), count

    def withdraw(self, names: Collection[str]) -> Ballots:
        """These ballots with candidates withdrawn: they leave the list and every ranking.

        A ballot whose only preferences were for withdrawn candidates becomes blank.
        """
        unknown = [name for name in names if name not in self.candidates]
        if unknown:
            raise ValueError(f"names: {unknown[0]!r} is not a candidate")
        keep = [name for name in self.candidates if name not in names]
        if not keep:
            raise ValueError("names: every candidate would be withdrawn")
        renumber = np.full(len(self.candidates) + 1, -1, dtype=np.int16)
        for new, name in enumerate(keep):
            renumber[self.candidates.index(name)] = new
        renumbered = renumber[self.rankings]
        order = np.argsort(renumbered < 0, axis=1, kind="stable")
        packed = np.take_along_axis(renumbered, order, axis=1)
        left = Ballots._from_distinct(tuple(keep), *_aggregate_rows(packed, self.counts))
        return Ballots(left.candidates, left.rankings, left.counts, self.blank + left.blank)


def _tally(
    rankings: Iterable[Sequence[str | None]], counts: Iterable[int] | None
) -> Counter[tuple[str | None, ...]]:
    if counts is None:
        return Counter(map(tuple, rankings))
    tally: Counter[tuple[str | None, ...]] = Counter()
    weights = list(counts)
    if len(weights) != len(rankings_list := list(rankings)):
        raise ValueError(f"counts: {len(rankings_list)} counts are needed, one per ranking")
    for number, (ranking, count) in enumerate(zip(rankings_list, weights, strict=True), start=1):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"counts: entry {number} is {count!r}, not a whole number >= 0")
        tally[tuple(ranking)] += count
    _check_total(sum(tally.values()))
    return tally


def _matrix(distinct: list[tuple[str | None, ...]], lookup: Mapping[str | None, int]) -> Matrix:
    """The rankings as rows of indices, ``-1`` for a skipped rank and past the end.

    A name that ``lookup`` does not hold raises ``KeyError``.
    """
    lengths = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
    flat = np.fromiter(
        map(lookup.__getitem__, chain.from_iterable(distinct)),
        dtype=np.int16,
        count=int(lengths.sum()),
    )
    matrix = np.full((len(distinct), int(lengths.max(initial=0))), -1, dtype=np.int16)
    starts = np.cumsum(lengths) - lengths
    rows = np.repeat(np.arange(len(distinct)), lengths)
    matrix[rows, np.arange(len(flat)) - np.repeat(starts, lengths)] = flat
    return matrix


def _refuse_first_fault(
    distinct: list[tuple[str | None, ...]],
    index: Mapping[str | None, int],
    rankings: Sequence[Sequence[str | None]],
) -> NoReturn:
    """Name the first ballot that cannot be counted (the tally keeps first-seen order)."""
    faults = ((ranking, _fault(ranking, index)) for ranking in distinct)
    ranking, fault = next((r, f) for r, f in faults if f is not None)
    raise BallotError(_first_ballot(ranking, rankings), fault)


def _fault(ranking: tuple[str | None, ...], index: Mapping[str | None, int]) -> str | None:
    seen: set[str] = set()
    for rank, name in enumerate(ranking, start=1):
        if name is None:
            if any(later is not None for later in ranking[rank:]):
                return f"rank {rank} is skipped (ranks must run 1, 2, 3, ... without a gap)"
            break
        if name not in index:
            return f"{name!r} is not a candidate"
        if name in seen:
            return f"{name!r} is ranked twice"
        seen.add(name)
    return None


def _first_ballot(ranking: tuple[str | None, ...], rankings: Iterable[Sequence[str | None]]) -> int:
    """The number of the first ballot with this ranking (only rescanned on a refusal)."""
    return next(n for n, cast in enumerate(rankings, start=1) if tuple(cast) == ranking)


def _ranking_from_marks(number: int, ballot: Mapping[str, int], known: set[str]) -> tuple[str, ...]:
    by_rank: dict[int, str] = {}
    for name, rank in ballot.items():
        if name not in known:
            raise BallotError(number, f"{name!r} is not a candidate")
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            raise BallotError(number, f"{name!r} has rank {rank!r}: ranks are 1, 2, 3, ...")
        if rank in by_rank:
            raise BallotError(number, f"{by_rank[rank]!r} and {name!r} share rank {rank}")
        by_rank[rank] = name
    for rank in range(1, len(by_rank) + 1):
        if rank not in by_rank:
            raise BallotError(number, f"rank {rank} is skipped (ranks must run 1, 2, 3, ...)")
    return tuple(by_rank[rank] for rank in range(1, len(by_rank) + 1))


def _array_counts(counts: NDArray[np.integer] | Sequence[int] | None, rows: int) -> Counts:
    if counts is None:
        return np.ones(rows, dtype=np.int64)
    weights = np.asarray(counts)
    if weights.shape != (rows,) or not np.issubdtype(weights.dtype, np.integer):
        raise ValueError(f"counts: {rows} whole numbers are needed, one per row")
    if rows and weights.min() < 0:
        raise ValueError("counts: a count is negative")
    if rows and int(weights.max()) > MAX_TOTAL:
        raise ValueError(f"counts: a count is too large to count exactly (at most {MAX_TOTAL})")
    weights = weights.astype(np.int64, copy=False)
    _check_total(_exact_sum(weights))
    return weights


def _check_total(total: int) -> None:
    if total > MAX_TOTAL:
        raise ValueError(
            f"counts: {total} ballots in all, too many to count exactly (at most {MAX_TOTAL})"
        )


def _exact_sum(weights: Counts) -> int:
    """The sum of counts from 0 to :data:`MAX_TOTAL`, exact where int64 would wrap round.

    The high and low 26 bits are summed apart: each sum stays below 2^63 up to 2^36 rows.
    """
    high, low = weights >> 26, weights & (2**26 - 1)
    return (int(high.sum()) << 26) + int(low.sum())


def _check_range(matrix: NDArray[np.integer], candidates: int) -> None:
    """Refuse an index that is no candidate, naming the first row that holds one."""
    if not matrix.size or (int(matrix.min()) >= -1 and int(matrix.max()) < candidates):
        return
    row, rank = (int(x) for x in np.argwhere((matrix < -1) | (matrix >= candidates))[0])
    raise BallotError(row + 1, f"candidate index {int(matrix[row, rank])} is not a candidate")


def _gaps(matrix: Matrix) -> NDArray[np.bool_]:
    """Where a rank is empty but a later one is not."""
    absent = matrix < 0
    return absent[:, :-1] & ~absent[:, 1:]


def _repeats(matrix: Matrix) -> tuple[Matrix, NDArray[np.bool_]]:
    """Each row sorted, and where a candidate stands twice in it."""
    ordered = np.sort(matrix, axis=1)
    return ordered, (ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)


def _row_faults(matrix: Matrix) -> NDArray[np.bool_]:
    """Which rows skip a rank or repeat a candidate."""
    faults: NDArray[np.bool_] = np.zeros(len(matrix), dtype=bool)
    if matrix.size:
        faults |= _gaps(matrix).any(axis=1) | _repeats(matrix)[1].any(axis=1)
    return faults


def _check_distinct(distinct: Matrix, matrix: Matrix) -> None:
    """Refuse gaps and repeats, checked once per distinct ranking.

    A fault is reported on the first row of ``matrix`` that holds the faulty ranking.
    """
    faulty = np.flatnonzero(_row_faults(distinct))
    if not len(faulty):
        return
    ranking = distinct[faulty[:1]]
    first = int(np.flatnonzero((matrix == ranking).all(axis=1))[0]) + 1
    gaps = _gaps(ranking)[0]
    if gaps.any():
        rank = int(np.argmax(gaps)) + 1
        raise BallotError(first, f"rank {rank} is skipped (ranks must run 1, 2, 3, ...)")
    ordered, twice = _repeats(ranking)
    repeated = int(ordered[0, 1:][twice[0]][0])
    raise BallotError(first, f"candidate index {repeated} is ranked twice")


def _aggregate_rows(matrix: NDArray[np.signedinteger], counts: Counts) -> tuple[Matrix, Counts]:
    """Distinct rows and the summed count of each (rows with count 0 are dropped).

    Rows are packed into one integer each (base = largest index + 2) where they fit, so
    that NumPy sorts integers instead of rows.
    """
    if not (counts > 0).all():
        matrix, counts = matrix[counts > 0], counts[counts > 0]
    width = matrix.shape[1]
    base = int(matrix.max(initial=-1)) + 2
    packable = width > 0 and base**width < 2**62
    values = _packed(matrix, base) if packable else matrix
    axis = None if packable else 0
    if (counts == 1).all():
        found, times = np.unique(values, axis=axis, return_counts=True)
        weight = times.astype(np.int64)
    else:
        found, inverse = np.unique(values, axis=axis, return_inverse=True)
        summed = np.bincount(inverse.reshape(-1), weights=counts, minlength=len(found))
        weight = np.rint(summed).astype(np.int64)
    distinct = _unpacked(found, base, width) if packable else found.astype(np.int16)
    return distinct, weight


def _packed(matrix: NDArray[np.signedinteger], base: int) -> NDArray[np.int64]:
    keys = np.zeros(len(matrix), dtype=np.int64)
    for column in matrix.T:
        keys = keys * base + (column.astype(np.int64) + 1)
    return keys


def _unpacked(keys: NDArray[np.integer], base: int, width: int) -> Matrix:
    distinct = np.empty((len(keys), width), dtype=np.int16)
    remaining = keys.astype(np.int64)
    for column in range(width - 1, -1, -1):
        distinct[:, column] = remaining % base - 1
        remaining = remaining // base
    return distinct


def _trim(matrix: Matrix) -> Matrix:
    """Drop trailing columns that hold no preference on any ballot."""
    used = (matrix >= 0).any(axis=0)
    width = int(np.flatnonzero(used)[-1]) + 1 if used.any() else 0
    return np.ascontiguousarray(matrix[:, :width])
