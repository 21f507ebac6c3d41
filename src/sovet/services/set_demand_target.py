"""A council proposes its targets of final output for a planning period.

The councils that propose demand are those whose charter lists kinds of final output in
``proposes_demand`` (a consumer or community council: consumption; the congress: public
services and investment). The proposal is a motion of kind ``demand`` in that council,
supported, scheduled and voted like any other; when it passes, its targets are adopted
(``demand.adopted``), replacing that council's earlier targets for the period.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books, text
from sovet.domain.books import Target
from sovet.domain.errors import Invalid
from sovet.domain.motions import DEMAND_MATTER, Motion, SetDemand
from sovet.services.agenda import Acting, advance, lodge_motion
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class SetDemandTarget:
    council: str
    period: str
    targets: tuple[Target, ...]
    text: str = ""
    """The reasons, as members will read them."""


def set_demand_target(store: Store, request: SetDemandTarget, *, actor: Actor) -> Motion:
    """The demand motion filed in the council."""
    member = acting_member(store, actor)
    council = council_named(store, request.council)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    if not council.charter.proposes_demand:
        raise Invalid(
            f"{council.name} proposes no demand: its charter names no kind of demand it proposes"
        )
    period = books.period(request.period)
    targets = books.targets_from_json(
        [books.target_to_json(target) for target in request.targets], "targets"
    )
    books.check_targets(store.catalogue(), council.charter, council.name, targets)
    reasons = request.text.strip() or _summary(targets)
    return lodge_motion(
        store,
        council,
        acting,
        kind="demand",
        matter=DEMAND_MATTER,
        title=text.name(f"Demand targets for {period}", "title"),
        text=text.markdown(reasons, "text"),
        effects=(SetDemand(period, targets),),
    )


def _summary(targets: tuple[Target, ...]) -> str:
    return "\n".join(
        f"- {target.category.replace('_', ' ')}: {target.quantity:g} {target.unit} of "
        f"{target.product}"
        for target in targets
    )
