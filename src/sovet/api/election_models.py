"""The JSON shapes of elections: opening, nominations, statements, ranked ballots and the
count's full report (format ``sovet.count/1``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field

from sovet.adapters.election_queries import CandidateView, ElectionSummary, ElectionView
from sovet.api.models import (
    MAX_ID,
    Answer,
    ClosedRequest,
    CouncilRef,
    MemberId,
    MemberRef,
    Positions,
    Slug,
    council_ref,
    member_ref,
)
from sovet.domain.elections import (
    MAX_NOMINATION_DAYS,
    MAX_STATEMENT,
    MAX_VOTING_DAYS,
    Election,
    Phase,
)
from sovet.domain.federation import Council
from sovet.domain.text import render_markdown

Id = Annotated[int, Field(ge=0, le=MAX_ID)]


class ElectionOpening(ClosedRequest):
    constituency: Slug = Field(
        description="The constituent council whose seats are filled (for an office: the "
        "council itself)"
    )
    office: Annotated[str | None, Field(max_length=40)] = Field(
        default=None, description="Elect this office of the council, as its charter lists"
    )
    nomination_days: Annotated[int, Field(ge=1, le=MAX_NOMINATION_DAYS)] | None = Field(
        default=None,
        description="Days of nominations: the charter's agenda period (the default) or "
        "longer, never shorter",
    )
    voting_days: Annotated[int, Field(ge=1, le=MAX_VOTING_DAYS)] | None = Field(
        default=None,
        description="Days of voting: the charter's voting period (the default) or longer, "
        "never shorter",
    )
    next_term: bool = Field(
        default=False,
        description="Elect for the next term even while a seat (or the office) is vacant; "
        "otherwise such an election is the vacant seat's by-election",
    )


class Nomination(ClosedRequest):
    member: MemberId = Field(description="The nominee: yourself, or another who must consent")


class CandidateStatement(ClosedRequest):
    text: Annotated[str, Field(max_length=MAX_STATEMENT, description="Markdown")]


class RankedBallot(ClosedRequest):
    ranking: Annotated[list[Id | None], Field(max_length=200)] = Field(
        description="Candidates' member ids, best first; null marks a skipped rank (refused)"
    )


class ElectionReceiptCheck(ClosedRequest):
    receipt: Annotated[str, Field(max_length=128, description="The receipt the ballot gave you")]


class ElectionOut(Answer):
    id: int
    council: CouncilRef
    constituency: CouncilRef
    seats: int
    method: str
    phase: Phase = Field(description="By the clock: nominating, voting, counted or lapsed")
    opened: datetime
    nominations_close: datetime
    closes: datetime
    term_starts: date
    term_months: int
    eligible: int | None = Field(description="The electors on the register, once voting opens")
    seed: str | None = Field(description="The published seed for ties broken by lot")
    closed: datetime | None
    ballots_cast: int | None
    office: str | None = Field(description="The office elected, for an office's election")
    by_election: bool = Field(
        description="Whether it fills vacant seats for the rest of their term: seats a "
        "recall left empty, or that the constituency's election left unfilled"
    )


class CandidateOut(Answer):
    member: MemberRef
    nominated_by: MemberRef
    consented: bool
    statement: str | None
    statement_html: str | None
    place: int | None = Field(description="The place in the count, from 1")
    outcome: str | None = Field(description="elected, substitute or not elected, after the count")
    mandate: int | None


class PublishedBallotOut(Answer):
    receipt_hash: str
    ranking: list[MemberRef]


class ElectionDetailOut(Answer):
    election: ElectionOut
    candidates: list[CandidateOut]
    turnout: int
    report: dict[str, Any] | None = Field(
        description="The count's full report: quota, every stage, every transfer, every tie"
    )
    ballots: list[PublishedBallotOut] = Field(
        description="After the close: every ballot, in the order of their receipts' hashes"
    )


class ElectionActed(Answer):
    election: ElectionOut
    entries: Positions


class CandidateActed(Answer):
    candidate: CandidateOut
    entries: Positions


class RankedCastOut(Answer):
    election: int
    ranking: list[int]
    receipt: str = Field(description="Keep it to find your ballot among those published")
    entries: Positions


class ElectionReceiptOut(Answer):
    election: int
    counted: bool
    ranking: list[MemberRef]


def election_out(
    election: Election, council: Council, constituency: Council, phase: Phase
) -> ElectionOut:
    return ElectionOut(
        id=election.id,
        council=council_ref(council),
        constituency=council_ref(constituency),
        seats=election.seats,
        method=election.method,
        phase=phase,
        opened=election.opened,
        nominations_close=election.nominations_close,
        closes=election.closes,
        term_starts=election.term_starts,
        term_months=election.term_months,
        eligible=election.eligible,
        seed=election.seed,
        closed=election.closed,
        ballots_cast=election.ballots_cast,
        office=election.office,
        by_election=election.by_election,
    )


def summary_out(summary: ElectionSummary) -> ElectionOut:
    return election_out(summary.election, summary.council, summary.constituency, summary.phase)


def candidate_out(view: CandidateView) -> CandidateOut:
    candidate = view.candidate
    statement = candidate.statement
    return CandidateOut(
        member=member_ref(view.member),
        nominated_by=member_ref(view.nominated_by),
        consented=candidate.consented,
        statement=statement,
        statement_html=None if statement is None else render_markdown(statement),
        place=candidate.place,
        outcome=candidate.outcome,
        mandate=candidate.mandate_id,
    )


def election_detail_out(view: ElectionView) -> ElectionDetailOut:
    return ElectionDetailOut(
        election=election_out(view.election, view.council, view.constituency, view.phase),
        candidates=[candidate_out(candidate) for candidate in view.candidates],
        turnout=view.turnout,
        report=None if view.report is None else view.report.to_dict(),
        ballots=[
            PublishedBallotOut(
                receipt_hash=ballot.receipt_hash.hex(),
                ranking=[member_ref(member) for member in ballot.ranking],
            )
            for ballot in view.ballots
        ],
    )
