"""A workplace council imports its books from CSV (``books_csv``): they replace its books
whole, or, when any line is bad, nothing changes and the refusal names the line."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.books import Books
from sovet.domain.books_csv import from_csv
from sovet.services.authority import Actor
from sovet.services.books_rules import keeping_books
from sovet.services.ports import Store


@dataclass(frozen=True)
class ImportBooks:
    council: str
    csv_text: str


def import_books(store: Store, request: ImportBooks, *, actor: Actor) -> Books:
    keeper = keeping_books(store, request.council, actor)
    imported = from_csv(request.csv_text, store.catalogue())
    store.append(
        "books.imported",
        {"council": keeper.council.id, "books": books.books_to_json(imported), "motion": None},
        actor=keeper.member.id,
        under=keeper.under,
    )
    return imported
