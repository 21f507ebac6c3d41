"""A member of the planning council closes a round: the engine runs on every current
proposal and target, and the round's balance is published in the record whole.

The balance (``domain.planning.balance_of``) carries the plan ray, the process levels,
shortfalls and surpluses by product, labour values, the shadow prices of the binding
constraints and the solver's accuracy (residuals and gap), so that pages, the plan's
adoption and a replay read it from the record and never run the solver again. The round
balances when the plan ray reaches one (less the charter's tolerance); rounds stop there
or at the round limit. From the second round on, the engine starts from the previous
round's plan (its technique, levels and prices), carried onto the revised proposals.

A round whose targets cannot be made at all (a plan ray of zero) is refused, naming the
binding constraint; so is an economy the engine refuses (a product no proposal makes,
one that cannot reproduce its inputs), naming the culprit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sovet.domain.books import Books, Target
from sovet.domain.books_plan import economy_of, final_demand
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import stamp
from sovet.domain.planning import PlanningPeriod, Round, balance_of, carried_plan
from sovet.planning import InfeasibleTargets, plan_ray
from sovet.services.authority import Actor
from sovet.services.planning_rules import in_planning_council, period_named, require_open
from sovet.services.ports import Store


@dataclass(frozen=True)
class PublishRound:
    period: int


def publish_round(
    store: Store,
    request: PublishRound,
    *,
    actor: Actor,
    progress: Callable[[str], None] | None = None,
) -> Round:
    """Publish the next round's balance; ``progress`` is told each stage of the work, the
    engine's included, as it begins."""
    say = progress or (lambda stage: None)
    period = period_named(store, request.period)
    _, acting = in_planning_council(store, period, actor)
    require_open(period, f"round {period.next_round}")
    if period.rounds >= period.round_limit:
        raise Conflict(
            f"round {period.next_round}: the charter's round limit of {period.round_limit} "
            "was reached"
        )
    if period.rounds == 0 and store.now() < period.proposals_due:
        raise Conflict(
            f"round 1: proposals for {period.name} are due until {stamp(period.proposals_due)}"
        )
    say("reading the proposals and targets")
    slugs = {council.id: council.slug for council in store.councils()}
    proposals = store.plan_proposals(period.id)
    if not proposals:
        raise Invalid(f"round {period.next_round}: no workplace has filed a proposal yet")
    economy = economy_of(
        store.catalogue(),
        {slugs[p.council_id]: Books(processes=p.processes) for p in proposals},
    )
    demand = final_demand(round_targets(store, period))
    if not any(quantity > 0 for quantity in demand.values()):
        raise Invalid(f"round {period.next_round}: no demand council has a target for it")
    unmade = sorted(set(demand) - set(economy.products))
    if unmade:
        raise Invalid(
            f"the target for {unmade[0]!r}: no proposal in round {period.next_round} makes it"
        )
    labour = period.labour if period.labour is not None else math.inf
    previous = [r for r in store.plan_rounds(period.id) if r.number == period.rounds]
    warm_start = carried_plan(economy, previous[0].balance) if previous else None
    ray = plan_ray(economy, demand, labour=labour, warm_start=warm_start, progress=say)
    _refuse_unmakeable(ray.scale, [b.describe() for b in ray.bottlenecks], ray.message)
    say("publishing the balance")
    balance = balance_of(
        economy,
        ray,
        councils={slug: id_ for id_, slug in slugs.items()},
        tolerance=period.tolerance,
    )
    number = period.next_round
    state = "balanced" if balance["balanced"] else "open"
    if state == "open" and number >= period.round_limit:
        state = "closed"
    store.append(
        "plan.round_published",
        {
            "period": period.id,
            "round": number,
            "scale": balance["scale"],
            "balanced": balance["balanced"],
            "state": state,
            "proposals": sorted(p.entry for p in proposals),
            "balance": balance,
        },
        actor=acting.member,
        under=acting.under,
    )
    [published] = [r for r in store.plan_rounds(period.id) if r.number == number]
    return published


def round_targets(store: Store, period: PlanningPeriod) -> list[Target]:
    """The next round's demand: each council's filed targets for the period, or else the
    demand it adopted for the period by its vote."""
    filed = store.plan_targets(period.id)
    councils = {target.council_id for target in filed}
    targets = [Target(t.product, t.quantity, t.unit, t.category) for t in filed]
    targets += [
        Target(t.product, t.quantity, t.unit, t.category)
        for t in store.demand_targets(period.name)
        if t.council_id not in councils
    ]
    return targets


def _refuse_unmakeable(scale: float, binding: list[str], message: str) -> None:
    if scale > 1e-9:
        return
    named = binding[0] if binding else "the balances"
    raise InfeasibleTargets(
        f"the targets cannot be met at all: {named} binds, and none of the target mix can "
        f"be made ({message})",
        culprit=named,
    )
