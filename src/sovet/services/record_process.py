"""A workplace council records a process in its books: what one unit of a product takes.

The product and every input must be in the catalogue and counted in its unit; no figure
may be negative; a process that uses a whole unit or more of its own output per unit is
not productive and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import books
from sovet.domain.books import Process, Quantity
from sovet.domain.errors import Conflict
from sovet.services.authority import Actor
from sovet.services.books_rules import keeping_books
from sovet.services.ports import Store


@dataclass(frozen=True)
class RecordProcess:
    council: str
    code: str
    product: str
    unit: str
    labour: float
    """Hours of labour per unit."""
    capacity: float
    """Units per period."""
    inputs: tuple[Quantity, ...] = ()


def record_process(store: Store, request: RecordProcess, *, actor: Actor) -> Process:
    keeper = keeping_books(store, request.council, actor)
    process = checked_process(store, request)
    if store.book_process(keeper.council.id, process.code) is not None:
        raise Conflict(
            f"process: {keeper.council.name} already has a process {process.code!r}; revise it"
        )
    store.append(
        "process.recorded",
        {"council": keeper.council.id, "process": books.process_to_json(process)},
        actor=keeper.member.id,
        under=keeper.under,
    )
    return process


def checked_process(store: Store, request: RecordProcess) -> Process:
    candidate = Process(
        code=request.code,
        product=request.product,
        unit=request.unit,
        labour=request.labour,
        capacity=request.capacity,
        inputs=tuple(request.inputs),
    )
    return books.process(store.catalogue(), candidate)
