"""Votes: yes, no or abstain; quorum and thresholds as pure functions.

A vote's ``eligible`` count is what its quorum and an absolute majority are shares of:
the members of a base council, the seats of a delegate council (filled or not), or every
member beneath a council in a referendum. Shares are read as exact decimals, so a
quorum of 0.6 of 5 is exactly 3, never 2.9999.

- **simple**: more yes than no; abstentions count for the quorum only; a tie fails.
- **absolute**: more yes than half of those eligible.
- **two_thirds**: at least two thirds of the yes and no votes (exactly two thirds
  passes), and at least one yes.
- **consent**: passes unless objections (no votes) reach the charter's objection share
  of those eligible; with a share of 0 a single objection blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any, Literal, get_args

from sovet.domain.charter import Threshold
from sovet.domain.errors import Invalid
from sovet.domain.members import Member

Choice = Literal["yes", "no", "abstain"]
CHOICES: tuple[str, ...] = get_args(Choice)
Subject = Literal["motion", "amendment", "referendum"]


def choice(value: Any, field: str = "choice") -> Choice:
    if value not in CHOICES:
        raise Invalid(f"{field}: must be one of {', '.join(CHOICES)}, not {value!r}")
    result: Choice = value
    return result


def exact(share: float) -> Fraction:
    """A share as the decimal it was written as: 0.1 is one tenth, not 0.1000000000000000055."""
    return Fraction(repr(share))


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    eligible: int

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @classmethod
    def of(cls, choices: list[Choice] | tuple[Choice, ...], *, eligible: int) -> Tally:
        return cls(
            yes=choices.count("yes"),
            no=choices.count("no"),
            abstain=choices.count("abstain"),
            eligible=eligible,
        )


@dataclass(frozen=True)
class Rule:
    """What a vote needs to pass: a quorum, a threshold, and for consent the objection share."""

    quorum: float
    threshold: Threshold
    objection_share: float = 0.1


@dataclass(frozen=True)
class Outcome:
    tally: Tally
    quorum_met: bool
    passed: bool
    reason: str


def quorum_needed(quorum: float, eligible: int) -> Fraction:
    return exact(quorum) * eligible


def quorum_met(tally: Tally, quorum: float) -> bool:
    """Enough votes were cast, abstentions included."""
    return tally.cast >= quorum_needed(quorum, tally.eligible)


def threshold_met(tally: Tally, rule: Rule) -> bool:
    if rule.threshold == "simple":
        return tally.yes > tally.no
    if rule.threshold == "absolute":
        return 2 * tally.yes > tally.eligible
    if rule.threshold == "two_thirds":
        return tally.yes > 0 and 3 * tally.yes >= 2 * (tally.yes + tally.no)
    return not blocked_by_objection(tally, rule.objection_share)


def blocked_by_objection(tally: Tally, objection_share: float) -> bool:
    return tally.no > 0 and tally.no >= exact(objection_share) * tally.eligible


def decide(tally: Tally, rule: Rule) -> Outcome:
    """Whether a vote passed, with the reason in words."""
    met = quorum_met(tally, rule.quorum)
    counts = f"{tally.yes} yes, {tally.no} no, {tally.abstain} abstaining"
    if not met:
        needed = quorum_needed(rule.quorum, tally.eligible)
        return Outcome(
            tally,
            quorum_met=False,
            passed=False,
            reason=f"no quorum: {tally.cast} of {tally.eligible} voted, {_number(needed)} needed"
            f" ({counts})",
        )
    passed = threshold_met(tally, rule)
    verdict = "passed" if passed else "not passed"
    return Outcome(
        tally,
        quorum_met=True,
        passed=passed,
        reason=f"{verdict} by the {THRESHOLD_RULE_NAMES[rule.threshold]} rule: {counts}",
    )


THRESHOLD_RULE_NAMES: Mapping[Threshold, str] = {
    "simple": "simple majority",
    "absolute": "absolute majority",
    "two_thirds": "two-thirds",
    "consent": "consent",
}
"""Each threshold as a vote's reason names its rule ("passed by the two-thirds rule").
The reason is written into the record (``vote.closed``), so this wording stays as it is:
the record replays identically. ``charter.THRESHOLD_WORDS`` says each as the pages do."""


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"


@dataclass(frozen=True)
class Vote:
    """A vote on a motion, an amendment or a referendum, with its frozen register."""

    id: int
    council_id: int
    subject: Subject
    motion_id: int
    amendment_id: int | None
    referendum_id: int | None
    secret: bool
    rule: Rule
    eligible: int
    opened: datetime
    closes: datetime
    closed: datetime | None

    def open_at(self, moment: datetime) -> bool:
        return self.closed is None and moment < self.closes


@dataclass(frozen=True)
class Voter:
    """A member on a vote's register, the standing they vote under, and whether they have."""

    member_id: int
    under: str
    voted: bool


@dataclass(frozen=True)
class BallotPaper:
    """What casting a vote reads: the member, the vote, the member's line on its register
    (None when they are not on it) and whether a transition is due in its council."""

    member: Member
    vote: Vote
    voter: Voter | None
    due: bool
