"""A workplace council files its proposal for the next round of a planning period: the
processes it offers to run (inputs and labour per unit, capacity), by default those of
its current books. A member files it under their membership, with the books-keeping power
of the workplace's charter; a later proposal for the period replaces it."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.errors import Invalid
from sovet.domain.planning import Proposal
from sovet.services.authority import Actor
from sovet.services.books_rules import keeping_books
from sovet.services.planning_rules import period_named, require_open
from sovet.services.ports import Store


@dataclass(frozen=True)
class FilePlanProposal:
    period: int
    council: str
    processes: tuple[books.Process, ...] | None = None
    """None: the processes of the workplace's books as they stand."""


def file_plan_proposal(store: Store, request: FilePlanProposal, *, actor: Actor) -> Proposal:
    keeper = keeping_books(store, request.council, actor)
    period = period_named(store, request.period)
    require_open(store, period, "a proposal")
    offered = request.processes
    if offered is None:
        offered = store.books_of(keeper.council.id).processes
    if not offered:
        raise Invalid(
            f"processes: {keeper.council.name} offers no process (its books have none in use)"
        )
    checked = books.books(store.catalogue(), books.Books(processes=tuple(offered))).processes
    store.append(
        "plan.proposed",
        {
            "period": period.id,
            "council": keeper.council.id,
            "round": period.next_round,
            "processes": [books.process_to_json(process) for process in checked],
        },
        actor=keeper.member.id,
        under=keeper.under,
    )
    [proposal] = [p for p in store.plan_proposals(period.id) if p.council_id == keeper.council.id]
    return proposal
