"""Planning in rounds: periods, proposals, targets, rounds, the plan and its parts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from sovet.api.books_models import quantity_in
from sovet.api.deps import MemberDep, SovetDep
from sovet.api.models import MAX_ID, positions, refusals
from sovet.api.planning_models import (
    PartAnswerIn,
    PeriodDetail,
    PeriodIn,
    PeriodOut,
    PlanMotionIn,
    PlanningActed,
    PlanTargetsIn,
    ProposalIn,
    RoundJobIn,
    RoundJobOut,
    RoundOut,
    period_detail,
    period_out,
    round_job_out,
    round_out,
)
from sovet.domain.books import Process, Target
from sovet.domain.errors import Invalid, NotFound
from sovet.domain.planning import BalanceTable, Round, balance_csv
from sovet.services.answer_plan_part import AnswerPart, answer_plan_part
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.planning_rules import period_named
from sovet.services.ports import Store
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import PublishRound, publish_next_round
from sovet.services.read_plan import read_period
from sovet.services.round_jobs import run_in_background, start_round_job

router = APIRouter(tags=["planning"])
PeriodPath = Annotated[int, Path(ge=0, le=MAX_ID, description="The planning period's id")]
SlugPath = Annotated[str, Path(max_length=64, description="The workplace council's short code")]
RoundPath = Annotated[int, Path(ge=1, description="The round's number")]
WRITE = refusals(401, 403, 404, 409, 422)


@router.get("/planning/periods", summary="Planning periods")
def periods(sovet: SovetDep) -> list[PeriodOut]:
    """Every planning period, the latest opened first."""
    with sovet.db.reading() as store:
        found = store.planning_periods()
    return [period_out(period) for period in found]


@router.post(
    "/planning/periods", status_code=201, summary="Open a planning period", responses=WRITE
)
def open_period(body: PeriodIn, member: MemberDep, sovet: SovetDep) -> PlanningActed:
    """A member of the council whose charter decides planning calls for proposals."""
    request = OpenPlanningPeriod(body.council, body.period, body.proposal_days, body.labour)
    with sovet.db.transaction() as store:
        opened = open_planning_period(store, request, actor=member)
    return PlanningActed(id=opened.id, entries=positions(store))


@router.get("/planning/periods/{period_id}", summary="A planning period", responses=refusals(404))
def period(period_id: PeriodPath, sovet: SovetDep) -> PeriodDetail:
    """The period with its proposals, rounds and balances, parts and fulfilment."""
    with sovet.db.reading() as store:
        found = read_period(store, period_id)
    return period_detail(found)


@router.get(
    "/planning/periods/{period_id}/rounds/{number}",
    summary="A published round with its balance",
    responses=refusals(404),
)
def published_round(period_id: PeriodPath, number: RoundPath, sovet: SovetDep) -> RoundOut:
    """The round's plan ray, shortfall and whole balance, as the record has it."""
    with sovet.db.reading() as store:
        return round_out(_round(store, period_id, number), balance=True)


@router.get(
    "/planning/periods/{period_id}/rounds/{number}/{table}.csv",
    summary="A table of a round's balance as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **refusals(404, 422)},
)
def balance_table(
    period_id: PeriodPath,
    number: RoundPath,
    table: Annotated[BalanceTable, Path(description="products or processes")],
    sovet: SovetDep,
    workplace: Annotated[
        str | None, Query(max_length=64, description="Only this workplace's processes")
    ] = None,
) -> Response:
    """Every product (target, net output, shortfall, surplus, labour value, price) or
    every process (level, capacity, labour) of the round's published balance, each figure
    as the record has it; or one workplace's processes."""
    if workplace is not None and table != "processes":
        raise Invalid("workplace: only the processes of a balance are by workplace")
    with sovet.db.reading() as store:
        found = _round(store, period_id, number)
        period = period_named(store, period_id)
        if workplace is not None and store.council_by_slug(workplace) is None:
            raise NotFound(f"workplace: there is no council {workplace!r}")
    return Response(
        balance_csv(found.balance, table, workplace=workplace),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="plan-{period.name}-round-{number}-{table}.csv"'
            )
        },
    )


def _round(store: Store, period_id: int, number: int) -> Round:
    period = period_named(store, period_id)
    found = [r for r in store.plan_rounds(period.id) if r.number == number]
    if not found:
        raise NotFound(
            f"round {number}: {period.rounds} rounds of {period.name} have been published"
        )
    return found[0]


@router.post(
    "/planning/periods/{period_id}/proposals",
    status_code=201,
    summary="File a workplace's proposal",
    responses=WRITE,
)
def propose(
    period_id: PeriodPath, body: ProposalIn, member: MemberDep, sovet: SovetDep
) -> PlanningActed:
    """The processes a workplace offers for the next round (null: those of its books)."""
    processes = None
    if body.processes is not None:
        processes = tuple(
            Process(
                code=item.code,
                product=item.product,
                unit=item.unit,
                labour=item.labour,
                capacity=item.capacity,
                inputs=tuple(quantity_in(entry) for entry in item.inputs),
            )
            for item in body.processes
        )
    request = FilePlanProposal(period_id, body.council, processes)
    with sovet.db.transaction() as store:
        proposal = file_plan_proposal(store, request, actor=member)
    return PlanningActed(id=proposal.entry, entries=positions(store))


@router.post(
    "/planning/periods/{period_id}/targets",
    status_code=201,
    summary="File a demand council's targets for the next round",
    responses=WRITE,
)
def targets(
    period_id: PeriodPath, body: PlanTargetsIn, member: MemberDep, sovet: SovetDep
) -> PlanningActed:
    """A demand council's targets for the next round, in place of its earlier ones; a
    council that files none is counted with the demand it adopted for the period."""
    wanted = tuple(Target(t.product, t.quantity, t.unit, t.category) for t in body.targets)
    with sovet.db.transaction() as store:
        file_plan_target(store, FilePlanTarget(period_id, body.council, wanted), actor=member)
    return PlanningActed(id=None, entries=positions(store))


@router.post(
    "/planning/periods/{period_id}/rounds",
    status_code=201,
    summary="Publish the next round's balance",
    responses=WRITE,
)
def publish(period_id: PeriodPath, member: MemberDep, sovet: SovetDep) -> PlanningActed:
    """A member of the planning council runs the engine on the current proposals and
    targets (outside the write transaction, so other acts go on meanwhile); the balance
    goes into the record."""
    published = publish_next_round(sovet.db, PublishRound(period_id), actor=member)
    return PlanningActed(id=published.number, entries=[published.entry])


@router.post(
    "/planning/periods/{period_id}/round-jobs",
    status_code=202,
    summary="Ask for the next round to be computed in the background",
    responses=WRITE,
)
def ask_for_round(
    period_id: PeriodPath, body: RoundJobIn, member: MemberDep, sovet: SovetDep
) -> RoundJobOut:
    """The same checks as publishing the round, and none of the period's rounds already
    being computed; the answer comes at once, and the round's job
    (``GET …/round-job``) tells how far the engine has come and how it ended. Nothing
    goes into the record until the balance is published."""
    request = PublishRound(period_id, number=body.round)
    with sovet.db.transaction() as store:
        job = start_round_job(store, request, actor=member)
        now = store.now()
    run_in_background(sovet.db, job, actor=member)
    return round_job_out(job, now)


@router.get(
    "/planning/periods/{period_id}/round-job",
    summary="The round computed in the background last",
    responses=refusals(404),
)
def round_job(period_id: PeriodPath, sovet: SovetDep) -> RoundJobOut:
    """Its state and stage, renewed while the engine runs, and how it ended."""
    with sovet.db.reading() as store:
        period = period_named(store, period_id)
        job = store.latest_round_job(period.id)
        now = store.now()
    if job is None:
        raise NotFound(f"no round of period {period_id} has been asked for in the background")
    return round_job_out(job, now)


@router.post(
    "/planning/periods/{period_id}/plan",
    status_code=201,
    summary="Move the balanced plan for adoption",
    responses=WRITE,
)
def move_plan(
    period_id: PeriodPath, body: PlanMotionIn, member: MemberDep, sovet: SovetDep
) -> PlanningActed:
    """Files a ``plan`` motion in the planning council on the last, balanced round: when
    it passes, each workplace's part is sent to its council."""
    with sovet.db.transaction() as store:
        motion = propose_plan(store, ProposePlan(period_id, body.text), actor=member)
    return PlanningActed(id=motion.id, entries=positions(store))


@router.post(
    "/planning/periods/{period_id}/parts/{slug}",
    status_code=201,
    summary="Move a workplace's answer to its part of the plan",
    responses=WRITE,
)
def answer(
    period_id: PeriodPath, slug: SlugPath, body: PartAnswerIn, member: MemberDep, sovet: SovetDep
) -> PlanningActed:
    """Files a ``plan_part`` motion in the workplace council: its vote decides."""
    request = AnswerPart(period_id, slug, body.accept, body.text)
    with sovet.db.transaction() as store:
        motion = answer_plan_part(store, request, actor=member)
    return PlanningActed(id=motion.id, entries=positions(store))
