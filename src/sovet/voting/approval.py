"""Approval voting: each voter approves any number of candidates; the most approved win.

With several seats the ``seats`` most approved candidates are elected (block approval).
Candidates equal at the last seat are ordered by lot from the published seed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from sovet.voting.ballots import BallotError, check_candidates
from sovet.voting.report import COMPLETE, LOT_NEEDED, CountResult, Report, Stage
from sovet.voting.ties import LotNeeded, TieBreaker

RULE = "approval: the candidates with the most approvals are elected"


def approval(
    ballots: Iterable[Collection[str]],
    *,
    candidates: Sequence[str],
    seats: int = 1,
    counts: Iterable[int] | None = None,
    seed: str | None = None,
) -> CountResult:
    """Count approval ballots (each the collection of candidates a voter approves)."""
    names = check_candidates(candidates)
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= len(names):
        raise ValueError(f"seats: {seats!r} is not a whole number from 1 to {len(names)}")
    approvals, valid, blank = _tally(ballots, counts, names)
    ties = TieBreaker(names, seed)
    order = sorted(range(len(names)), key=lambda c: -approvals[c])
    status, message = COMPLETE, ""
    elected: list[int] = []
    try:
        elected = _top(order, approvals, seats, ties)
        message = "count complete: " + ", ".join(names[c] for c in elected)
    except LotNeeded as tie:
        status, message = LOT_NEEDED, str(tie)
    report = Report(
        method="approval",
        rule=RULE,
        candidates=names,
        seats=seats,
        ballots=valid,
        blank=blank,
        quota=None,
        seed=seed,
        stages=(
            Stage(
                number=1,
                action="approvals",
                votes={name: str(approvals[c]) for c, name in enumerate(names)},
                elected=tuple(names[c] for c in elected),
            ),
        ),
        tie_breaks=tuple(ties.record),
        elected=tuple(names[c] for c in elected),
        excluded=(),
        status=status,
        message=message,
    )
    return CountResult(report.elected, report)


def _tally(
    ballots: Iterable[Collection[str]], counts: Iterable[int] | None, names: tuple[str, ...]
) -> tuple[list[int], int, int]:
    """Approvals per candidate, valid ballots and blank ballots."""
    index = {name: c for c, name in enumerate(names)}
    weights = iter(counts) if counts is not None else None
    distinct: Counter[tuple[int, ...]] = Counter()
    for number, ballot in enumerate(ballots, start=1):
        weight = 1 if weights is None else next(weights, None)
        if weight is None or isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            raise ValueError(f"counts: entry {number} is missing or not a whole number >= 0")
        distinct[_approved(number, ballot, index)] += weight
    if weights is not None and next(weights, None) is not None:
        raise ValueError("counts: more counts than ballots")
    approvals = [0] * len(names)
    valid = blank = 0
    for approved, weight in distinct.items():
        if not approved:
            blank += weight
            continue
        valid += weight
        for c in approved:
            approvals[c] += weight
    return approvals, valid, blank


def _approved(number: int, ballot: Collection[str], index: dict[str, int]) -> tuple[int, ...]:
    if isinstance(ballot, str):
        raise BallotError(number, "a ballot is a collection of names, not one string")
    chosen: set[int] = set()
    for name in ballot:
        if name not in index:
            raise BallotError(number, f"{name!r} is not a candidate")
        if index[name] in chosen:
            raise BallotError(number, f"{name!r} is approved twice")
        chosen.add(index[name])
    return tuple(sorted(chosen))


def _top(order: list[int], approvals: list[int], seats: int, ties: TieBreaker) -> list[int]:
    """The ``seats`` most approved; equal candidates across the last seat by lot."""
    cut = approvals[order[seats - 1]]
    above = [c for c in order if approvals[c] > cut]
    level = [c for c in order if approvals[c] == cut]
    elected = list(above)
    while len(elected) < seats:
        if len(level) == 1 or len(elected) + len(level) <= seats:
            elected.extend(level[: seats - len(elected)])
            break
        chosen = ties.by_lot(level, stage=1, purpose=f"seat {len(elected) + 1}")
        elected.append(chosen)
        level.remove(chosen)
    return elected
