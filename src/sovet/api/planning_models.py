"""The JSON shapes of planning: periods, proposals, targets, rounds with their balances,
the plan's parts and their fulfilment.

A round's ``balance`` is the object the record carries (``domain.planning.balance_of``):
plan ray, process levels, shortfalls and surpluses by product, labour values, shadow
prices of the binding constraints and the solver's accuracy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from sovet.api.books_models import Period, ProcessIn, QuantityOut, TargetIn, quantity_out
from sovet.api.models import Answer, ClosedRequest, Positions, Slug
from sovet.domain import planning as p
from sovet.domain.books import process_to_json
from sovet.services.read_plan import PeriodRead

Text = Annotated[str, Field(max_length=20_000, description="The reasons (Markdown)")]


class PeriodIn(ClosedRequest):
    council: Slug = Field(description="The council whose charter decides planning")
    period: Period
    proposal_days: Annotated[int, Field(ge=0, le=p.MAX_PROPOSAL_DAYS)] = 14
    labour: float | None = Field(default=None, description="Hours available; null: not limited")


class ProposalProcessIn(ProcessIn):
    code: Annotated[str, Field(max_length=40)]


class ProposalIn(ClosedRequest):
    council: Slug = Field(description="Your workplace council")
    processes: Annotated[list[ProposalProcessIn], Field(max_length=1000)] | None = Field(
        default=None, description="The processes offered; null: those of the books"
    )


class PlanTargetsIn(ClosedRequest):
    council: Slug = Field(description="A council whose charter proposes demand")
    targets: Annotated[list[TargetIn], Field(min_length=1, max_length=500)]


class PlanMotionIn(ClosedRequest):
    text: Text = ""


class RoundJobIn(ClosedRequest):
    round: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description="The round you mean to publish: refused if another was published "
        "meanwhile; null: whichever is next",
    )


class PartAnswerIn(ClosedRequest):
    accept: bool = Field(description="true: accept the part; false: return it")
    text: Text = ""


class PeriodOut(Answer):
    id: int
    council: int
    name: str
    state: str = Field(description="open, balanced, closed or adopted")
    round_limit: int
    tolerance: float
    labour: float | None
    proposals_due: datetime
    rounds: int
    adopted_round: int | None


class ProposalOut(Answer):
    council: int
    round: int
    processes: list[dict[str, Any]]
    entry: int


class RoundOut(Answer):
    number: int
    scale: float = Field(description="The plan ray")
    balanced: bool
    shortfall: float = Field(
        description="The total shortfall over the total target, weighed by labour values"
    )
    balance: dict[str, Any] | None = Field(
        description="The published balance: in a period, the last round's only (an earlier "
        "round's from GET …/rounds/{number}), since at 10^4 products each is tens of MB"
    )
    entry: int


def round_out(published: p.Round, *, balance: bool) -> RoundOut:
    return RoundOut(
        number=published.number,
        scale=published.scale,
        balanced=published.balanced,
        shortfall=published.shortfall,
        balance=dict(published.balance) if balance else None,
        entry=published.entry,
    )


class PartOut(Answer):
    council: int
    round: int
    outputs: list[QuantityOut]
    inputs: list[QuantityOut]
    labour: float
    state: str = Field(
        description="sent, accepted or returned; lapsed when a referendum overturned the plan"
    )
    motion: int | None = Field(description="The workplace council's decision")
    answers: list[int] = Field(
        description="While the part is sent: the workplace council's motions answering it "
        "that are not decided yet"
    )


class FulfilmentOut(Answer):
    council: int = Field(description="The workplace; 0 for the whole federation")
    product: str
    unit: str
    target: float
    output: float


class PeriodDetail(Answer):
    period: PeriodOut
    proposals: list[ProposalOut]
    rounds: list[RoundOut]
    parts: list[PartOut]
    fulfilment: list[FulfilmentOut]
    totals: list[FulfilmentOut]


class PlanningActed(Answer):
    id: int | None = Field(description="What the act created: a period, round or motion")
    entries: Positions


class RoundJobOut(Answer):
    """A round being computed in the background, or how it ended."""

    id: int
    period: int
    round: int
    member: int = Field(description="The member who asked for it")
    state: p.JobState = Field(
        description="running; interrupted (its server stopped: ask again); published; "
        "refused (message: why; nothing was written); failed"
    )
    stage: str = Field(description="What the engine was doing when last heard from")
    started: datetime
    beat: datetime = Field(description="When it was last heard from")
    finished: datetime | None
    seconds: float = Field(description="How long it has run, or ran")
    message: str | None


def round_job_out(job: p.RoundJob, now: datetime) -> RoundJobOut:
    return RoundJobOut(
        id=job.id,
        period=job.period_id,
        round=job.round,
        member=job.member_id,
        state=job.state(now),
        stage=job.stage,
        started=job.started,
        beat=job.beat,
        finished=job.finished,
        seconds=((job.finished or now) - job.started).total_seconds(),
        message=job.message,
    )


def period_out(period: p.PlanningPeriod) -> PeriodOut:
    return PeriodOut(
        id=period.id,
        council=period.council_id,
        name=period.name,
        state=period.state,
        round_limit=period.round_limit,
        tolerance=period.tolerance,
        labour=period.labour,
        proposals_due=period.proposals_due,
        rounds=period.rounds,
        adopted_round=period.adopted_round,
    )


def _fulfilment_out(row: p.Fulfilment) -> FulfilmentOut:
    return FulfilmentOut(
        council=row.council_id,
        product=row.product,
        unit=row.unit,
        target=row.target,
        output=row.output,
    )


def period_detail(found: PeriodRead) -> PeriodDetail:
    return PeriodDetail(
        period=period_out(found.period),
        proposals=[
            ProposalOut(
                council=proposal.council_id,
                round=proposal.round,
                processes=[process_to_json(process) for process in proposal.processes],
                entry=proposal.entry,
            )
            for proposal in found.proposals
        ],
        rounds=[round_out(r, balance=r is found.latest) for r in found.rounds],
        parts=[
            PartOut(
                council=part.council_id,
                round=part.round,
                outputs=[quantity_out(item) for item in part.outputs],
                inputs=[quantity_out(item) for item in part.inputs],
                labour=part.labour,
                state=part.state,
                motion=part.motion_id,
                answers=found.answers.get(part.council_id, []),
            )
            for part in found.parts
        ],
        fulfilment=[_fulfilment_out(row) for row in found.fulfilment],
        totals=[_fulfilment_out(row) for row in found.totals],
    )
