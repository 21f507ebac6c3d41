"""The council that holds the planning competence opens a planning period: the call for
proposals.

The period takes its round limit and tolerance from that council's charter
(``planning_round_limit``, ``planning_tolerance``) as they stand at the call; proposals
are due ``proposal_days`` later, when the first round may be published. ``labour`` is the
hours of labour the federation can work in the period (None: not limited). A period
whose rounds are spent without a plan (closed at the round limit, or its balanced plan
voted down there) may be opened anew under the same name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from sovet.domain import books
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import stamp
from sovet.domain.planning import MAX_PROPOSAL_DAYS, PlanningPeriod
from sovet.services.authority import Actor, council_named
from sovet.services.planning_rules import (
    period_named,
    plan_being_voted,
    plan_voted_down,
    planning_member,
)
from sovet.services.ports import Store


@dataclass(frozen=True)
class OpenPlanningPeriod:
    council: str
    period: str
    proposal_days: int = 14
    labour: float | None = None


def open_planning_period(
    store: Store, request: OpenPlanningPeriod, *, actor: Actor
) -> PlanningPeriod:
    council = council_named(store, request.council)
    acting = planning_member(store, council, actor)
    name = books.period(request.period)
    if not 0 <= request.proposal_days <= MAX_PROPOSAL_DAYS:
        raise Invalid(f"proposal_days: a whole number from 0 to {MAX_PROPOSAL_DAYS}")
    labour = request.labour
    if labour is not None and not (math.isfinite(labour) and 0 < labour <= books.MAX_QUANTITY):
        raise Invalid(f"labour: {labour!r} hours must be a finite number above zero")
    for earlier in store.planning_periods(council.id):
        if earlier.name == name and _live(store, earlier):
            raise Conflict(
                f"{council.name} has already opened the planning period {name} (it is "
                f"{earlier.state}); a period is opened anew only once its rounds are spent"
            )
    due = store.now() + timedelta(days=request.proposal_days)
    entry = store.append(
        "planning_period.opened",
        {
            "council": council.id,
            "name": name,
            "round_limit": council.charter.planning_round_limit,
            "tolerance": council.charter.planning_tolerance,
            "labour": labour,
            "proposals_due": stamp(due),
        },
        actor=acting.member,
        under=acting.under,
    )
    return period_named(store, entry.position)


def _live(store: Store, period: PlanningPeriod) -> bool:
    """Whether a period can still give a plan: it takes rounds, its plan is being voted
    on, or it was adopted. A closed period, or one whose balanced plan was voted down at
    the round limit, is spent, and the same period may be opened anew."""
    if period.state in ("open", "adopted"):
        return True
    return period.state == "balanced" and (
        period.rounds < period.round_limit
        or plan_being_voted(store, period)
        or not plan_voted_down(store, period)
    )
