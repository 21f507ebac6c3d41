"""A workplace council records what it holds of a product, in the catalogue's unit."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.books import Quantity
from sovet.services.authority import Actor
from sovet.services.books_rules import keeping_books
from sovet.services.ports import Store


@dataclass(frozen=True)
class RecordStock:
    council: str
    product: str
    quantity: float
    unit: str


def record_stock(store: Store, request: RecordStock, *, actor: Actor) -> Quantity:
    keeper = keeping_books(store, request.council, actor)
    stock = books.stock(
        store.catalogue(), Quantity(request.product, request.quantity, request.unit)
    )
    store.append(
        "stock.recorded",
        {"council": keeper.council.id, "stock": books.quantity_to_json(stock)},
        actor=keeper.member.id,
        under=keeper.under,
    )
    return stock
