"""A member of the planning council closes a round: the engine runs on every current
proposal and target, and the round's balance is published in the record whole.

The balance (``domain.planning.balance_of``) carries the plan ray, the process levels,
shortfalls and surpluses by product, labour values, the shadow prices of the binding
constraints and the solver's accuracy (residuals and gap), so that pages, the plan's
adoption and a replay read it from the record and never run the solver again. The round
balances when the plan ray reaches one (less the charter's tolerance) and its plan holds
to the engine's accuracy; rounds stop there or at the round limit. The engine computes
for at most the charter's ``planning_minutes``, then gives the plan it reached, whose
balance says it is not certified. From the second round on, the engine starts from the previous
round's plan (its technique, levels and prices), carried onto the revised proposals.

The engine can run for minutes on a large federation, and acts that write are
serialised, so it runs outside any transaction: :func:`round_inputs` checks the request
and reads the inputs (period, proposals, targets, catalogue, councils, previous round),
:func:`compute_round` runs the engine on them with no store open, then
:func:`publish_round`, in the write transaction, checks again and publishes that balance
if its inputs still stand as they were read (each proposal by its entry, so that the
heaviest input is not read again while writers wait), or computes it afresh if any
changed. Votes
and other acts go on meanwhile. :func:`publish_next_round` takes the three steps.

A round whose targets cannot be made at all (a plan ray of zero) is refused, naming the
binding constraint; so is an economy the engine refuses (a product no proposal makes,
one that cannot reproduce its inputs), naming the culprit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sovet.domain.books import Books, Product, Target
from sovet.domain.books_plan import economy_of, final_demand
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.motions import stamp
from sovet.domain.planning import (
    PlanningPeriod,
    Proposal,
    Round,
    balance_of,
    carried_plan,
    counted,
    periods_within,
)
from sovet.planning import Economy, InfeasibleTargets, plan_ray
from sovet.record.entry import Encoded
from sovet.services.agenda import Acting
from sovet.services.authority import Actor
from sovet.services.planning_rules import in_planning_council, period_named, require_open
from sovet.services.ports import Storage, Store


@dataclass(frozen=True)
class PublishRound:
    period: int
    number: int | None = None
    """The round the member means to publish (as their page showed it): refused once
    another has been published meanwhile, so that a form sent twice publishes one round.
    None: whichever is next."""


@dataclass(frozen=True)
class RoundInputs:
    """Everything a round's balance is computed from, as read by :func:`round_inputs`;
    equal inputs give an equal balance, so a balance computed on them can be published
    as long as they stand."""

    period: PlanningPeriod
    slugs: tuple[tuple[int, str], ...]
    catalogue: tuple[Product, ...]
    proposals: tuple[Proposal, ...]
    targets: tuple[Target, ...]
    previous: Round | None
    minutes: int
    """The planning council's charter's ``planning_minutes`` when the inputs were read:
    how long the engine may compute. Not an input of the balance, so not compared."""


@dataclass(frozen=True)
class ComputedRound:
    """A round's balance computed by :func:`compute_round`, with the inputs it was
    computed from. The balance's canonical text is taken with it, outside any
    transaction: at 10^4 products it is 27 MB."""

    inputs: RoundInputs
    balance: Encoded


def round_inputs(store: Store, request: PublishRound, *, actor: Actor) -> RoundInputs:
    """Check the request and read the round's inputs; writes nothing."""
    period, _, _ = check_round(store, request, actor=actor)
    return inputs_of(store, period)


def compute_round(
    inputs: RoundInputs, *, progress: Callable[[str], None] | None = None
) -> ComputedRound:
    """The round's balance: the engine on its inputs, from the previous round's plan,
    with no store open, so that no transaction waits for it. ``progress`` is told each
    stage of the work, the engine's included, as it begins."""
    say = progress or (lambda stage: None)
    period = inputs.period
    slugs = dict(inputs.slugs)
    economy, demand = round_model(inputs)
    labour = period.labour if period.labour is not None else math.inf
    previous = inputs.previous
    warm_start = carried_plan(economy, previous.balance) if previous is not None else None
    ray = plan_ray(
        economy,
        demand,
        labour=labour,
        warm_start=warm_start,
        time_limit=60.0 * inputs.minutes,
        progress=say,
    )
    _refuse_unmakeable(ray.scale, [b.describe() for b in ray.bottlenecks], ray.message)
    say("drawing up the balance")
    balance = balance_of(
        economy,
        ray,
        councils={slug: id_ for id_, slug in slugs.items()},
        tolerance=period.tolerance,
        time_limit=max(60.0 * inputs.minutes - ray.seconds, 0.0),
    )
    return ComputedRound(inputs, Encoded(balance))


def round_model(inputs: RoundInputs) -> tuple[Economy, dict[str, float]]:
    """The economy of a round's proposals and the final output its targets ask for:
    what the engine balances. Refuses a round with no demand, or with a target for a
    product no proposal makes, naming it."""
    period = inputs.period
    slugs = dict(inputs.slugs)
    economy = economy_of(
        {product.code: product for product in inputs.catalogue},
        {slugs[p.council_id]: Books(processes=p.processes) for p in inputs.proposals},
    )
    # A target of zero asks for nothing, so no proposal need make its product.
    demand = {
        product: quantity
        for product, quantity in final_demand(list(inputs.targets)).items()
        if quantity > 0
    }
    if not demand:
        raise Invalid(
            f"round {period.next_round}: no demand council has a target for it (targets "
            f"filed for {period.name}, or adopted for it or for its quarters or months, "
            "are counted)"
        )
    unmade = sorted(set(demand) - set(economy.products))
    if unmade:
        raise Invalid(
            f"the target for {unmade[0]!r}: no proposal in round {period.next_round} makes it"
        )
    return economy, demand


def publish_round(
    store: Store,
    request: PublishRound,
    *,
    actor: Actor,
    computed: ComputedRound | None = None,
    progress: Callable[[str], None] | None = None,
) -> Round:
    """Publish the next round's balance: ``computed``'s where its inputs still stand,
    else computed afresh here (``progress`` is told each stage)."""
    period, acting, filed = check_round(store, request, actor=actor)
    if computed is None or not _stand(store, computed.inputs, period, filed):
        computed = compute_round(inputs_of(store, period), progress=progress)
    balance, inputs = computed.balance, computed.inputs
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
            "proposals": sorted(p.entry for p in inputs.proposals),
            "balance": balance,
        },
        actor=acting.member,
        under=acting.under,
    )
    [published] = [r for r in store.plan_rounds(period.id) if r.number == number]
    return published


def publish_next_round(
    storage: Storage,
    request: PublishRound,
    *,
    actor: Actor,
    progress: Callable[[str], None] | None = None,
) -> Round:
    """The three steps in order: read the inputs, run the engine with no store open,
    publish in a write transaction. ``progress`` is told each stage as it begins."""
    say = progress or (lambda stage: None)
    say("reading the proposals and targets")
    with storage.reading() as store:
        inputs = round_inputs(store, request, actor=actor)
    computed = compute_round(inputs, progress=say)
    say("publishing the balance")
    with storage.transaction() as store:
        return publish_round(store, request, actor=actor, computed=computed)


def check_round(
    store: Store, request: PublishRound, *, actor: Actor
) -> tuple[PlanningPeriod, Acting, list[tuple[int, int]]]:
    """The checks of the actor, the period and its proposals that publishing the next
    round must pass; with each proposal's council and entry."""
    period = period_named(store, request.period)
    _, acting = in_planning_council(store, period, actor)
    if request.number is not None and request.number != period.next_round:
        raise Conflict(
            f"round {request.number}: the next round of {period.name} is round {period.next_round}"
        )
    require_open(store, period, f"round {period.next_round}")
    if period.rounds >= period.round_limit:
        raise Conflict(
            f"round {period.next_round}: the charter's round limit of {period.round_limit} "
            "was reached"
        )
    if period.rounds == 0 and store.now() < period.proposals_due:
        raise Conflict(
            f"round 1: proposals for {period.name} are due until {stamp(period.proposals_due)}"
        )
    filed = store.plan_proposal_entries(period.id)
    if not filed:
        raise Invalid(f"round {period.next_round}: no workplace has filed a proposal yet")
    return period, acting, filed


def inputs_of(store: Store, period: PlanningPeriod) -> RoundInputs:
    """The inputs of ``period``'s next round, as they stand in ``store``."""
    council = store.council(period.council_id)
    assert council is not None
    return RoundInputs(
        period=period,
        slugs=_slugs(store),
        catalogue=_catalogue(store),
        proposals=tuple(store.plan_proposals(period.id)),
        targets=tuple(round_targets(store, period)),
        previous=_previous(store, period),
        minutes=council.charter.planning_minutes,
    )


def _stand(
    store: Store, inputs: RoundInputs, period: PlanningPeriod, filed: list[tuple[int, int]]
) -> bool:
    """Whether ``inputs`` are still the round's. A proposal changes only by an entry, so
    its entry stands for its processes: the proposals, the heaviest of the inputs, are
    not read again in the write transaction."""
    return (
        inputs.period == period
        and [(p.council_id, p.entry) for p in inputs.proposals] == filed
        and inputs.targets == tuple(round_targets(store, period))
        and inputs.previous == _previous(store, period)
        and inputs.slugs == _slugs(store)
        and inputs.catalogue == _catalogue(store)
    )


def _slugs(store: Store) -> tuple[tuple[int, str], ...]:
    return tuple(sorted((council.id, council.slug) for council in store.councils()))


def _catalogue(store: Store) -> tuple[Product, ...]:
    return tuple(sorted(store.catalogue().values(), key=lambda product: product.code))


def _previous(store: Store, period: PlanningPeriod) -> Round | None:
    previous = [r for r in store.plan_rounds(period.id) if r.number == period.rounds]
    return previous[0] if previous else None


def round_targets(store: Store, period: PlanningPeriod) -> list[Target]:
    """The next round's demand: each council's filed targets for the period, or else the
    demand it adopted by its vote for the period or for periods within it.

    Adopted demand is counted as :func:`~sovet.domain.planning.counted` counts, per
    council, product and category: the target adopted for the plan's own period if
    there is one; else, for a yearly plan, each quarter's target, or the sum of its
    months' targets where the quarter has none; for a quarterly plan, the sum of its
    months' targets. A period and a period inside it are never added together."""
    filed = store.plan_targets(period.id)
    councils = {target.council_id for target in filed}
    targets = [Target(t.product, t.quantity, t.unit, t.category) for t in filed]
    adopted = counted(
        (
            ((t.council_id, t.category, t.product, t.unit), t.period, t.quantity)
            for name in periods_within(period.name)
            for t in store.demand_targets(name)
            if t.council_id not in councils
        ),
        period.name,
    )
    targets += [
        Target(product, quantity, unit, category)
        for (_, category, product, unit), quantity in sorted(adopted.items())
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
