"""SQL reads of planning: periods, proposals, targets, published rounds, the plan's parts.

``PlanningStore`` is a part of ``sql.SqlStore`` (which implements ``services.ports.Store``);
pages and the API read through the same methods in a read-only transaction.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, select

from sovet.adapters import tables as t
from sovet.domain.books import Process, Quantity
from sovet.domain.motions import moment
from sovet.domain.planning import (
    PlanningPeriod,
    PlanPart,
    PlanTarget,
    Proposal,
    Round,
    quantities_from_json,
)


class PlanningStore:
    conn: Connection

    def planning_period(self, period_id: int) -> PlanningPeriod | None:
        row = self.conn.execute(
            select(t.planning_periods).where(t.planning_periods.c.id == period_id)
        ).first()
        return None if row is None else _period(row)

    def planning_periods(self, council_id: int | None = None) -> list[PlanningPeriod]:
        """Periods, the latest opened first; of one council when ``council_id`` is given."""
        query = select(t.planning_periods).order_by(t.planning_periods.c.id.desc())
        if council_id is not None:
            query = query.where(t.planning_periods.c.council_id == council_id)
        return [_period(row) for row in self.conn.execute(query)]

    def plan_proposals(self, period_id: int) -> list[Proposal]:
        proposals = t.plan_proposals.c
        query = (
            select(t.plan_proposals)
            .where(proposals.period_id == period_id)
            .order_by(proposals.council_id)
        )
        return [
            Proposal(
                period_id=row.period_id,
                council_id=row.council_id,
                round=row.round,
                processes=_processes(row.processes),
                filed_by=row.filed_by,
                entry=row.entry,
            )
            for row in self.conn.execute(query)
        ]

    def plan_proposal_entries(self, period_id: int) -> list[tuple[int, int]]:
        proposals = t.plan_proposals.c
        query = (
            select(proposals.council_id, proposals.entry)
            .where(proposals.period_id == period_id)
            .order_by(proposals.council_id)
        )
        return [(row.council_id, row.entry) for row in self.conn.execute(query)]

    def plan_targets(self, period_id: int) -> list[PlanTarget]:
        targets = t.plan_targets.c
        query = (
            select(t.plan_targets)
            .where(targets.period_id == period_id)
            .order_by(targets.council_id, targets.category, targets.product)
        )
        return [
            PlanTarget(
                row.period_id, row.council_id, row.product, row.quantity, row.unit, row.category
            )
            for row in self.conn.execute(query)
        ]

    def plan_rounds(self, period_id: int) -> list[Round]:
        rounds = t.plan_rounds.c
        query = (
            select(t.plan_rounds, t.entries.c.body)
            .join(t.entries, t.entries.c.position == rounds.entry)
            .where(rounds.period_id == period_id)
            .order_by(rounds.number)
        )
        return [
            Round(
                period_id=row.period_id,
                number=row.number,
                scale=row.scale,
                balanced=bool(row.balanced),
                shortfall=row.shortfall,
                entry_body=row.body,
                published=moment(row.published),
                entry=row.entry,
            )
            for row in self.conn.execute(query)
        ]

    def plan_parts(self, period_id: int) -> list[PlanPart]:
        parts = t.plan_parts.c
        query = select(t.plan_parts).where(parts.period_id == period_id).order_by(parts.council_id)
        return [_part(row) for row in self.conn.execute(query)]

    def plan_part(self, period_id: int, council_id: int) -> PlanPart | None:
        parts = t.plan_parts.c
        row = self.conn.execute(
            select(t.plan_parts).where(parts.period_id == period_id, parts.council_id == council_id)
        ).first()
        return None if row is None else _part(row)


def _period(row: Any) -> PlanningPeriod:
    return PlanningPeriod(
        id=row.id,
        council_id=row.council_id,
        name=row.name,
        round_limit=row.round_limit,
        tolerance=row.tolerance,
        labour=row.labour,
        proposals_due=moment(row.proposals_due),
        state=row.state,
        rounds=row.rounds,
        adopted_round=row.adopted_round,
        opened=moment(row.opened),
    )


PARSED_PROPOSALS = 64
"""The proposals whose processes are kept parsed, by their text."""


@lru_cache(maxsize=PARSED_PROPOSALS)
def _processes(text: str) -> tuple[Process, ...]:
    """A proposal's processes, parsed once for each text. A proposal is replaced, never
    changed, and its processes are frozen, so one parse serves every read: at 10^4
    products a period's proposals hold 2·10^5 inputs, and parsing them took about a
    second of every period page and of reading every round's inputs."""
    return tuple(_process(item) for item in json.loads(text))


def _process(item: dict[str, Any]) -> Process:
    return Process(
        code=item["code"],
        product=item["product"],
        unit=item["unit"],
        labour=item["labour"],
        capacity=item["capacity"],
        inputs=tuple(Quantity(i["product"], i["quantity"], i["unit"]) for i in item["inputs"]),
    )


def _part(row: Any) -> PlanPart:
    return PlanPart(
        period_id=row.period_id,
        council_id=row.council_id,
        round=row.round,
        outputs=quantities_from_json(json.loads(row.outputs)),
        inputs=quantities_from_json(json.loads(row.inputs)),
        labour=row.labour,
        state=row.state,
        motion_id=row.motion_id,
    )
