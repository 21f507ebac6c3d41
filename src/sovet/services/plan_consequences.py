"""What a passed ``plan`` or ``plan_part`` motion does, called by ``agenda`` at its close.

Each returns the entries to append, or the reason the decision can no longer take
effect. The effect counts only in a motion of its own kind, in the council it concerns:
``adopt_plan`` in the planning period's council, ``answer_plan_part`` in the workplace
council whose part it is. So no council can accept a workplace's part for it. When a
workplace returned its part and a later round's plan is adopted, a workplace's part that
is the very same as the one it accepted stays accepted by that decision; every other
part is sent to its council anew (parts of a plan a referendum overturned have lapsed:
their acceptances count no more).
"""

from __future__ import annotations

from typing import Any

from sovet.domain.federation import Council
from sovet.domain.motions import AdoptPlan, AnswerPlanPart, Motion
from sovet.domain.planning import PlanPart, parts_of, quantities_from_json
from sovet.services.ports import Store

Consequences = tuple[list[tuple[str, dict[str, Any]]], str | None]


def plan_adopted(store: Store, council: Council, motion: Motion, effect: AdoptPlan) -> Consequences:
    period = store.planning_period(effect.period)
    if motion.kind != "plan" or period is None or period.council_id != council.id:
        return [], "an adopt_plan effect counts only in a plan motion of the period's council"
    if period.state != "balanced" or period.rounds != effect.round:
        return [], f"round {effect.round} of {period.name} is no longer the balanced plan"
    [published] = [r for r in store.plan_rounds(period.id) if r.number == effect.round]
    accepted = {
        part.council_id: part for part in store.plan_parts(period.id) if part.state == "accepted"
    }
    payload = {
        "period": period.id,
        "round": effect.round,
        "motion": motion.id,
        "parts": [
            _carried(part, accepted.get(part["council"])) for part in parts_of(published.balance)
        ],
    }
    return [("plan.adopted", payload)], None


def _carried(part: dict[str, Any], earlier: PlanPart | None) -> dict[str, Any]:
    """``part``, marked accepted by its workplace's decision that accepted the very same
    part (every figure equal) of the plan adopted before it: the workplace does not vote
    again on what it has consented to. A part that changed in any figure is sent anew."""
    if earlier is None or earlier.motion_id is None:
        return part
    same = (
        quantities_from_json(part["outputs"]) == earlier.outputs
        and quantities_from_json(part["inputs"]) == earlier.inputs
        and part["labour"] == earlier.labour
    )
    return part | {"accepted_by": earlier.motion_id} if same else part


def plan_part_answered(
    store: Store, council: Council, motion: Motion, effect: AnswerPlanPart
) -> Consequences:
    period = store.planning_period(effect.period)
    part = store.plan_part(effect.period, council.id)
    if motion.kind != "plan_part" or period is None or part is None:
        return [], "an answer_plan_part effect counts only in the workplace council's own motion"
    if part.state == "lapsed":
        return [], f"the plan for {period.name} was overturned by referendum: the part lapsed"
    if part.state != "sent":
        return [], f"{council.name}'s part of the plan for {period.name} was answered first"
    if period.state != "adopted":
        return [], (
            f"the plan for {period.name} is no longer adopted: a workplace returned its part first"
        )
    payload: dict[str, Any] = {"period": period.id, "council": council.id, "motion": motion.id}
    if effect.accept:
        return [("plan_part.accepted", payload)], None
    further = period.rounds < period.round_limit
    payload["period_state"] = "open" if further else "closed"
    return [("plan_part.returned", payload)], None
