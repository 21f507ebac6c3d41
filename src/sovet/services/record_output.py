"""A workplace council records what it actually produced and used in a period; a later
record of the same period replaces it."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.books import Flow, FlowKind, Quantity
from sovet.domain.errors import Invalid
from sovet.services.authority import Actor
from sovet.services.books_rules import keeping_books
from sovet.services.ports import Store


@dataclass(frozen=True)
class RecordOutput:
    council: str
    period: str
    output: tuple[Quantity, ...] = ()
    use: tuple[Quantity, ...] = ()


def record_output(store: Store, request: RecordOutput, *, actor: Actor) -> tuple[Flow, ...]:
    keeper = keeping_books(store, request.council, actor)
    period = books.period(request.period)
    if not request.output and not request.use:
        raise Invalid("output: record at least one figure of output or use")
    kinds: tuple[tuple[FlowKind, tuple[Quantity, ...]], ...] = (
        ("output", request.output),
        ("use", request.use),
    )
    flows = tuple(
        Flow(period, kind, item.product, item.quantity, item.unit)
        for kind, items in kinds
        for item in items
    )
    checked = books.books(store.catalogue(), books.Books(flows=flows)).flows
    store.append(
        "output.recorded",
        {
            "council": keeper.council.id,
            "period": period,
            "flows": [books.flow_to_json(flow) for flow in checked],
        },
        actor=keeper.member.id,
        under=keeper.under,
    )
    return checked
