"""The open books' pages: the catalogue, a workplace's books with its chart and table, the
forms that keep them, and demand targets; refused forms come back with the reason and
append nothing."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import Clock, ElectDelegates
from services.congress import seated_council, statements_and_rows
from services.federation import PASSWORD, email_of
from services.federation import Federation as Congress
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.record.checkpoint import InstanceKey
from sovet.services.add_product import AddProduct, add_product
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.open_vote import OpenVote, open_vote

from .conftest import csrf_from, log_in, page_client, record_size, refused_at_top, refused_beside
from .federation import Federation


def post(client: TestClient, page: str, action: str, data: dict[str, str]) -> str:
    token = csrf_from(client.get(page).text)
    response = client.post(action, data={"csrf": token, **data}, follow_redirects=True)
    return response.text


def test_a_bakery_keeps_its_books_through_the_pages_and_others_read_the_public_figures(
    federation: Federation, client: TestClient, sqlite_sovet: Sovet
) -> None:
    log_in(client, "anna")
    for code, name, unit in [("bread", "Rye bread", "kg"), ("flour", "Rye flour", "kg")]:
        added = post(
            client,
            "/products",
            "/products",
            {"council": "bakery", "code": code, "name": name, "unit": unit},
        )
        assert "The product was added to the catalogue" in added
    assert "Rye flour" in client.get("/products").text
    books = "/councils/bakery/books"
    recorded = post(
        client,
        books,
        f"{books}/processes",
        {
            "code": "oven",
            "product": "bread",
            "labour": "0.2",
            "capacity": "500",
            "inputs": "flour 0.7 kg",
        },
    )
    assert "The process was recorded" in recorded
    assert "0.7 kg flour" in recorded
    post(client, books, f"{books}/stocks", {"stock": "flour 120 kg"})
    shown = post(
        client,
        books,
        f"{books}/output",
        {"period": "2027-Q1", "produced": "bread 430 kg", "used": "flour 301 kg"},
    )
    assert '<span class="bar-label">bread</span>' in shown and 'class="bar-pair"' in shown
    assert "<td>430 kg</td><td>500 kg</td><td>86%</td>" in shown
    assert "Download the books as CSV" in shown
    csv_text = client.get("/api/councils/bakery/books.csv").text
    assert csv_text.splitlines()[1] == "process,oven,bread,500,kg,"
    proposed = post(client, books, f"{books}/motions", {"csv": csv_text})
    assert "puts these books (6 rows of CSV) in place of the council&#39;s books" in proposed

    size = record_size(sqlite_sovet)
    refused = client.post(
        f"{books}/stocks",
        data={"csrf": csrf_from(client.get(books).text), "stock": "flour 0.1 t"},
    )
    assert refused.status_code == 422
    reason = "stock counts 'flour' in 't', but the catalogue counts it in 'kg'"
    assert refused_beside(refused.text, "stock-line", reason) == "flour 0.1 t"
    assert record_size(sqlite_sovet) == size

    client.cookies.clear()
    assert "Log in</a> to read them" in client.get(books).text
    log_in(client, "clara")
    outside = client.get(books).text
    assert "its charter keeps stocks, use for its members" in outside
    assert "120 kg flour" not in outside
    assert "Record a process" not in outside
    assert client.get("/api/councils/bakery/books.csv").status_code == 403


@pytest.mark.parametrize(
    ("action", "sent", "field", "reason"),
    [
        (
            "processes",
            {"code": "oven", "product": "bread", "labour": "lots", "capacity": "500"},
            "process-labour",
            "Hours of labour per unit: 'lots' is not a number",
        ),
        (
            "processes",
            {
                "code": "oven",
                "product": "bread",
                "labour": "0.2",
                "capacity": "9",
                "inputs": "rye 1",
            },
            "process-inputs",
            "Inputs per unit, line 1: write product, quantity and unit",
        ),
        (
            "output",
            {"period": "2027-Q1", "produced": "", "used": ""},
            "output-produced",
            "Produced: record at least one figure of output or use",
        ),
        (
            "output",
            {"period": "spring", "produced": "bread 430 kg"},
            "output-period",
            "Period: 'spring' is not a period (a year 2027, quarter 2027-Q1 or month 2027-01)",
        ),
        (
            "import",
            {"csv": "row,process\n"},
            "books-csv",
            "line 1: the header must be row,process,product,quantity,unit,period, not row,process",
        ),
        (
            "motions",
            {"csv": "", "text": "New ovens."},
            "motion-csv",
            "line 1: the file is empty; expected the header row,process,product,quantity,unit,"
            "period",
        ),
    ],
    ids=["labour", "inputs", "no output", "period", "import", "by vote"],
)
def test_a_refused_form_of_the_books_comes_back_as_filled_in_with_the_reason_beside_its_field(
    federation: Federation,
    client: TestClient,
    sqlite_sovet: Sovet,
    action: str,
    sent: dict[str, str],
    field: str,
    reason: str,
) -> None:
    log_in(client, "anna")
    books = "/councils/bakery/books"
    post(
        client,
        "/products",
        "/products",
        {"council": "bakery", "code": "bread", "name": "Rye bread", "unit": "kg"},
    )
    size = record_size(sqlite_sovet)
    token = csrf_from(client.get(books).text)
    refused = client.post(f"{books}/{action}", data={"csrf": token, **sent})
    assert refused.status_code == 422
    named = field.rsplit("-", 1)[1]  # process-labour is the form's field named labour
    assert refused_beside(refused.text, field, reason) == sent.get(named, "")
    for value in sent.values():
        assert html.escape(value) in refused.text, "every field keeps what was typed"
    assert record_size(sqlite_sovet) == size


def test_a_refused_product_comes_back_as_filled_in_with_the_reason_beside_its_field(
    federation: Federation, client: TestClient, sqlite_sovet: Sovet
) -> None:
    log_in(client, "anna")
    bread = {"council": "bakery", "code": "bread", "name": "Rye bread", "unit": "kg"}
    post(client, "/products", "/products", bread)
    size = record_size(sqlite_sovet)
    token = csrf_from(client.get("/products").text)
    taken = client.post("/products", data={"csrf": token, **bread, "name": "Wheat bread"})
    assert taken.status_code == 409
    reason = "Code: the catalogue already has a product 'bread'"
    assert refused_beside(taken.text, "product-code", reason) == "bread"
    assert 'value="Wheat bread"' in taken.text and 'value="kg"' in taken.text
    spaced = client.post("/products", data={"csrf": token, **bread, "code": "rye", "unit": "k g"})
    assert spaced.status_code == 422
    reason = "Unit: 'k g' is not a unit (1-16 printable characters, no spaces or commas)"
    assert refused_beside(spaced.text, "product-unit", reason) == "k g"
    assert record_size(sqlite_sovet) == size


def test_retiring_a_process_the_books_do_not_have_is_refused_at_the_top(
    federation: Federation, client: TestClient, sqlite_sovet: Sovet
) -> None:
    log_in(client, "anna")
    books = "/councils/bakery/books"
    token = csrf_from(client.get(books).text)
    missing = client.post(f"{books}/processes/kiln/retire", data={"csrf": token})
    assert missing.status_code == 404
    refused_at_top(missing.text, "Mill Street Bakery has no process 'kiln'")


LONG = "rye-sourdough-bread-in-large-tins"


def test_the_chart_of_output_against_capacity_writes_a_long_product_code_whole(
    federation: Federation, client: TestClient
) -> None:
    log_in(client, "anna")
    books = "/councils/bakery/books"
    fields = {"council": "bakery", "code": LONG, "name": "Sourdough in tins", "unit": "kg"}
    post(client, "/products", "/products", fields)
    oven = {"code": "oven", "product": LONG, "labour": "0.2", "capacity": "500", "inputs": ""}
    post(client, books, f"{books}/processes", oven)
    shown = post(
        client, books, f"{books}/output", {"period": "2027-Q1", "produced": f"{LONG} 430 kg"}
    )
    chart = shown.split('<figure class="graph">')[1].split("</figure>")[0]
    assert f'<span class="bar-label">{LONG}</span>' in chart
    assert "…" not in chart
    assert 'aria-labelledby="chart-caption"' in chart
    assert "Output in 2027-Q1 (dark bars) against capacity per period" in chart


def test_a_process_is_revised_from_its_row_with_its_figures_filled_in(
    federation: Federation, client: TestClient, sqlite_sovet: Sovet
) -> None:
    """Anna's bakery doubles its oven's capacity: the row's Revise link fills the form in
    with the oven's figures, and the revision replaces them; a revision of a process the
    books do not have is refused, and writes nothing."""
    log_in(client, "anna")
    books = "/councils/bakery/books"
    for code, name in [("bread", "Rye bread"), ("flour", "Rye flour")]:
        fields = {"council": "bakery", "code": code, "name": name, "unit": "kg"}
        post(client, "/products", "/products", fields)
    oven = {"code": "oven", "product": "bread", "labour": "0.2", "capacity": "500"}
    post(client, books, f"{books}/processes", oven | {"inputs": "flour 0.7 kg"})
    listed = client.get(books).text
    assert f'href="{books}?revise=oven#process-form"' in listed
    form = client.get(f"{books}?revise=oven").text
    assert "Revise process <code>oven</code>" in form
    assert 'name="code" required maxlength="40" value="oven" readonly' in form
    assert 'value="500.0"' in form and ">flour 0.7 kg</textarea>" in form
    revised = post(
        client,
        books,
        f"{books}/processes",
        oven | {"capacity": "1000", "inputs": "flour 0.7 kg", "revising": "yes"},
    )
    assert "The process was revised" in revised
    assert "<td>1,000 kg</td>" in revised
    with sqlite_sovet.db.reading() as store:
        [entry] = store.recorded(["process.revised"])
    assert entry.payload["process"]["capacity"] == 1000

    size = record_size(sqlite_sovet)
    token = csrf_from(client.get(books).text)
    missing = client.post(
        f"{books}/processes",
        data={"csrf": token, **oven, "code": "kiln", "revising": "yes"},
    )
    assert missing.status_code == 404
    reason = "Code of the process: Mill Street Bakery has no process 'kiln'"
    assert refused_beside(missing.text, "process-code", reason) == "kiln"
    assert "Revise process <code>kiln</code>" in missing.text
    assert record_size(sqlite_sovet) == size


def test_a_council_proposes_demand_on_the_page_and_its_adopted_targets_are_listed(
    federation: Federation, client: TestClient, sqlite_sovet: Sovet, clock: Clock
) -> None:
    elena = federation.members["elena"]
    with sqlite_sovet.db.transaction() as store:
        found_base_council(
            store,
            FoundBaseCouncil(
                "tenants",
                "Canal Side Tenants",
                "Canal Side",
                charter={"proposes_demand": ["consumption"], "agenda_period_days": 0},
            ),
            actor=elena,
        )
        add_product(store, AddProduct("tenants", "heat", "Heating", "kWh"), actor=elena)
    log_in(client, "elena")
    assert "No targets adopted yet" in client.get("/demand").text
    size = record_size(sqlite_sovet)
    token = csrf_from(client.get("/demand").text)
    typed = {"council": "tenants", "period": "2027", "text": "Warm homes."}
    lots = client.post(
        "/demand", data={"csrf": token, **typed, "targets": "consumption heat lots kWh"}
    )
    assert lots.status_code == 422
    reason = "Targets, line 1: 'lots' is not a number"
    assert refused_beside(lots.text, "demand-targets", reason) == "consumption heat lots kWh"
    assert 'value="2027"' in lots.text and ">Warm homes.</textarea>" in lots.text
    when = client.post(
        "/demand",
        data={"csrf": token, **typed, "period": "someday", "targets": "consumption heat 9 kWh"},
    )
    assert when.status_code == 422
    reason = "Period: 'someday' is not a period (a year 2027, quarter 2027-Q1 or month 2027-01)"
    assert refused_beside(when.text, "demand-period", reason) == "someday"
    log_in(client, "anna")
    outside = client.post(
        "/demand",
        data={
            "csrf": csrf_from(client.get("/demand").text),
            **typed,
            "targets": "consumption heat 9 kWh",
        },
    )
    assert outside.status_code == 403
    refused_at_top(outside.text, "Anna Petrova is not a member of Canal Side Tenants")
    assert record_size(sqlite_sovet) == size
    log_in(client, "elena")
    filed = client.post(
        "/demand",
        data={
            "csrf": csrf_from(client.get("/demand").text),
            "council": "tenants",
            "period": "2027",
            "targets": "consumption heat 90000 kWh",
        },
        follow_redirects=False,
    )
    assert filed.status_code == 303
    motion = int(filed.headers["location"].rsplit("/", 1)[1])
    assert "adopts the demand targets for 2027" in client.get(f"/motions/{motion}").text
    with sqlite_sovet.db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion), actor=elena)
        cast_vote(store, CastVote(vote.id, "yes"), actor=elena)
    clock.advance(days=7)
    with sqlite_sovet.db.transaction() as store:
        close_vote(store, CloseVote(vote.id), actor=elena)
    listed = client.get("/demand").text
    assert "<td>90,000 kWh</td>" in listed
    assert f'href="/motions/{motion}"' in listed


def test_where_members_do_not_keep_the_books_alone_the_page_says_so_in_words(
    federation: Federation, client: TestClient, sqlite_sovet: Sovet
) -> None:
    with sqlite_sovet.db.transaction() as store:
        charter = {"member_powers": []}
        found_base_council(
            store,
            FoundBaseCouncil("kiosk", "News Kiosk", "Kiosk", charter),
            actor=federation.members["elena"],
        )
    log_in(client, "elena")
    page = client.get("/councils/kiosk/books").text
    assert "The charter does not give every member the power to keep the books" in page
    assert "keep_books" not in page


def test_the_demand_page_reads_alike_in_councils_of_200_seats_and_of_10(
    tmp_path: Path, clock: Clock, elect_delegates: ElectDelegates
) -> None:
    """Whether a delegate may propose demand for a council is looked up from their own
    seats, not every seat of the council: the page reads no more but a row for each
    council it names (the congress and its constituencies, more of them for more seats)."""

    def demand_page(seats: int) -> tuple[int, int]:
        home = tmp_path / f"seats-{seats}"
        home.mkdir()
        instance = bootstrap(
            Settings(home=home, database_url=f"sqlite:///{home / 'sovet.db'}"),
            clock=clock,
            key=InstanceKey.from_seed(bytes(range(32))),
        )
        try:
            congress = Congress(instance, elect_delegates)
            charter = {"proposes_demand": ["consumption"]}
            council, delegate = seated_council(congress, "congress", seats, charter)
            pages: list[str] = []
            with page_client(instance) as client:
                token = csrf_from(client.get("/login").text)
                login = {"csrf": token, "email": email_of(delegate.name), "password": PASSWORD}
                assert client.post("/login", data=login, follow_redirects=False).status_code == 303
                read = statements_and_rows(
                    congress, lambda: pages.append(client.get("/demand").text)
                )
            assert f'<option value="{council.slug}">' in pages[0]
            with instance.db.reading() as store:
                councils = len(store.councils())
            statements, rows = read
            return statements, rows - councils
        finally:
            instance.db.engine.dispose()

    assert demand_page(200) == demand_page(10)
