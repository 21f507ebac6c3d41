"""A demand council revises its targets for the next round of a planning period.

The councils that propose demand are those whose charter lists kinds of final output in
``proposes_demand``. A member files them under the ``keep_books`` power of the council's
charter, as a workplace's books are kept; without it, only the council's vote sets its
demand. A round uses a council's filed targets, or else the demand that
council adopted by its vote for the period (``set_demand_target``); the plan that comes of
the rounds is adopted only by votes (``propose_plan``, ``answer_plan_part``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.books import Target
from sovet.domain.charter import power_words
from sovet.domain.errors import Forbidden, Invalid
from sovet.domain.planning import PlanTarget
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.books_rules import KEEP_BOOKS
from sovet.services.planning_rules import period_named, require_open
from sovet.services.ports import Store


@dataclass(frozen=True)
class FilePlanTarget:
    period: int
    council: str
    targets: tuple[Target, ...]


def file_plan_target(store: Store, request: FilePlanTarget, *, actor: Actor) -> list[PlanTarget]:
    member = acting_member(store, actor)
    council = council_named(store, request.council)
    under = standing(store, council, member)
    if not council.charter.proposes_demand:
        raise Invalid(
            f"{council.name} proposes no demand: its charter names no kind of demand it proposes"
        )
    if KEEP_BOOKS not in council.charter.member_powers:
        raise Forbidden(
            f"the charter of {council.name} does not give its members the power to "
            f"{power_words(KEEP_BOOKS)}: its targets change by its decision (move its demand "
            "as a motion)"
        )
    period = period_named(store, request.period)
    require_open(store, period, "a target")
    targets = books.targets_from_json(
        [books.target_to_json(target) for target in request.targets], "targets"
    )
    books.check_targets(store.catalogue(), council.charter, council.name, targets)
    store.append(
        "plan.targets_filed",
        {
            "period": period.id,
            "council": council.id,
            "round": period.next_round,
            "targets": [books.target_to_json(target) for target in targets],
        },
        actor=member.id,
        under=under,
    )
    return [t for t in store.plan_targets(period.id) if t.council_id == council.id]
