"""Elections: a constituency fills its seats in a council by a count of ranked ballots.

An election moves by the clock through its phases: ``nominating`` (members nominate
themselves, or others who then consent, and candidates publish statements) until
``nominations_close``; ``voting`` (the register of electors and the list of candidates
frozen as they stood) until ``closes``; then ``counted``, with the count's full report,
or ``lapsed`` if nobody stood. The method is the charter's (``Charter.election_method``).

This module is pure: the phases, the checks on a ranked ballot (each refusal names the
candidate or the rank at fault) and the count, which runs the rule-exact counters of
``sovet.voting`` and orders every candidate: the elected first, in the order the count
elected them, then the rest, best placed first, who become the ordered substitutes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sovet.domain.charter import Charter, ElectionMethod
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import stamp
from sovet.figures import duration
from sovet.voting.approval import approval
from sovet.voting.ballots import Ballots
from sovet.voting.irv import instant_runoff
from sovet.voting.meek import meek_stv
from sovet.voting.report import CountResult, Report
from sovet.voting.schulze import schulze
from sovet.voting.stv import scottish_stv

Phase = Literal["nominating", "voting", "counted", "lapsed"]
SINGLE_SEAT_METHODS: tuple[ElectionMethod, ...] = ("irv", "schulze")
MAX_NOMINATION_DAYS = 90
MAX_VOTING_DAYS = 60
MAX_STATEMENT = 5_000
MAX_SUBSTITUTES = 10


@dataclass(frozen=True)
class Election:
    id: int
    council_id: int
    constituency_id: int
    seats: int
    method: ElectionMethod
    phase: Phase
    opened: datetime
    nominations_close: datetime
    closes: datetime
    term_starts: date
    term_months: int
    eligible: int | None = None
    seed: str | None = None
    closed: datetime | None = None
    ballots_cast: int | None = None
    office: str | None = None
    """For the election of an office of the council (its own constituency, one seat)."""
    by_election: bool = False
    """Whether it fills seats a recall left vacant, for the rest of their term."""

    def phase_at(self, now: datetime) -> Phase:
        """The phase the clock says, before the next act carries the change out."""
        if self.phase == "nominating" and now >= self.nominations_close:
            return "voting"
        return self.phase

    def check_nominating(self, now: datetime) -> None:
        if self.phase != "nominating" or now >= self.nominations_close:
            raise Conflict(
                f"nominations for election {self.id} closed at {stamp(self.nominations_close)}"
            )

    def check_voting(self, now: datetime) -> None:
        if self.phase == "nominating":
            raise Conflict(f"voting in election {self.id} opens at {stamp(self.nominations_close)}")
        if self.phase != "voting" or now >= self.closes:
            raise Conflict(f"voting in election {self.id} closed at {stamp(self.closes)}")


@dataclass(frozen=True)
class Candidate:
    election_id: int
    member_id: int
    nominated_by: int
    consented: bool
    statement: str | None = None
    place: int | None = None
    outcome: str | None = None
    mandate_id: int | None = None


def method_for(charter: Charter, seats: int) -> ElectionMethod:
    """The charter's method, refused for several seats if it fills only one."""
    method = charter.election_method
    if seats > 1 and method in SINGLE_SEAT_METHODS:
        raise Conflict(
            f"the charter counts elections by {method}, which fills one seat; this "
            f"election fills {seats}: the charter must name stv, meek or approval"
        )
    return method


def office_method(charter: Charter) -> ElectionMethod:
    """How an office (one seat) is counted: by the charter's method if it is one of the
    single-seat methods, or else by instant-runoff, which is what STV is for one seat."""
    if charter.election_method in SINGLE_SEAT_METHODS:
        return charter.election_method
    return "irv"


def days(value: Any, field: str, *, default: int, most: int) -> int:
    """A period in whole days, from the charter's ``default`` (at least 1) to ``most``;
    ``None`` takes ``default``. Whoever opens an election may lengthen the charter's
    period, never shorten it: no member calls a snap election."""
    least = max(1, min(default, most))
    if value is None:
        return least
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise Invalid(
            f"{field}: a whole number of days from {least} (the charter's period) to {most}, "
            f"not {value!r}"
        )
    return value


def voting_time(value: Any, *, charter: timedelta) -> timedelta:
    """How long an election's voting lasts: the charter's voting period (``None``), or
    whole days not shorter than it (``least_voting_days``), at most ``MAX_VOTING_DAYS``.
    Whoever opens an election may lengthen the charter's period, never shorten it."""
    if value is None:
        return charter
    least = least_voting_days(charter)
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not least <= value <= MAX_VOTING_DAYS
    ):
        raise Invalid(
            f"voting_days: a whole number of days from {least} (the charter's voting period "
            f"is {duration(charter)}) to {MAX_VOTING_DAYS}, not {value!r}"
        )
    return timedelta(days=value)


def least_voting_days(charter: timedelta) -> int:
    """The fewest whole days of voting not shorter than the charter's period ``charter``."""
    return min(max(1, math.ceil(charter / timedelta(days=1))), MAX_VOTING_DAYS)


def label(member_id: int, name: str) -> str:
    """How a candidate is named in a count's report: unique even when names are not."""
    return f"{name} #{member_id}"


def ranking_text(ranking: Sequence[int]) -> str:
    """A ranking as the ballot box and the published ballots hold it: ids, space-separated."""
    return " ".join(str(member) for member in ranking)


def parse_ranking(text: str) -> tuple[int, ...]:
    return tuple(int(member) for member in text.split())


def check_ranking(ranking: Any, candidates: Mapping[int, str]) -> tuple[int, ...]:
    """A ranked ballot, best first, as candidates' member ids; ``None`` marks a skipped rank.

    Refuses an empty ballot, a candidate who is not standing, a candidate ranked twice
    and a gap in the ranks, naming the candidate or the rank.
    """
    if not isinstance(ranking, list | tuple):
        raise Invalid("ranking: a list of candidates, best first")
    chosen: list[int] = []
    for rank, candidate in enumerate(ranking, start=1):
        if candidate is None:
            if any(later is not None for later in ranking[rank:]):
                raise Invalid(
                    f"ranking: rank {rank} is skipped (ranks must run 1, 2, 3, ... without a gap)"
                )
            break
        if isinstance(candidate, bool) or not isinstance(candidate, int):
            raise Invalid(f"ranking: rank {rank} holds {candidate!r}, not a candidate")
        if candidate not in candidates:
            raise Invalid(f"ranking: member {candidate} is not a candidate in this election")
        if candidate in chosen:
            raise Invalid(f"ranking: {candidates[candidate]} is ranked twice")
        chosen.append(candidate)
    if not chosen:
        raise Invalid("ranking: rank at least one candidate")
    return tuple(chosen)


def ranking_from_marks(marks: Mapping[int, int], candidates: Mapping[int, str]) -> tuple[int, ...]:
    """A ranked ballot from the rank written beside each candidate (as on a paper form)."""
    by_rank: dict[int, int] = {}
    for candidate, rank in marks.items():
        if candidate not in candidates:
            raise Invalid(f"ranking: member {candidate} is not a candidate in this election")
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            raise Invalid(f"ranking: {candidates[candidate]} has rank {rank!r}: ranks are 1, 2, 3")
        if rank in by_rank:
            raise Invalid(
                f"ranking: {candidates[by_rank[rank]]} and {candidates[candidate]} "
                f"share rank {rank}"
            )
        by_rank[rank] = candidate
    top = max(by_rank, default=0)
    return check_ranking([by_rank.get(rank) for rank in range(1, top + 1)], candidates)


@dataclass(frozen=True)
class Count:
    """A count's outcome: the candidates in order (elected first), and the report."""

    elected: tuple[int, ...]
    others: tuple[int, ...]
    report: Report | None
    message: str

    @property
    def substitutes(self) -> tuple[int, ...]:
        """The first candidates not elected, in order, who stand in for the elected."""
        return self.others[:MAX_SUBSTITUTES] if self.elected else ()

    def places(self) -> list[tuple[int, int, str]]:
        """Each candidate with their place from 1 and ``elected``, ``substitute`` or
        ``not elected``."""
        ordered = [(member, "elected") for member in self.elected] + [
            (member, "substitute" if member in self.substitutes else "not elected")
            for member in self.others
        ]
        return [(place, member, outcome) for place, (member, outcome) in enumerate(ordered, 1)]


def count(
    method: ElectionMethod,
    *,
    seats: int,
    candidates: Mapping[int, str],
    rankings: Sequence[Sequence[int]],
    seed: str,
) -> Count:
    """Count ranked ballots for ``seats`` seats among ``candidates`` (member id: name).

    Ties the rules leave open are broken by lot from ``seed``. With no valid ballot
    nobody is elected; with no more candidates than seats, every candidate is.
    """
    names = {member: label(member, name) for member, name in candidates.items()}
    ids = {name: member for member, name in names.items()}
    if not rankings:
        return Count((), tuple(names), None, "no ballot was cast: nobody is elected")
    ballots = Ballots.from_rankings(
        [[names[member] for member in ranking] for ranking in rankings],
        candidates=list(names.values()),
    )
    result = _run(method, ballots, min(seats, len(names)), seed)
    elected = tuple(ids[name] for name in result.elected)
    rest = tuple(ids[name] for name in _others(result.report) if ids[name] not in elected)
    return Count(elected, rest, result.report, result.message)


def _run(method: ElectionMethod, ballots: Ballots, seats: int, seed: str) -> CountResult:
    if method == "stv":
        return scottish_stv(ballots, seats=seats, seed=seed)
    if method == "meek":
        return meek_stv(ballots, seats=seats, seed=seed)
    if method == "irv":
        return instant_runoff(ballots, seed=seed)
    if method == "schulze":
        return schulze(ballots, seed=seed)
    approved = [ranking for ranking, _ in ballots.items()]
    counts = [number for _, number in ballots.items()]
    return approval(approved, candidates=ballots.candidates, seats=seats, counts=counts, seed=seed)


def _others(report: Report) -> list[str]:
    """Every candidate best placed first: by Schulze's ranking, or else those still
    standing at the end by their votes, then the excluded, the last excluded first."""
    ranking = report.extra.get("ranking")
    if isinstance(ranking, list):
        return [name for group in ranking for name in group]
    final = report.stages[-1].votes if report.stages else {}
    excluded = [name for stage in report.stages for name in stage.excluded]
    standing = [name for name in report.candidates if name not in excluded]
    standing.sort(key=lambda name: -float(final.get(name, "0")))
    return standing + excluded[::-1]
