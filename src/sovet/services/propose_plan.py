"""A member of the planning council moves the balanced plan for adoption: a motion of
kind ``plan`` whose ``adopt_plan`` effect names the period and its published round.

The motion is supported, scheduled and voted like any other. When it passes, the plan is
adopted and each workplace's part of it is sent to that workplace's council
(``plan_consequences.plan_adopted``), which accepts or returns it by its own vote.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict
from sovet.domain.motions import AdoptPlan, Motion
from sovet.domain.planning import PLANNING_MATTER
from sovet.services.agenda import advance, lodge_motion
from sovet.services.authority import Actor
from sovet.services.planning_rules import in_planning_council, period_named
from sovet.services.ports import Store


@dataclass(frozen=True)
class ProposePlan:
    period: int
    text: str = ""
    """The reasons, as members will read them."""


def propose_plan(store: Store, request: ProposePlan, *, actor: Actor) -> Motion:
    period = period_named(store, request.period)
    council, acting = in_planning_council(store, period, actor)
    advance(store, council, acting)
    period = period_named(store, request.period)
    if period.state != "balanced":
        raise Conflict(
            f"the plan for {period.name} cannot be moved: its last round has not balanced "
            f"(the period is {period.state})"
        )
    reasons = request.text.strip() or (
        f"Adopt the plan for {period.name} as balanced in round {period.rounds}; each "
        "workplace's part goes to its council for its vote."
    )
    return lodge_motion(
        store,
        council,
        acting,
        kind="plan",
        matter=PLANNING_MATTER,
        title=text.name(f"Plan for {period.name} (round {period.rounds})", "title"),
        text=text.markdown(reasons, "text"),
        effects=(AdoptPlan(period.id, period.rounds),),
    )
