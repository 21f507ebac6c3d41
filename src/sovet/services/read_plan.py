"""Reading a planning period: its rounds and balances, proposals, targets, the adopted
plan's parts and their fulfilment. Reading changes nothing and records nothing.

Fulfilment sets each accepted part's output targets against the output its workplace
recorded in its books (``record_output``) for the period or any month or quarter within
it, per workplace, per product and for the whole federation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.federation import Council
from sovet.domain.motions import UNDECIDED, AnswerPlanPart
from sovet.domain.planning import (
    Fulfilment,
    PlanningPeriod,
    PlanPart,
    PlanTarget,
    Proposal,
    Round,
    fulfilment,
    totals,
    within,
)
from sovet.services.planning_rules import period_named, plan_being_voted, takes_rounds
from sovet.services.ports import Store


@dataclass(frozen=True)
class PeriodRead:
    period: PlanningPeriod
    councils: dict[int, Council]
    rounds: list[Round]
    proposals: list[Proposal]
    targets: list[PlanTarget]
    parts: list[PlanPart]
    fulfilment: list[Fulfilment]
    totals: list[Fulfilment]
    answers: dict[int, list[int]]
    """For each workplace whose part is still sent, the motions of its council that answer
    the part and are not decided yet."""
    takes_rounds: bool
    """Whether the period takes proposals and rounds (``planning_rules.takes_rounds``)."""
    plan_voted: bool
    """Whether a motion to adopt the period's plan is undecided."""

    @property
    def council(self) -> Council:
        return self.councils[self.period.council_id]

    @property
    def latest(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    def part_of(self, council_id: int) -> PlanPart | None:
        return next((part for part in self.parts if part.council_id == council_id), None)


def read_period(store: Store, period_id: int) -> PeriodRead:
    period = period_named(store, period_id)
    parts = store.plan_parts(period.id)
    accepted = [part.council_id for part in parts if part.state == "accepted"]
    recorded = {
        council: [
            (flow.period, flow.product, flow.quantity, flow.unit)
            for flow in kept.flows
            if flow.kind == "output" and within(flow.period, period.name)
        ]
        for council, kept in store.all_books(accepted).items()
    }
    rows = fulfilment(parts, recorded)
    return PeriodRead(
        period=period,
        councils={council.id: council for council in store.councils()},
        rounds=store.plan_rounds(period.id),
        proposals=store.plan_proposals(period.id),
        targets=store.plan_targets(period.id),
        parts=parts,
        fulfilment=rows,
        totals=totals(rows),
        answers={
            part.council_id: _answers(store, period.id, part.council_id)
            for part in parts
            if part.state == "sent"
        },
        takes_rounds=takes_rounds(store, period),
        plan_voted=plan_being_voted(store, period),
    )


def _answers(store: Store, period_id: int, council_id: int) -> list[int]:
    return [
        motion.id
        for motion in store.motions_in(council_id, UNDECIDED)
        if any(
            isinstance(effect, AnswerPlanPart) and effect.period == period_id
            for effect in motion.effects
        )
    ]
