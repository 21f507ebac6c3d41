"""Ties: broken by the rules first, then by lot from a seed published before the count.

The rules look back (SSI 2007/42 rules 49(2) and 51(2)(a)): the candidates tied now are
compared at the end of the most recent preceding stage at which their votes differed.
Where they were equal at every stage, the returning officer decides by lot (rules 49(3)
and 51(2)(b)).

The lot here is a public computation, not a secret coin: every tied candidate gets the
SHA-256 digest of the published seed, the purpose of the draw and the candidate's name,
and the lowest digest is drawn. Anyone holding the seed can redo every draw, and nobody
can steer one without changing the seed, which the record holds from before the count.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

LOT_FORMAT = "sovet-lot/1"


class LotNeeded(Exception):
    """A tie that only a lot can break, in a count that was given no seed."""

    def __init__(self, purpose: str, tied: Sequence[str]) -> None:
        names = ", ".join(tied)
        super().__init__(
            f"{purpose}: {names} are tied at every stage and the rules leave it to lot; "
            "give a seed (published before the count) to draw it"
        )
        self.purpose = purpose
        self.tied = tuple(tied)


@dataclass(frozen=True)
class TieBreak:
    """How one tie was broken, for the report.

    ``by`` is ``"stage N"`` when the votes at the end of stage N decided it, or ``"lot"``
    with each candidate's digest in ``draws``.
    """

    stage: int
    purpose: str
    tied: tuple[str, ...]
    chosen: str
    by: str
    draws: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "purpose": self.purpose,
            "tied": list(self.tied),
            "chosen": self.chosen,
            "by": self.by,
            "draws": dict(self.draws),
        }


def lot_digest(seed: str, purpose: str, name: str) -> str:
    """The digest that a candidate draws for one purpose: lowest is drawn."""
    message = "\n".join((LOT_FORMAT, seed, purpose, name)).encode("utf-8")
    return hashlib.sha256(message).hexdigest()


def draw_lot(seed: str | None, purpose: str, tied: Sequence[str]) -> tuple[str, dict[str, str]]:
    """Draw one of the tied candidates by lot; refuse (:class:`LotNeeded`) without a seed."""
    if seed is None:
        raise LotNeeded(purpose, tied)
    draws = {name: lot_digest(seed, purpose, name) for name in tied}
    return min(tied, key=lambda name: draws[name]), draws


class TieBreaker:
    """Breaks ties by earlier stages, then by lot, and keeps what it did for the report.

    ``history`` holds each candidate's votes at the end of every stage so far, oldest
    first, as integers in the count's units.
    """

    def __init__(self, candidates: Sequence[str], seed: str | None) -> None:
        self.candidates = tuple(candidates)
        self.seed = seed
        self.history: list[tuple[int, ...]] = []
        self.record: list[TieBreak] = []

    def end_stage(self, votes: Sequence[int]) -> None:
        """Remember every candidate's votes at the end of a stage."""
        self.history.append(tuple(int(v) for v in votes))

    def choose(self, tied: Sequence[int], *, highest: bool, stage: int, purpose: str) -> int:
        """One of ``tied`` (candidate indices): highest or lowest at the latest unequal stage."""
        if len(tied) == 1:
            return tied[0]
        names = tuple(self.candidates[c] for c in tied)
        remaining = list(tied)
        for number in range(len(self.history), 0, -1):
            votes = self.history[number - 1]
            extreme = (max if highest else min)(votes[c] for c in remaining)
            narrowed = [c for c in remaining if votes[c] == extreme]
            if len(narrowed) == 1:
                chosen = narrowed[0]
                self.record.append(
                    TieBreak(stage, purpose, names, self.candidates[chosen], f"stage {number}")
                )
                return chosen
            remaining = narrowed
        return self.by_lot(remaining, stage=stage, purpose=purpose, tied=names)

    def by_lot(
        self, remaining: Sequence[int], *, stage: int, purpose: str, tied: tuple[str, ...] = ()
    ) -> int:
        """Draw one of ``remaining`` by lot straight away (where no rule looks back)."""
        names = [self.candidates[c] for c in remaining]
        label = f"stage {stage}: {purpose}"
        chosen, draws = draw_lot(self.seed, label, names)
        self.record.append(TieBreak(stage, purpose, tied or tuple(names), chosen, "lot", draws))
        return self.candidates.index(chosen)
