"""A member of a workplace council proposes its books as a motion: the council decides
them by its vote, and the decision puts them in place of the old books whole.

This is how a council changes its books by its own decision, whatever powers its charter
gives members (``books_rules``). The books are checked against the catalogue when the
motion is filed, naming the bad line, and again when it passes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.books_csv import from_csv
from sovet.domain.motions import BOOKS_MATTER, KeepBooks, Motion
from sovet.services.agenda import Acting, advance, lodge_motion
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.books_rules import workplace_named
from sovet.services.ports import Store


@dataclass(frozen=True)
class ProposeBooks:
    council: str
    csv_text: str
    text: str = ""
    """The reasons, as members will read them."""


def propose_books(store: Store, request: ProposeBooks, *, actor: Actor) -> Motion:
    """The books motion filed in the workplace council."""
    member = acting_member(store, actor)
    council = workplace_named(store, request.council)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    proposed = from_csv(request.csv_text, store.catalogue())
    summary = (
        f"The books of {council.name}: {len(proposed.processes)} processes, "
        f"{len(proposed.stocks)} stocks and {len(proposed.flows)} figures of output and use."
    )
    return lodge_motion(
        store,
        council,
        acting,
        kind="books",
        matter=BOOKS_MATTER,
        title=text.name(f"Books of {council.name}", "title", max_length=200),
        text=text.markdown(request.text.strip() or summary, "text"),
        effects=(KeepBooks(request.csv_text),),
    )
