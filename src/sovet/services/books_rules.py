"""Who keeps a workplace's books, who adds to the catalogue, and who reads what.

Only the workplace council changes its books: by its own decision (a ``books`` motion,
``propose_books``), or through a member acting under their membership when its charter
lists the ``keep_books`` power among ``member_powers`` (the default). This check lives in
:func:`keeping_books` alone, so that when officers hold charter-listed powers it is the
one place to change.

The catalogue is the federation's: a product is added by a workplace council (as its
books are kept) or by a council whose charter decides ``planning`` (under a delegate's
mandate there), never by the operator.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.books import hidden_figures
from sovet.domain.charter import matter_words, power_words
from sovet.domain.errors import Forbidden, Invalid, Unauthenticated
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.ports import Store

KEEP_BOOKS = "keep_books"
PLANNING = "planning"


@dataclass(frozen=True)
class Keeper:
    """The council whose books (or catalogue) change, and who changes them, under what."""

    council: Council
    member: Member
    under: str


def workplace_named(store: Store, slug: str) -> Council:
    council = council_named(store, slug)
    if council.kind != "base":
        raise Invalid(f"{council.name} is a delegate council: only workplace councils keep books")
    return council


def keeping_books(store: Store, slug: str, actor: Actor) -> Keeper:
    """The standing under which ``actor`` changes the books of workplace ``slug``."""
    member = acting_member(store, actor)
    council = workplace_named(store, slug)
    under = standing(store, council, member)
    if KEEP_BOOKS not in council.charter.member_powers:
        raise Forbidden(
            f"the charter of {council.name} does not give its members the power to "
            f"{power_words(KEEP_BOOKS)}: its books change by its decision (propose them as a "
            "books motion)"
        )
    return Keeper(council, member, under)


def adding_products(store: Store, slug: str, actor: Actor) -> Keeper:
    """The standing under which ``actor`` adds a product for council ``slug``."""
    council = council_named(store, slug)
    if council.kind == "base":
        return keeping_books(store, slug, actor)
    member = acting_member(store, actor)
    under = standing(store, council, member)
    if PLANNING not in council.charter.decides:
        raise Forbidden(
            f"{council.name} does not decide {matter_words(PLANNING)}: products are added by "
            "workplace "
            "councils or by the council that holds the planning competence"
        )
    return Keeper(council, member, under)


def hidden_from(store: Store, council: Council, viewer: Actor | None) -> tuple[str, ...]:
    """The figures of ``council``'s books that ``viewer`` may not read: none for its
    members, those its charter keeps unpublished for any other member."""
    if viewer is None:
        raise Unauthenticated("log in first: the books are open to the federation's members")
    member = acting_member(store, viewer)
    return hidden_figures(council.charter, insider=store.is_member(council.id, member.id))
