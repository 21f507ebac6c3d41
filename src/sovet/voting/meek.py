"""Meek's method of STV (Hill, Wichmann and Woodall 1987), in exact fixed-point arithmetic.

Every candidate has a keep factor: 1 while hopeful, 0 once excluded, and for an elected
candidate the share of each vote reaching them that they keep. Each ballot gives every
candidate it reaches that share of what is left of it, and passes the rest on, so
surpluses flow on through every ballot, and an excluded candidate's votes go on as if
they had never stood.

Arithmetic is fixed-point with ``places`` decimals (9 by default), every amount an
integer, as in the reference rule of Droop's ``meek``:

- a ballot keeps ``weight x keep`` and passes on ``weight x (1 - keep)``, both rounded
  down;
- the quota is the votes held by hopeful and elected candidates divided by one more than
  the number of seats, rounded down, plus 0.000000001; a candidate at the quota is
  elected;
- each elected candidate's keep factor becomes ``keep x quota / votes``, rounded up at
  each step (the New Zealand rule);
- an iteration stops when someone is elected, when the total surplus is at most
  ``10^-omega``, or when it stops falling; then the candidate with fewest votes is
  excluded (candidates within the surplus of the lowest count as equal, broken by lot),
  or at once every candidate of the largest group of lowest candidates who, with the
  whole surplus, still trail the next (sure losers).
"""

from __future__ import annotations

import numpy as np

from sovet.voting.ballots import Ballots
from sovet.voting.papers import INT_SAFE, Amounts, sum_by
from sovet.voting.report import COMPLETE, LOT_NEEDED, CountResult, Report, Stage, fixed
from sovet.voting.stv import check_seats
from sovet.voting.ties import LotNeeded, TieBreaker

RULE = "Meek STV, fixed point to {} places, omega 10^-{}, keep factors rounded up (NZ)"


def meek_stv(
    ballots: Ballots,
    *,
    seats: int,
    seed: str | None = None,
    places: int = 9,
    omega: int = 6,
) -> CountResult:
    """Count ``ballots`` for ``seats`` seats by Meek's method."""
    check_seats(seats, ballots)
    if isinstance(places, bool) or not isinstance(places, int) or not 3 <= places <= 9:
        raise ValueError(f"places: {places!r} is not a whole number from 3 to 9")
    if isinstance(omega, bool) or not isinstance(omega, int) or not 1 <= omega <= places:
        raise ValueError(f"omega: {omega!r} is not a whole number from 1 to places ({places})")
    return _MeekCount(ballots, seats, seed, places, omega).run()


class _MeekCount:
    def __init__(self, ballots: Ballots, seats: int, seed: str | None, places: int, omega: int):
        self.unit = 10**places
        if ballots.total * self.unit >= INT_SAFE:
            raise ValueError("ballots: too many to count exactly in 64-bit units")
        self.ballots = ballots
        self.names = ballots.candidates
        self.seats = seats
        self.seed = seed
        self.places = places
        self.omega = 10 ** (places - omega)
        self.omega_digits = omega
        self.rankings = ballots.rankings
        self.counts = ballots.counts
        self.keep = np.full(len(self.names) + 1, self.unit, dtype=np.int64)
        self.keep[-1] = 0
        self.hopeful = set(range(len(self.names)))
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.votes = self._first_preferences()
        self.quota = self._quota()
        self.surplus = 0
        self.stages: list[Stage] = []
        self.ties = TieBreaker(self.names, seed)

    def run(self) -> CountResult:
        status, message = COMPLETE, ""
        try:
            self._stage("first preferences", (), 0)
            while not self._complete():
                self._round()
            last = sorted(self.hopeful, key=lambda c: (-int(self.votes[c]), c))
            if last and len(self.elected) < self.seats:
                self.elected.extend(last)
                self.hopeful.clear()
                self._stage("last vacancies", tuple(last), 0)
            message = "count complete: " + ", ".join(self.names[c] for c in self.elected)
        except LotNeeded as tie:
            status, message = LOT_NEEDED, str(tie)
        return self._result(status, message)

    def _complete(self) -> bool:
        left = self.seats - len(self.elected)
        return left <= 0 or len(self.hopeful) <= left

    def _first_preferences(self) -> Amounts:
        return sum_by(self.rankings[:, 0], self.counts * self.unit, len(self.names))

    def _distribute(self) -> None:
        """Pass every ballot down its ranking, each candidate keeping their share."""
        weight = np.full(len(self.counts), self.unit, dtype=np.int64)
        votes = np.zeros(len(self.names), dtype=np.int64)
        for column in self.rankings.T:
            keep = self.keep[column]
            active = (keep > 0) & (weight > 0)
            if not active.any():
                continue
            kept = weight * keep // self.unit
            votes += sum_by(column[active], kept[active] * self.counts[active], len(self.names))
            weight = np.where(active, weight * (self.unit - keep) // self.unit, weight)
        self.votes = votes

    def _quota(self) -> int:
        held = sum(int(self.votes[c]) for c in (*self.hopeful, *self.elected))
        return held // (self.seats + 1) + 1

    def _round(self) -> None:
        number = len(self.stages) + 1
        reason, batch, iterations = self._iterate()
        if reason == "elected":
            self._stage("election", tuple(batch), iterations)
            return
        if not batch:
            batch = [self._lowest(number)]
        for candidate in batch:
            self.hopeful.discard(candidate)
            self.excluded.append(candidate)
            self.keep[candidate] = 0
        self._distribute()
        self._stage(f"exclusion ({reason})", tuple(batch), iterations)

    def _iterate(self) -> tuple[str, list[int], int]:
        last_surplus = self.ballots.total * self.unit
        iteration = 0
        while True:
            iteration += 1
            self._distribute()
            self.quota = self._quota()
            reached = [c for c in sorted(self.hopeful) if self.votes[c] >= self.quota]
            if reached:
                reached.sort(key=lambda c: (-int(self.votes[c]), c))
                for candidate in reached:
                    self.hopeful.discard(candidate)
                    self.elected.append(candidate)
                self.surplus = self._total_surplus()
                return "elected", reached, iteration
            self.surplus = self._total_surplus()
            if self.surplus <= self.omega:
                return "surplus below omega", [], iteration
            if self.surplus >= last_surplus:
                return "surplus stable", [], iteration
            batch = self._sure_losers()
            if batch:
                return "sure losers", batch, iteration
            last_surplus = self.surplus
            self._update_keep_factors()

    def _total_surplus(self) -> int:
        return sum(int(self.votes[c]) - self.quota for c in self.elected)

    def _update_keep_factors(self) -> None:
        unit = self.unit
        for c in self.elected:
            scaled = -(-int(self.keep[c]) * self.quota // unit)
            self.keep[c] = -(-scaled * unit // int(self.votes[c]))

    def _sure_losers(self) -> list[int]:
        """The largest group of lowest hopefuls who, with the whole surplus, trail the next."""
        ordered = sorted(self.hopeful, key=lambda c: (int(self.votes[c]), c))
        groups: list[list[int]] = []
        for c in ordered:
            if groups and int(self.votes[groups[-1][0]]) + self.surplus >= self.votes[c]:
                groups[-1].append(c)
            else:
                groups.append([c])
        most = len(self.hopeful) - (self.seats - len(self.elected))
        batch: list[int] = []
        chosen: list[int] = []
        together = 0
        for index in range(len(groups) - 1):
            if len(chosen) + len(groups[index]) > most:
                break
            chosen.extend(groups[index])
            together += sum(int(self.votes[c]) for c in groups[index])
            if together + self.surplus < self.votes[groups[index + 1][0]]:
                batch = list(chosen)
        return batch

    def _lowest(self, stage: int) -> int:
        bottom = min(int(self.votes[c]) for c in self.hopeful)
        tied = sorted(c for c in self.hopeful if bottom + self.surplus >= self.votes[c])
        if len(tied) == 1:
            return tied[0]
        return self.ties.by_lot(tied, stage=stage, purpose="exclusion")

    def _stage(self, action: str, candidates: tuple[int, ...], iterations: int) -> None:
        names, places = self.names, self.places
        held = int(self.votes.sum())
        notes: dict[str, object] = {
            "quota": fixed(self.quota, places),
            "surplus": fixed(self.surplus, places),
            "keep factors": {names[c]: fixed(int(self.keep[c]), places) for c in range(len(names))},
        }
        if iterations:
            notes["iterations"] = iterations
        residual = self.ballots.total * self.unit - held
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                candidates=tuple(names[c] for c in candidates),
                votes={name: fixed(int(self.votes[c]), places) for c, name in enumerate(names)},
                total_non_transferable=fixed(residual, places),
                elected=tuple(names[c] for c in candidates if c in self.elected),
                excluded=tuple(names[c] for c in candidates if c in self.excluded),
                notes=notes,
            )
        )
        self.ties.end_stage(self.votes.tolist())

    def _result(self, status: int, message: str) -> CountResult:
        names = self.names
        report = Report(
            method="meek-stv",
            rule=RULE.format(self.places, self.omega_digits),
            candidates=names,
            seats=self.seats,
            ballots=self.ballots.total,
            blank=self.ballots.blank,
            quota=fixed(self.quota, self.places),
            seed=self.seed,
            stages=tuple(self.stages),
            tie_breaks=tuple(self.ties.record),
            elected=tuple(names[c] for c in self.elected),
            excluded=tuple(names[c] for c in self.excluded),
            status=status,
            message=message,
        )
        return CountResult(report.elected, report)
