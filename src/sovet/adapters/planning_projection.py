"""The projection of planning: periods, proposals, targets, rounds and the plan's parts.

Like ``projection``, each handler turns one entry into writes and reads nothing: every
value it writes is in the entry. A round's balance is written as the entry carries it;
the solver never runs again here, so a replay gives the same rows. A later proposal or
set of targets of a council for a period replaces its earlier one.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, update

from sovet.adapters import tables as t
from sovet.adapters.motion_projection import Handler, Write
from sovet.domain.planning import shortfall_share
from sovet.record.entry import Entry, canonical

INSERT_PERIOD = insert(t.planning_periods)
INSERT_PROPOSAL = insert(t.plan_proposals)
INSERT_TARGET = insert(t.plan_targets)
INSERT_ROUND = insert(t.plan_rounds)
INSERT_PART = insert(t.plan_parts)
PERIODS = t.planning_periods.c


def _period_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "council_id": p["council"],
        "name": p["name"],
        "round_limit": p["round_limit"],
        "tolerance": p["tolerance"],
        "labour": p["labour"],
        "proposals_due": p["proposals_due"],
        "state": "open",
        "rounds": 0,
        "adopted_round": None,
        "plan_motion": None,
        "opened": entry.time,
    }
    return [(INSERT_PERIOD, row)]


def _plan_proposed(entry: Entry) -> list[Write]:
    p = entry.payload
    proposals = t.plan_proposals.c
    gone = delete(t.plan_proposals).where(
        proposals.period_id == p["period"], proposals.council_id == p["council"]
    )
    row = {
        "period_id": p["period"],
        "council_id": p["council"],
        "round": p["round"],
        "processes": canonical(p["processes"]),
        "filed_by": entry.actor,
        "entry": entry.position,
    }
    return [(gone, {}), (INSERT_PROPOSAL, row)]


def _targets_filed(entry: Entry) -> list[Write]:
    p = entry.payload
    targets = t.plan_targets.c
    gone = delete(t.plan_targets).where(
        targets.period_id == p["period"], targets.council_id == p["council"]
    )
    rows: list[Write] = [
        (
            INSERT_TARGET,
            {
                "period_id": p["period"],
                "council_id": p["council"],
                "category": item["category"],
                "product": item["product"],
                "quantity": item["quantity"],
                "unit": item["unit"],
                "round": p["round"],
                "entry": entry.position,
            },
        )
        for item in p["targets"]
    ]
    return [(gone, {}), *rows]


def _round_published(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "period_id": p["period"],
        "number": p["round"],
        "scale": p["scale"],
        "balanced": p["balanced"],
        "shortfall": shortfall_share(p["balance"]),
        "published": entry.time,
        "entry": entry.position,
    }
    period = (
        update(t.planning_periods)
        .where(PERIODS.id == p["period"])
        .values(rounds=p["round"], state=p["state"])
    )
    return [(INSERT_ROUND, row), (period, {})]


def _plan_adopted(entry: Entry) -> list[Write]:
    p = entry.payload
    period = (
        update(t.planning_periods)
        .where(PERIODS.id == p["period"])
        .values(state="adopted", adopted_round=p["round"], plan_motion=p["motion"])
    )
    gone = delete(t.plan_parts).where(t.plan_parts.c.period_id == p["period"])
    parts: list[Write] = [
        (
            INSERT_PART,
            {
                "period_id": p["period"],
                "council_id": part["council"],
                "round": p["round"],
                "outputs": canonical(part["outputs"]),
                "inputs": canonical(part["inputs"]),
                "labour": part["labour"],
                "state": "accepted" if part.get("accepted_by") is not None else "sent",
                "motion_id": part.get("accepted_by"),
                "entry": entry.position,
            },
        )
        for part in p["parts"]
    ]
    return [(period, {}), (gone, {}), *parts]


def _part_answered(state: str) -> Handler:
    def handler(entry: Entry) -> list[Write]:
        p = entry.payload
        parts = t.plan_parts.c
        part = (
            update(t.plan_parts)
            .where(parts.period_id == p["period"], parts.council_id == p["council"])
            .values(state=state, motion_id=p["motion"], entry=entry.position)
        )
        writes: list[Write] = [(part, {})]
        if "period_state" in p:
            period = (
                update(t.planning_periods)
                .where(PERIODS.id == p["period"])
                .values(state=p["period_state"])
            )
            writes.append((period, {}))
        return writes

    return handler


def _plan_overturned(entry: Entry) -> list[Write]:
    """The plan is no longer adopted: the period stands balanced as when its plan is
    voted down, and the parts sent or accepted lapse, binding no workplace."""
    p = entry.payload
    period = (
        update(t.planning_periods)
        .where(PERIODS.id == p["period"])
        .values(state="balanced", adopted_round=None, plan_motion=None)
    )
    parts = t.plan_parts.c
    lapsed = (
        update(t.plan_parts)
        .where(parts.period_id == p["period"], parts.state.in_(("sent", "accepted")))
        .values(state="lapsed", entry=entry.position)
    )
    return [(period, {}), (lapsed, {})]


HANDLERS: dict[tuple[str, int], Handler] = {
    ("planning_period.opened", 1): _period_opened,
    ("plan.proposed", 1): _plan_proposed,
    ("plan.targets_filed", 1): _targets_filed,
    ("plan.round_published", 1): _round_published,
    ("plan.adopted", 1): _plan_adopted,
    ("plan_part.accepted", 1): _part_answered("accepted"),
    ("plan_part.returned", 1): _part_answered("returned"),
    ("plan.overturned", 1): _plan_overturned,
}
