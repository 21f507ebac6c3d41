"""The open books on SQLite: each refusal names its culprit and leaves no entry and no
state; and a council whose members hold no keep_books power changes its books by vote."""

from __future__ import annotations

import pytest

from sovet.bootstrap import Sovet
from sovet.domain.books import Quantity, Target
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from sovet.services.add_product import AddProduct, add_product
from sovet.services.authority import OPERATOR
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.import_books import ImportBooks, import_books
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.propose_books import ProposeBooks, propose_books
from sovet.services.read_books import export_books, read_books
from sovet.services.record_process import record_process
from sovet.services.record_stock import RecordStock, record_stock
from sovet.services.set_demand_target import SetDemandTarget, set_demand_target

from .federation import Clock, ElectDelegates, Federation
from .open_books import Books, build_books, recording


@pytest.fixture
def federation(sqlite_sovet: Sovet, elect_delegates: ElectDelegates) -> Federation:
    return Federation(sqlite_sovet, elect_delegates)


@pytest.fixture
def books(federation: Federation) -> Books:
    return build_books(federation)


def test_a_process_naming_an_unknown_product_is_refused(
    federation: Federation, books: Books
) -> None:
    request = recording(
        books.steelworks, "blast", "steel", "t", labour=2, capacity=1, inputs=(("ore", 1, "t"),)
    )
    federation.refused(
        NotFound, lambda store: record_process(store, request, actor=books.ana), "'ore'", "'blast'"
    )


def test_a_negative_coefficient_is_refused(federation: Federation, books: Books) -> None:
    request = recording(
        books.steelworks, "blast", "steel", "t", labour=2, capacity=1, inputs=(("coal", -0.5, "t"),)
    )
    federation.refused(
        Invalid, lambda store: record_process(store, request, actor=books.ana), "coal", "negative"
    )


def test_a_figure_in_another_unit_than_the_catalogues_is_refused(
    federation: Federation, books: Books
) -> None:
    request = RecordStock("steelworks", "coal", 40_000, "kg")
    federation.refused(
        Invalid, lambda store: record_stock(store, request, actor=books.ana), "'coal' in 'kg'"
    )


def test_a_malformed_csv_line_refuses_the_whole_import(
    federation: Federation, books: Books
) -> None:
    csv_text = (
        "row,process,product,quantity,unit,period\n"
        "process,oven,bread,100,kg,\nlabour,oven,,0.2,h,\nstock,,flour,3,t,\n"
    )
    request = ImportBooks("bakery", csv_text)
    federation.refused(
        Invalid,
        lambda store: import_books(store, request, actor=books.pavel),
        "line 4:",
        "'flour'",
    )


def test_a_member_of_another_workplace_cannot_change_its_books(
    federation: Federation, books: Books
) -> None:
    request = RecordStock("steelworks", "coal", 1, "t")
    federation.refused(
        Forbidden,
        lambda store: record_stock(store, request, actor=books.vera),
        "Vera is not a member of Lenin Steelworks",
    )


def test_the_operator_changes_no_books_and_adds_no_products(
    federation: Federation, books: Books
) -> None:
    stock = RecordStock("steelworks", "coal", 1, "t")
    federation.refused(
        Forbidden, lambda store: record_stock(store, stock, actor=OPERATOR), "operator"
    )
    product = AddProduct("steelworks", "ore", "Iron ore", "t")
    federation.refused(
        Forbidden, lambda store: add_product(store, product, actor=OPERATOR), "operator"
    )


def test_a_workplace_whose_charter_lists_no_keep_books_power_changes_no_books(
    federation: Federation, books: Books
) -> None:
    kolkhoz = federation.found_base(books.lev, "kolkhoz", "Kolkhoz", {"member_powers": []})
    request = AddProduct(kolkhoz.slug, "rye", "Rye", "t")
    federation.refused(
        Forbidden,
        lambda store: add_product(store, request, actor=books.lev),
        "does not give its members the power to keep the books",
        "books motion",
    )


def test_a_product_code_is_added_once(federation: Federation, books: Books) -> None:
    request = AddProduct("pit", "steel", "More steel", "t")
    federation.refused(
        Conflict, lambda store: add_product(store, request, actor=books.vera), "'steel'"
    )


def test_a_delegate_council_without_the_planning_competence_adds_no_products(
    federation: Federation, books: Books
) -> None:
    regional = federation.found_delegate(books.ana, "donbas", "Donbas Council", books.steelworks)
    federation.elect(regional, books.steelworks, books.ana)
    request = AddProduct(regional.slug, "ore", "Iron ore", "t")
    federation.refused(
        Forbidden,
        lambda store: add_product(store, request, actor=books.ana),
        "does not decide planning:",
    )


def test_a_non_member_cannot_export_figures_the_charter_keeps_for_members(
    federation: Federation, books: Books
) -> None:
    federation.refused(
        Forbidden,
        lambda store: export_books(store, "steelworks", viewer=books.lev),
        "stocks, use",
    )
    federation.refused(
        Unauthenticated, lambda store: read_books(store, "steelworks", viewer=None), "log in"
    )


def test_a_council_whose_charter_names_no_demand_proposes_none(
    federation: Federation, books: Books
) -> None:
    request = SetDemandTarget(
        council="steelworks", period="2027", targets=(Target("bread", 1, "kg", "consumption"),)
    )
    federation.refused(
        Invalid,
        lambda store: set_demand_target(store, request, actor=books.ana),
        "proposes no demand: its charter names no kind of demand it proposes",
    )


def test_a_demand_target_in_another_unit_is_refused(federation: Federation, books: Books) -> None:
    request = SetDemandTarget(
        council="consumers", period="2027", targets=(Target("bread", 1, "t", "consumption"),)
    )
    federation.refused(
        Invalid,
        lambda store: set_demand_target(store, request, actor=books.olga),
        "'bread' in 't'",
    )


def test_stock_of_a_known_product_in_its_unit_is_recorded(
    federation: Federation, books: Books
) -> None:
    stock = federation.act(
        lambda store: record_stock(
            store, RecordStock("steelworks", "coal", 1, "t"), actor=books.ana
        )
    )
    assert stock == Quantity("coal", 1.0, "t")


def test_a_council_without_the_keep_books_power_changes_its_books_by_its_decision(
    federation: Federation, books: Books, clock: Clock
) -> None:
    kolkhoz = federation.found_base(
        books.lev, "kolkhoz", "Kolkhoz", {"member_powers": [], "agenda_period_days": 0}
    )
    csv_text = (
        "row,process,product,quantity,unit,period\n"
        "process,oven,bread,900,kg,\nlabour,oven,,0.3,h,\n"
    )
    federation.refused(
        Invalid,
        lambda store: propose_books(
            store, ProposeBooks("kolkhoz", csv_text + "stock,,rye,1,t,\n"), actor=books.lev
        ),
        "line 4:",
        "'rye'",
    )
    motion = federation.act(
        lambda store: propose_books(store, ProposeBooks("kolkhoz", csv_text), actor=books.lev)
    )
    assert motion.kind == "books"
    [vote] = federation.act(lambda store: open_vote(store, OpenVote(motion.id), actor=books.lev))
    federation.act(lambda store: cast_vote(store, CastVote(vote.id, "yes"), actor=books.lev))
    clock.advance(days=7)
    federation.act(lambda store: close_vote(store, CloseVote(vote.id), actor=books.lev))
    with federation.sovet.db.reading() as store:
        decided = store.books_of(kolkhoz.id)
    assert [(p.code, p.capacity, p.labour) for p in decided.processes] == [("oven", 900, 0.3)]
    last = federation.entries()[-1]
    assert (last.kind, last.payload["motion"]) == ("books.imported", motion.id)
