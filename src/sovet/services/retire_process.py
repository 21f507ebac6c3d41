"""A workplace council retires a process it no longer uses: it leaves the books and the
plan, and stays in the record."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict, NotFound
from sovet.services.authority import Actor
from sovet.services.books_rules import keeping_books
from sovet.services.ports import Store


@dataclass(frozen=True)
class RetireProcess:
    council: str
    code: str


def retire_process(store: Store, request: RetireProcess, *, actor: Actor) -> None:
    keeper = keeping_books(store, request.council, actor)
    found = store.book_process(keeper.council.id, request.code)
    if found is None:
        raise NotFound(f"process: {keeper.council.name} has no process {request.code!r}")
    if found[1]:
        raise Conflict(f"process: {request.code!r} of {keeper.council.name} is already retired")
    store.append(
        "process.retired",
        {"council": keeper.council.id, "code": request.code},
        actor=keeper.member.id,
        under=keeper.under,
    )
