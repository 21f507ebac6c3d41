"""Who acts in planning, and on which period.

The planning period belongs to the council whose charter decides ``planning`` (a joint
economic council, the congress): its members (delegates, under their mandates) open the
period, publish its rounds and move its plan. Workplace councils file their proposals
and answer their parts of the plan themselves: a member under their membership, with the
books-keeping power of their charter (``books_rules.keeping_books``), or by the
council's vote. No council acts in another's place.
"""

from __future__ import annotations

from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.federation import Council
from sovet.domain.planning import PLANNING_MATTER, PlanningPeriod
from sovet.services.agenda import Acting, council_with_id
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store


def period_named(store: Store, period_id: int) -> PlanningPeriod:
    period = store.planning_period(period_id)
    if period is None:
        raise NotFound(f"there is no planning period {period_id}")
    return period


def planning_member(store: Store, council: Council, actor: Actor) -> Acting:
    """The standing under which ``actor`` acts for ``council`` in planning: refused unless
    its charter decides planning."""
    member = acting_member(store, actor)
    under = standing(store, council, member)
    if PLANNING_MATTER not in council.charter.decides:
        raise Forbidden(
            f"{council.name} does not decide {PLANNING_MATTER!r}: planning periods belong to "
            "the council whose charter holds the planning competence"
        )
    return Acting(member.id, under)


def in_planning_council(
    store: Store, period: PlanningPeriod, actor: Actor
) -> tuple[Council, Acting]:
    council = council_with_id(store, period.council_id)
    return council, planning_member(store, council, actor)


def require_open(period: PlanningPeriod, doing: str) -> None:
    """Refuse ``doing`` unless the period takes proposals and rounds."""
    if period.state == "open":
        return
    why = {
        "balanced": "its last round balanced: the plan goes to a vote",
        "closed": f"its round limit of {period.round_limit} was reached",
        "adopted": "its plan was adopted",
    }[period.state]
    raise Conflict(f"{doing}: the planning period {period.name} is not open ({why})")
