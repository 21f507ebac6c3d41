"""Planning as pages: the periods, one period (rounds, balances, proposals, targets, the
plan's parts and their fulfilment, with charts), and a workplace's part of the plan.

Every act goes through its use case, which decides: opening a period, filing a proposal
(the processes of the workplace's books as they stand), publishing a round, moving the
plan for a vote, and a workplace answering its part (a motion of its own council, voted
there). A refused form comes back with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from sovet.adapters.queries import open_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.errors import Invalid, NotFound, Refused
from sovet.domain.members import Member
from sovet.domain.motions import AnswerPlanPart, Motion
from sovet.domain.planning import FEASIBLE, PLANNING_MATTER, JobState, PlanningPeriod, RoundJob
from sovet.domain.text import MAX_MARKDOWN
from sovet.services.answer_plan_part import AnswerPart, answer_plan_part
from sovet.services.books_rules import KEEP_BOOKS
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.ports import Store
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import PublishRound
from sovet.services.read_plan import PeriodRead, read_period
from sovet.services.round_jobs import run_in_background, start_round_job
from sovet.web.acting import FormFields, act_then_go
from sovet.web.books import number_in, targets_from_lines
from sovet.web.motion_page import standing_in
from sovet.web.plan_charts import (
    convergence_chart,
    flow_matrix,
    fulfilment_chart,
    plan_ray_chart,
)
from sovet.web.rendering import render, require_csrf

router = APIRouter()

PeriodPath = Annotated[int, Path(ge=0, le=MAX_ID)]
SlugPath = Annotated[str, Path(max_length=64)]
DONE = {
    "opened": "The planning period was opened: proposals are called for. The act is in the "
    "public record.",
    "proposed": "Your workplace's proposal was filed for the next round. The act is in the "
    "public record.",
    "round": "The round's balance was published in the record.",
    "targets": "Your council's targets were filed for the next round. The act is in the "
    "public record.",
}

OPEN = FormFields(
    {
        "council": ("Planning council", "plan-council"),
        "period": ("Period", "plan-period"),
        "days": ("Days until proposals are due", "plan-days"),
        "proposal_days": ("Days until proposals are due", "plan-days"),
        "labour": ("Hours of labour available", "plan-labour"),
    },
    main="period",
)
"""The form that opens a planning period: a reason about none of its fields is about the
period (one opened already)."""
PROPOSAL = FormFields({"council": ("Workplace", "proposal-council")}, main="council")
"""The form that files a workplace's proposal."""
TARGETS = FormFields(
    {"council": ("Council", "targets-council"), "targets": ("Targets", "targets-lines")},
    main="targets",
)
"""The form that files a demand council's targets for the next round."""
PART = FormFields({"text": ("Reasons", "part-text")}, main="text")
"""The form that answers a workplace's part of the plan."""


def _workplaces_of(store: Store, member: Member | None) -> list[tuple[str, str]]:
    if member is None:
        return []
    return [
        (council.slug, council.name)
        for council in store.councils()
        if council.kind == "base" and store.is_member(council.id, member.id)
    ]


def _demanders_of(store: Store, member: Member | None) -> list[tuple[str, str]]:
    """The councils whose targets ``member`` files alone: those they stand in whose
    charter names demand they propose and gives every member ``keep_books``."""
    if member is None:
        return []
    return [
        (council.slug, council.name)
        for council in store.councils()
        if council.charter.proposes_demand
        and KEEP_BOOKS in council.charter.member_powers
        and standing_in(store, council, member)
    ]


@router.get("/planning")
def periods(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    """Every planning period, and the call for proposals for planning councils."""
    return _periods_page(request, sovet, member)


def _periods_page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    kept: dict[str, str] | None = None,
    refused_at: str | None = None,
) -> Response:
    """Every planning period, and the call for proposals; after a refusal, the call as it
    was filled in with the reason beside the field ``refused_at``."""
    with sovet.db.reading() as store:
        councils = {council.id: council for council in store.councils()}
        found = store.planning_periods()
    planners = [(c.slug, c.name) for c in councils.values() if PLANNING_MATTER in c.charter.decides]
    context: dict[str, Any] = {
        "periods": found,
        "councils": councils,
        "planners": planners if member is not None else [],
        "refusal": refusal,
        "refused_at": refused_at if member is not None and planners else None,
        "kept": kept or {},
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "planning.html", context, member=member, status=status)


@router.post("/planning", dependencies=[Depends(require_csrf)])
def open_period(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    council: Annotated[str, Form(max_length=64)] = "",
    period: Annotated[str, Form(max_length=7)] = "",
    days: Annotated[str, Form(max_length=4)] = "14",
    labour: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    kept = {"council": council, "period": period, "days": days, "labour": labour}

    def go(store: Store) -> str:
        if not days.strip().isdigit():
            raise Invalid(f"days: a whole number, not {days!r}")
        hours = number_in(labour, "labour") if labour.strip() else None
        wanted = OpenPlanningPeriod(council, period.strip(), int(days), hours)
        opened = open_planning_period(store, wanted, actor=member)
        return f"/planning/{opened.id}?done=opened"

    def refused(error: Refused) -> Response:
        refusal, refused_at = OPEN.refused(error)
        return _periods_page(
            request, sovet, member, refusal=refusal, kept=kept, refused_at=refused_at
        )

    return act_then_go(sovet, go, refused)


@router.get("/planning/{period_id}")
def period_page(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    period_id: PeriodPath,
    done: str | None = None,
) -> Response:
    """A planning period: its rounds and balances, proposals, targets, parts, fulfilment."""
    return _period_page(request, sovet, member, period_id, done=done)


def _period_page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    period_id: int,
    *,
    refusal: Refused | None = None,
    done: str | None = None,
    kept: dict[str, str] | None = None,
    refused_at: str | None = None,
) -> Response:
    """A planning period; after a refused proposal or targets, that form as it was filled
    in (``kept``) with the reason beside the field ``refused_at``, or at the top if the
    form is not shown (or the act has none of its own, a button's)."""
    with sovet.db.reading() as store:
        found = read_period(store, period_id)
        workplaces = _workplaces_of(store, member)
        demanders = _demanders_of(store, member)
        planner = member is not None and _holds_seat(store, found, member)
        job = _job_to_show(store, found.period)
        councils = {council.slug: council.name for council in store.councils()}
    latest = found.latest
    balance = latest.balance if latest else None
    offered = demanders if refused_at in TARGETS.ids else workplaces
    context: dict[str, Any] = {
        "found": found,
        "period": found.period,
        "latest": latest,
        "holds": balance is not None and balance["accuracy"]["primal_residual"] <= FEASIBLE,
        "ray": plan_ray_chart(balance) if balance else None,
        "bottlenecks": _most(balance["bottlenecks"], _dearest) if balance else None,
        "binding": {b["process"]: constraint_words(b, councils) for b in balance["bottlenecks"]}
        if balance
        else {},
        "products": _most(balance["products"], _shortest) if balance else None,
        "processes": _most(balance["processes"], _fullest) if balance else None,
        "proposal_processes": PROPOSAL_PROCESSES,
        "yours": _yours(balance, workplaces) if balance else [],
        "convergence": convergence_chart(found.rounds) if found.rounds else None,
        "matrix": flow_matrix(balance) if balance and balance["flows"] else None,
        "fulfilled": fulfilment_chart(found.totals) if found.totals else None,
        "workplaces": workplaces,
        "demanders": demanders,
        "kept": kept or {},
        "planner": planner,
        "job": job,
        "refusal": refusal,
        "refused_at": refused_at if found.takes_rounds and offered else None,
        "done": DONE.get(done or ""),
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "planning_period.html", context, member=member, status=status)


def constraint_words(bottleneck: Mapping[str, Any], councils: Mapping[str, str]) -> str:
    """A binding constraint of a balance as members say it: whose capacity, for what."""
    if bottleneck["kind"] == "labour":
        return "the labour available"
    workplace = bottleneck["workplace"]
    process = bottleneck["process"].removeprefix(f"{workplace}/")
    where = f" at {councils.get(workplace, workplace)}" if workplace else ""
    return f"the capacity of {process}{where}, making {bottleneck['product']}"


TABLE_ROWS = 100
"""The most rows a table of the balance shows; the round's CSV has every one."""
PROPOSAL_PROCESSES = 12
"""The most processes of one proposal listed; its record entry has every one."""


@dataclass(frozen=True)
class Shown:
    """The rows of a balance's table shown on the page: all of them, in the record's order,
    where there are at most ``TABLE_ROWS``; else the ``TABLE_ROWS`` that matter most."""

    rows: list[Mapping[str, Any]]
    of: int

    @property
    def cut(self) -> bool:
        return len(self.rows) < self.of


def _most(
    items: Sequence[Mapping[str, Any]], weight: Callable[[Mapping[str, Any]], float]
) -> Shown:
    if len(items) <= TABLE_ROWS:
        return Shown(list(items), len(items))
    return Shown(sorted(items, key=weight, reverse=True)[:TABLE_ROWS], len(items))


def _dearest(bottleneck: Mapping[str, Any]) -> float:
    return float(bottleneck["shadow_price"])


def _shortest(product: Mapping[str, Any]) -> float:
    """The share of the product's target that is not met."""
    return float(product["shortfall"]) / product["target"] if product["target"] > 0 else 0.0


def _fullest(process: Mapping[str, Any]) -> float:
    """The share of the process's capacity that the plan uses."""
    return float(process["level"]) / process["capacity"] if process["capacity"] > 0 else 0.0


@dataclass(frozen=True)
class Yours:
    """A workplace of the member's in the last round: its processes' levels against
    capacity, each binding one with its shadow price, for the council to revise its
    proposal by."""

    slug: str
    name: str
    processes: Shown


def _yours(balance: Mapping[str, Any], workplaces: list[tuple[str, str]]) -> list[Yours]:
    binding = {
        b["process"]: b["shadow_price"] for b in balance["bottlenecks"] if b["kind"] == "capacity"
    }
    found = []
    for slug, name in workplaces:
        rows = [
            {**process, "shadow_price": binding.get(process["process"])}
            for process in balance["processes"]
            if process["workplace"] == slug
        ]
        if rows:
            found.append(Yours(slug, name, _most(rows, _fullest)))
    return found


@dataclass(frozen=True)
class JobShown:
    job: RoundJob
    state: JobState
    asked_by: str
    seconds: float


def _job_to_show(store: Store, period: PlanningPeriod) -> JobShown | None:
    """The period's round job while it runs, or where it ended without its round being
    published (interrupted, refused, failed) and no later round has been."""
    job = store.latest_round_job(period.id)
    if job is None:
        return None
    now = store.now()
    state = job.state(now)
    if state == "published" or job.round != period.next_round:
        return None
    asker = store.member(job.member_id)
    seconds = ((job.finished or now) - job.started).total_seconds()
    return JobShown(job, state, asker.name if asker else f"member {job.member_id}", seconds)


def _holds_seat(store: Store, found: PeriodRead, member: Member) -> bool:
    today = store.today()
    held = store.mandates_held_in(found.period.council_id, member.id)
    return any(mandate.active_on(today) for mandate in held)


def _act(
    request: Request,
    sovet: Sovet,
    member: Member,
    period_id: int,
    act: Callable[[Store], str],
    *,
    form: FormFields | None = None,
    kept: dict[str, str] | None = None,
) -> Response:
    """Run ``act`` and go where it leads; on refusal show the period with the reason beside
    the field of ``form`` it is about (at the top for an act with no form of its own) and
    what was ``kept``."""

    def refused(error: Refused) -> Response:
        if form is None:
            return _period_page(request, sovet, member, period_id, refusal=error)
        refusal, refused_at = form.refused(error)
        return _period_page(
            request, sovet, member, period_id, refusal=refusal, kept=kept, refused_at=refused_at
        )

    return act_then_go(sovet, act, refused)


@router.post("/planning/{period_id}/proposals", dependencies=[Depends(require_csrf)])
def propose(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    period_id: PeriodPath,
    council: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    def act(store: Store) -> str:
        file_plan_proposal(store, FilePlanProposal(period_id, council), actor=member)
        return f"/planning/{period_id}?done=proposed"

    kept = {"proposal_council": council}
    return _act(request, sovet, member, period_id, act, form=PROPOSAL, kept=kept)


@router.post("/planning/{period_id}/targets", dependencies=[Depends(require_csrf)])
def file_targets(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    period_id: PeriodPath,
    council: Annotated[str, Form(max_length=64)] = "",
    targets: Annotated[str, Form(max_length=MAX_MARKDOWN)] = "",
) -> Response:
    """A demand council's targets for the next round, replacing those it filed before."""

    def go(store: Store) -> str:
        filing = FilePlanTarget(period_id, council, targets_from_lines(targets))
        file_plan_target(store, filing, actor=member)
        return f"/planning/{period_id}?done=targets#targets"

    kept = {"targets_council": council, "targets": targets}
    return _act(request, sovet, member, period_id, go, form=TARGETS, kept=kept)


@router.post("/planning/{period_id}/rounds", dependencies=[Depends(require_csrf)])
def publish(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    period_id: PeriodPath,
    number: Annotated[int | None, Form(alias="round", ge=1)] = None,
) -> Response:
    """Ask for the next round: the engine runs in the background, and the period page
    shows how far it has come."""
    try:
        with sovet.db.transaction() as store:
            job = start_round_job(store, PublishRound(period_id, number), actor=member)
    except Refused as error:
        return _period_page(request, sovet, member, period_id, refusal=error)
    run_in_background(sovet.db, job, actor=member)
    return RedirectResponse(f"/planning/{period_id}#round-job", status_code=303)


@router.post("/planning/{period_id}/plan", dependencies=[Depends(require_csrf)])
def move_plan(
    request: Request, sovet: SovetDep, member: MemberDep, period_id: PeriodPath
) -> Response:
    def act(store: Store) -> str:
        motion = propose_plan(store, ProposePlan(period_id), actor=member)
        return f"/motions/{motion.id}"

    return _act(request, sovet, member, period_id, act)


@router.get("/planning/{period_id}/parts/{slug}")
def part_page(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    period_id: PeriodPath,
    slug: SlugPath,
) -> Response:
    """A workplace's part of the plan: its targets against its output, and its answer."""
    return _part_page(request, sovet, member, period_id, slug)


def _accepts(motion: Motion) -> bool:
    """Whether a motion answering a part accepts it (or else returns it)."""
    return any(isinstance(e, AnswerPlanPart) and e.accept for e in motion.effects)


def _part_page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    period_id: int,
    slug: str,
    *,
    refusal: Refused | None = None,
    kept: Mapping[str, str] | None = None,
    refused_at: str | None = None,
) -> Response:
    """A workplace's part of the plan; after a refused answer, its form with the reasons
    as typed and the reason beside them, or at the top if the part is answered no more."""
    with sovet.db.reading() as store:
        found = read_period(store, period_id)
        council = store.council_by_slug(slug)
        insider = (
            council is not None and member is not None and store.is_member(council.id, member.id)
        )
        now = store.now()
    part = found.part_of(council.id) if council is not None else None
    answers = []
    if council is not None and found.answers.get(council.id):
        with open_queries(sovet.db) as queries:
            agenda = queries.agenda(council.id)
        assert agenda is not None
        answers = [
            (summary, _accepts(summary.motion))
            for summary in (*agenda.voting, *agenda.scheduled, *agenda.gathering)
            if summary.motion.id in found.answers[council.id]
        ]
    if council is None or part is None:
        refusal = refusal or NotFound(f"{slug} has no part in the plan for {found.period.name}")
    rows = [row for row in found.fulfilment if council is not None and row.council_id == council.id]
    answerable = (
        insider and part is not None and part.state == "sent" and found.period.state == "adopted"
    )
    context: dict[str, Any] = {
        "found": found,
        "period": found.period,
        "council": council,
        "part": part,
        "rows": rows,
        "chart": fulfilment_chart(rows) if rows else None,
        "answers": answers,
        "now": now,
        "insider": insider,
        "refusal": refusal,
        "refused_at": refused_at if answerable else None,
        "kept": kept or {},
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "plan_part.html", context, member=member, status=status)


@router.post("/planning/{period_id}/parts/{slug}", dependencies=[Depends(require_csrf)])
def answer(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    period_id: PeriodPath,
    slug: SlugPath,
    accept: Annotated[str, Form(max_length=8)] = "",
    text: Annotated[str, Form()] = "",
) -> Response:
    """Move to accept or return the part; a refused answer comes back with the reasons as
    typed (whose length the use case checks, once line ends are made one character)."""

    def go(store: Store) -> str:
        if accept not in ("yes", "no"):
            raise Invalid("answer with “Move to accept our part” or “Move to return our part”")
        wanted = AnswerPart(period_id, slug, accept == "yes", text)
        motion = answer_plan_part(store, wanted, actor=member)
        return f"/motions/{motion.id}"

    def refused(error: Refused) -> Response:
        refusal, refused_at = PART.refused(error)
        kept = {"text": text}
        return _part_page(
            request,
            sovet,
            member,
            period_id,
            slug,
            refusal=refusal,
            kept=kept,
            refused_at=refused_at,
        )

    return act_then_go(sovet, go, refused)
