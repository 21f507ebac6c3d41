"""A council adds a product to the federation's catalogue: a code, a name, a unit.

Codes are unique and never change, so every figure that names a product keeps its
meaning. See ``books_rules`` for who may add one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.books import Product
from sovet.domain.errors import Conflict
from sovet.services.authority import Actor
from sovet.services.books_rules import adding_products
from sovet.services.ports import Store


@dataclass(frozen=True)
class AddProduct:
    council: str
    code: str
    name: str
    unit: str


def add_product(store: Store, request: AddProduct, *, actor: Actor) -> Product:
    keeper = adding_products(store, request.council, actor)
    product = books.product(request.code, request.name, request.unit)
    if store.product(product.code) is not None:
        raise Conflict(f"code: the catalogue already has a product {product.code!r}")
    store.append(
        "product.added",
        {
            "council": keeper.council.id,
            "code": product.code,
            "name": product.name,
            "unit": product.unit,
        },
        actor=keeper.member.id,
        under=keeper.under,
    )
    return product
