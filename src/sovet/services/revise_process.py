"""A workplace council revises a process in its books: its figures replace the old ones,
which stay in the record."""

from __future__ import annotations

from sovet.domain import books
from sovet.domain.books import Process
from sovet.domain.errors import Conflict, NotFound
from sovet.services.authority import Actor
from sovet.services.books_rules import keeping_books
from sovet.services.ports import Store
from sovet.services.record_process import RecordProcess, checked_process

ReviseProcess = RecordProcess


def revise_process(store: Store, request: ReviseProcess, *, actor: Actor) -> Process:
    keeper = keeping_books(store, request.council, actor)
    process = checked_process(store, request)
    found = store.book_process(keeper.council.id, process.code)
    if found is None:
        raise NotFound(f"process: {keeper.council.name} has no process {process.code!r}")
    if found[1]:
        raise Conflict(f"process: {process.code!r} of {keeper.council.name} is retired")
    store.append(
        "process.revised",
        {"council": keeper.council.id, "process": books.process_to_json(process)},
        actor=keeper.member.id,
        under=keeper.under,
    )
    return process
