"""Single transferable vote as the Scottish local-government rules write it.

The Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1, rules
45 to 52, counted exactly: every value is an integer number of 0.00001 of a vote, and
each transfer value is cut to five decimal places as rule 48(3) says ("the calculation
being made to five decimal places (any remainder being ignored)").

- Rule 45: first preferences; a stage of the count.
- Rule 46: the quota is the number of valid ballot papers divided by one more than the
  number of seats, ignoring decimals, plus one.
- Rule 47: a candidate whose votes equal or exceed the quota is elected.
- Rule 48: a surplus is transferred by passing *all* the elected candidate's papers to
  their next continuing preference, each at the value ``surplus x value / total``, cut to
  five places; papers with no next preference are non-transferable. The elected
  candidate keeps the quota; what the cut removes is recorded as lost to rounding.
- Rule 49: one surplus per stage, the highest first; equal surpluses go by the votes at
  the latest stage where the candidates differed, then by lot.
- Rule 50: with no surplus left, the candidate with fewest votes is excluded and each
  of their papers passes on at the value it has.
- Rule 51: equal lowest candidates go by the latest stage where they differed (the
  lowest then is excluded), then by lot.
- Rule 52: when the continuing candidates are as many as the seats left, they are all
  elected, and no further transfer is made.

A paper passes only to a *continuing* candidate: one neither elected nor excluded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sovet.voting.ballots import Ballots
from sovet.voting.papers import Amounts, Papers
from sovet.voting.report import COMPLETE, LOT_NEEDED, CountResult, Report, Stage, fixed
from sovet.voting.ties import LotNeeded, TieBreaker

PLACES = 5
UNIT = 10**PLACES
RULE = "SSI 2007/42 schedule 1 rules 45-52: Droop quota, transfer values cut to 5 decimal places"


def check_seats(seats: int, ballots: Ballots) -> None:
    """Refuse a seat number that is not a whole number from 1 to the number of candidates."""
    if isinstance(seats, bool) or not isinstance(seats, int):
        raise TypeError(f"seats: a whole number is needed, not {seats!r}")
    if not 1 <= seats <= len(ballots.candidates):
        raise ValueError(
            f"seats: {seats} seats for {len(ballots.candidates)} candidates; "
            "give at least 1 and at most one per candidate"
        )
    if ballots.total == 0:
        raise ValueError("ballots: there is no valid ballot to count")


def droop_quota(valid_ballots: int, seats: int) -> int:
    """Rule 46: ``valid_ballots // (seats + 1) + 1``, in whole votes."""
    return valid_ballots // (seats + 1) + 1


def scottish_stv(ballots: Ballots, *, seats: int, seed: str | None = None) -> CountResult:
    """Count ``ballots`` for ``seats`` seats by the Scottish STV rules (SSI 2007/42).

    ``seed`` is the published seed for ties that the rules leave to lot; a count that
    meets such a tie without one stops with status 1 and says which tie.
    """
    check_seats(seats, ballots)
    return _ScottishCount(ballots, seats, seed).run()


@dataclass
class _Outcome:
    """What one stage did, before it becomes a published :class:`Stage`."""

    action: str
    candidates: tuple[int, ...] = ()
    gains: Amounts | None = None
    non_transferable: int = 0
    lost: int = 0
    transfer_values: dict[int, int] = field(default_factory=dict)


class _ScottishCount:
    def __init__(self, ballots: Ballots, seats: int, seed: str | None) -> None:
        self.ballots = ballots
        self.names = ballots.candidates
        self.seats = seats
        self.seed = seed
        self.quota = droop_quota(ballots.total, seats) * UNIT
        self.papers = Papers(ballots, UNIT)
        self.votes = self.papers.totals()
        self.continuing = set(range(len(self.names)))
        self.elected: list[int] = []
        self.pending: list[int] = []
        self.excluded: list[int] = []
        self.non_transferable = 0
        self.stages: list[Stage] = []
        self.ties = TieBreaker(self.names, seed)

    def run(self) -> CountResult:
        status, message = COMPLETE, ""
        try:
            self._close_stage(_Outcome("first preferences"))
            while not self._finished():
                self._close_stage(self._next_stage())
            message = "count complete: " + ", ".join(self.names[c] for c in self.elected)
        except LotNeeded as tie:
            status, message = LOT_NEEDED, str(tie)
        return self._result(status, message)

    def _finished(self) -> bool:
        return len(self.elected) == self.seats

    def _next_stage(self) -> _Outcome:
        number = len(self.stages) + 1
        surpluses = [c for c in self.pending if self.votes[c] > self.quota]
        if surpluses:
            return self._transfer_surplus(self._highest_surplus(surpluses, number))
        return self._exclude(self._lowest(number))

    def _highest_surplus(self, candidates: list[int], stage: int) -> int:
        """Rule 49: the highest surplus first; equal ones by earlier stages, then lot."""
        top = max(int(self.votes[c]) for c in candidates)
        tied = [c for c in candidates if self.votes[c] == top]
        return self.ties.choose(tied, highest=True, stage=stage, purpose="surplus to transfer")

    def _lowest(self, stage: int) -> int:
        """Rule 50(1) and 51: the continuing candidate with fewest votes."""
        bottom = min(int(self.votes[c]) for c in self.continuing)
        tied = sorted(c for c in self.continuing if self.votes[c] == bottom)
        return self.ties.choose(tied, highest=False, stage=stage, purpose="exclusion")

    def _transfer_surplus(self, candidate: int) -> _Outcome:
        """Rule 48: every paper of the candidate passes on at its share of the surplus."""
        self.pending.remove(candidate)
        total = int(self.votes[candidate])
        surplus = total - self.quota
        rows = self.papers.held_by(candidate)
        values = self.papers.revalue(rows, surplus, total)
        gains, non_transferable = self.papers.move(rows)
        self.votes += gains
        self.votes[candidate] = self.quota
        self.non_transferable += non_transferable
        lost = surplus - int(gains.sum()) - non_transferable
        return _Outcome("surplus", (candidate,), gains, non_transferable, lost, values)

    def _exclude(self, candidate: int) -> _Outcome:
        """Rule 50: every paper of the excluded candidate passes on at its value."""
        self.continuing.discard(candidate)
        self.excluded.append(candidate)
        self.papers.stop_continuing(candidate)
        gains, non_transferable = self.papers.move(self.papers.held_by(candidate))
        self.votes += gains
        self.votes[candidate] = 0
        self.non_transferable += non_transferable
        return _Outcome("exclusion", (candidate,), gains, non_transferable)

    def _close_stage(self, outcome: _Outcome) -> None:
        """End a stage: rule 47 (quota reached), then rule 52 (last vacancies)."""
        newly = self._reach_quota()
        last = self._fill_last_vacancies()
        self.stages.append(self._stage(outcome, newly + last, bool(last)))
        self.ties.end_stage(self.votes.tolist())

    def _reach_quota(self) -> list[int]:
        """Rule 47: continuing candidates at or above the quota, highest first."""
        reached = [c for c in self.continuing if self.votes[c] >= self.quota]
        reached.sort(key=lambda c: (-int(self.votes[c]), c))
        for candidate in reached:
            self._elect(candidate)
            self.pending.append(candidate)
        return reached

    def _fill_last_vacancies(self) -> list[int]:
        """Rule 52: as many continuing candidates as seats left are all elected."""
        vacancies = self.seats - len(self.elected)
        if not vacancies or len(self.continuing) > vacancies:
            return []
        last = sorted(self.continuing, key=lambda c: (-int(self.votes[c]), c))
        for candidate in last:
            self._elect(candidate)
        return last

    def _elect(self, candidate: int) -> None:
        self.continuing.discard(candidate)
        self.elected.append(candidate)
        self.papers.stop_continuing(candidate)

    def _stage(self, outcome: _Outcome, elected: list[int], last_vacancies: bool) -> Stage:
        names = self.names
        gains = outcome.gains if outcome.gains is not None else np.zeros(len(names), np.int64)
        notes: dict[str, object] = {}
        if last_vacancies:
            notes["rule 52"] = "the continuing candidates fill the last vacancies"
        return Stage(
            number=len(self.stages) + 1,
            action=outcome.action,
            candidates=tuple(names[c] for c in outcome.candidates),
            transfer_values={
                fixed(old, PLACES): fixed(new, PLACES)
                for old, new in outcome.transfer_values.items()
            },
            transfers={
                names[c]: fixed(int(gains[c]), PLACES) for c in range(len(names)) if gains[c]
            },
            non_transferable=fixed(outcome.non_transferable, PLACES),
            lost=fixed(outcome.lost, PLACES),
            votes={name: fixed(int(self.votes[c]), PLACES) for c, name in enumerate(names)},
            total_non_transferable=fixed(self.non_transferable, PLACES),
            elected=tuple(names[c] for c in elected),
            excluded=tuple(names[c] for c in outcome.candidates if c in self.excluded),
            notes=notes,
        )

    def _result(self, status: int, message: str) -> CountResult:
        names = self.names
        report = Report(
            method="scottish-stv",
            rule=RULE,
            candidates=names,
            seats=self.seats,
            ballots=self.ballots.total,
            blank=self.ballots.blank,
            quota=fixed(self.quota, PLACES),
            seed=self.seed,
            stages=tuple(self.stages),
            tie_breaks=tuple(self.ties.record),
            elected=tuple(names[c] for c in self.elected),
            excluded=tuple(names[c] for c in self.excluded),
            status=status,
            message=message,
        )
        return CountResult(report.elected, report)
