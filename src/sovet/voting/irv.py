"""Instant-runoff voting for one seat (the alternative vote, ranked-choice voting).

Each round counts every ballot for its highest-ranked continuing candidate. A candidate
with more than half of the votes still in the count (ballots with no continuing
preference have left it) is elected. Otherwise the candidate with fewest votes is
excluded and their ballots pass on whole. Equal lowest candidates go by the latest
round at which they differed, then by lot from the published seed.

Options, each a rule variant in use:

- ``exclude_in_batches``: exclude at once every candidate of the largest group of
  lowest candidates whose votes together are fewer than the next candidate's (none of
  them could overtake it; Minneapolis and Maine count this way);
- ``stop_at_majority=False``: go on until two candidates remain, as a two-candidate
  preferred count does (the New South Wales final distribution).
"""

from __future__ import annotations

import numpy as np

from sovet.voting.ballots import Ballots
from sovet.voting.papers import Papers
from sovet.voting.report import COMPLETE, LOT_NEEDED, CountResult, Report, Stage
from sovet.voting.ties import LotNeeded, TieBreaker

RULE = "instant runoff: exclude the lowest until one candidate has a majority of continuing votes"


def instant_runoff(
    ballots: Ballots,
    *,
    seed: str | None = None,
    exclude_in_batches: bool = False,
    stop_at_majority: bool = True,
) -> CountResult:
    """Count ``ballots`` for one seat by instant runoff."""
    if ballots.total == 0:
        raise ValueError("ballots: there is no valid ballot to count")
    return _Runoff(ballots, seed, exclude_in_batches, stop_at_majority).run()


class _Runoff:
    def __init__(self, ballots: Ballots, seed: str | None, batches: bool, majority: bool) -> None:
        self.ballots = ballots
        self.names = ballots.candidates
        self.seed = seed
        self.batches = batches
        self.majority = majority
        self.papers = Papers(ballots, 1)
        self.votes = self.papers.totals()
        self.continuing = set(range(len(self.names)))
        self.excluded: list[int] = []
        self.exhausted = 0
        self.winner: int | None = None
        self.stages: list[Stage] = []
        self.ties = TieBreaker(self.names, seed)

    def run(self) -> CountResult:
        status, message = COMPLETE, ""
        try:
            self._close_round("first preferences", (), None, 0)
            while self.winner is None:
                self._exclude(self._to_exclude())
            message = f"count complete: {self.names[self.winner]} elected"
        except LotNeeded as tie:
            status, message = LOT_NEEDED, str(tie)
        return self._result(status, message)

    def _active(self) -> int:
        return sum(int(self.votes[c]) for c in self.continuing)

    def _to_exclude(self) -> list[int]:
        ordered = sorted(self.continuing, key=lambda c: (int(self.votes[c]), c))
        if self.batches:
            batch = self._batch(ordered)
            if len(batch) > 1:
                return batch
        bottom = int(self.votes[ordered[0]])
        tied = [c for c in ordered if self.votes[c] == bottom]
        stage = len(self.stages) + 1
        return [self.ties.choose(tied, highest=False, stage=stage, purpose="exclusion")]

    def _batch(self, ordered: list[int]) -> list[int]:
        """The largest group of lowest candidates that together trail the next one."""
        best = 0
        together = 0
        for size in range(1, len(ordered) - 1):
            together += int(self.votes[ordered[size - 1]])
            if together < self.votes[ordered[size]]:
                best = size
        return ordered[:best]

    def _exclude(self, candidates: list[int]) -> None:
        for candidate in candidates:
            self.continuing.discard(candidate)
            self.excluded.append(candidate)
            self.papers.stop_continuing(candidate)
        gains = np.zeros_like(self.votes)
        moved_out = 0
        for candidate in candidates:
            gained, exhausted = self.papers.move(self.papers.held_by(candidate))
            gains += gained
            moved_out += exhausted
        self.votes += gains
        for candidate in candidates:
            self.votes[candidate] = 0
        self.exhausted += moved_out
        transfers = {self.names[c]: str(int(gains[c])) for c in self.continuing if gains[c]}
        self._close_round("exclusion", tuple(candidates), transfers, moved_out)

    def _close_round(
        self,
        action: str,
        candidates: tuple[int, ...],
        transfers: dict[str, str] | None,
        exhausted: int,
    ) -> None:
        active = self._active()
        leader = max(self.continuing, key=lambda c: (int(self.votes[c]), -c))
        if len(self.continuing) == 1 or (self.majority and 2 * int(self.votes[leader]) > active):
            self.winner = leader
        elif len(self.continuing) == 2 and not self.majority:
            self.winner = self._top_of_two(leader)
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                candidates=tuple(self.names[c] for c in candidates),
                transfers=transfers or {},
                non_transferable=str(exhausted),
                votes={self.names[c]: str(int(self.votes[c])) for c in sorted(self.continuing)},
                total_non_transferable=str(self.exhausted),
                elected=() if self.winner is None else (self.names[self.winner],),
                excluded=tuple(self.names[c] for c in candidates),
                notes={"continuing votes": active, "majority": active // 2 + 1},
            )
        )
        self.ties.end_stage(self.votes.tolist())

    def _top_of_two(self, leader: int) -> int:
        """With two left and the count run to the end, the one with more votes wins."""
        other = next(c for c in self.continuing if c != leader)
        if self.votes[leader] != self.votes[other]:
            return leader
        stage = len(self.stages) + 1
        loser = self.ties.choose([leader, other], highest=False, stage=stage, purpose="last two")
        return other if loser == leader else leader

    def _result(self, status: int, message: str) -> CountResult:
        elected = () if self.winner is None else (self.names[self.winner],)
        report = Report(
            method="instant-runoff",
            rule=RULE
            + ("; exclusion in batches" if self.batches else "")
            + ("" if self.majority else "; counted on until two remain"),
            candidates=self.names,
            seats=1,
            ballots=self.ballots.total,
            blank=self.ballots.blank,
            quota=None,
            seed=self.seed,
            stages=tuple(self.stages),
            tie_breaks=tuple(self.ties.record),
            elected=elected,
            excluded=tuple(self.names[c] for c in self.excluded),
            status=status,
            message=message,
        )
        return CountResult(elected, report)
