"""A member reads a workplace's books: all of them as a member of the workplace, the
figures its charter makes public otherwise. Reading changes nothing and records nothing.

The record is public, so every figure recorded is readable in its entry by anyone who
reads the record; what the charter keeps from other members is their presentation in
the books' pages, API and export (see docs/architecture.md, "Open books").
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.books import Product, ShownBooks
from sovet.domain.books_csv import to_csv
from sovet.domain.books_plan import economy_of
from sovet.domain.errors import Forbidden
from sovet.domain.federation import Council
from sovet.planning import Economy
from sovet.services.authority import Actor
from sovet.services.books_rules import hidden_from, workplace_named
from sovet.services.ports import Store


@dataclass(frozen=True)
class BooksRead:
    council: Council
    books: ShownBooks
    catalogue: dict[str, Product]


def read_books(store: Store, slug: str, *, viewer: Actor | None) -> BooksRead:
    council = workplace_named(store, slug)
    hidden = hidden_from(store, council, viewer)
    return BooksRead(council, books.shown(store.books_of(council.id), hidden), store.catalogue())


def export_books(store: Store, slug: str, *, viewer: Actor | None) -> str:
    """The whole books as CSV, for whoever may read every figure of them."""
    council = workplace_named(store, slug)
    hidden = hidden_from(store, council, viewer)
    if hidden:
        raise Forbidden(
            f"the export holds every figure of {council.name}'s books; its charter keeps "
            f"{', '.join(hidden)} for its members"
        )
    return to_csv(store.books_of(council.id))


def federation_economy(store: Store) -> Economy:
    """The planning engine's economy from the books of every workplace, each process coded
    ``<workplace slug>/<process>``; the engine refuses it, naming the culprit, when a
    product is used that no workplace makes."""
    slugs = {council.id: council.slug for council in store.councils()}
    kept = {slugs[council]: books for council, books in store.all_books().items()}
    return economy_of(store.catalogue(), kept)
