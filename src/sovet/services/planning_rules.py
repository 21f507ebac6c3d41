"""Who acts in planning, and on which period.

The planning period belongs to the council whose charter decides ``planning`` (a joint
economic council, the congress): its members (delegates, under their mandates) open the
period, publish its rounds and move its plan. Workplace councils file their proposals
and answer their parts of the plan themselves: a member under their membership, with the
books-keeping power of their charter (``books_rules.keeping_books``), or by the
council's vote. No council acts in another's place.
"""

from __future__ import annotations

from sovet.domain.charter import matter_words
from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.federation import Council
from sovet.domain.motions import UNDECIDED, AdoptPlan
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
            f"{council.name} does not decide {matter_words(PLANNING_MATTER)}: planning periods "
            "belong to "
            "the council whose charter holds the planning competence"
        )
    return Acting(member.id, under)


def in_planning_council(
    store: Store, period: PlanningPeriod, actor: Actor
) -> tuple[Council, Acting]:
    council = council_with_id(store, period.council_id)
    return council, planning_member(store, council, actor)


def plan_being_voted(store: Store, period: PlanningPeriod) -> bool:
    """Whether a motion to adopt the period's plan is still undecided."""
    return _plan_motions(store, period, UNDECIDED)


def plan_voted_down(store: Store, period: PlanningPeriod) -> bool:
    """Whether the council decided on the plan of the period's last round without adopting
    it (voted down, or passed after it could no longer take effect)."""
    return period.state == "balanced" and _plan_motions(
        store, period, ("passed", "rejected"), round_=period.rounds
    )


def _plan_motions(
    store: Store, period: PlanningPeriod, states: tuple[str, ...], *, round_: int | None = None
) -> bool:
    return any(
        isinstance(effect, AdoptPlan)
        and effect.period == period.id
        and round_ in (None, effect.round)
        for motion in store.motions_in(period.council_id, states)
        for effect in motion.effects
    )


def takes_rounds(store: Store, period: PlanningPeriod) -> bool:
    """Whether the period takes proposals, targets and rounds: while open, and, within
    the round limit, after the council voted down its balanced plan, so that the plan is
    revised in a further round."""
    if period.state == "open":
        return True
    return (
        period.rounds < period.round_limit
        and not plan_being_voted(store, period)
        and plan_voted_down(store, period)
    )


def require_open(store: Store, period: PlanningPeriod, doing: str) -> None:
    """Refuse ``doing`` unless the period takes proposals and rounds."""
    if takes_rounds(store, period):
        return
    if period.state == "balanced":
        if plan_being_voted(store, period):
            why = "its balanced plan is being voted on"
        elif plan_voted_down(store, period):
            why = (
                f"its round limit of {period.round_limit} was reached: move its plan again, "
                "or open the period anew"
            )
        else:
            why = "its last round balanced: the plan goes to a vote"
    else:
        why = {
            "closed": f"its round limit of {period.round_limit} was reached: open it anew",
            "adopted": "its plan was adopted",
        }[period.state]
    raise Conflict(f"{doing}: the planning period {period.name} is not open ({why})")
