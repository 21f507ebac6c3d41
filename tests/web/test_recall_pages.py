"""The recall, mandates and indicators pages: opening and signing a petition through
their forms, a refusal shown with its reason and nothing written, and what anyone reads."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import event

from conftest import ElectOfficer, delegates_elected_on
from sovet.bootstrap import Sovet
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.stand_down import StandDown, stand_down

from .conftest import csrf_from, log_in, record_size, refused_at_top, refused_beside
from .federation import Federation


def annas_city_seat(sovet: Sovet, federation: Federation) -> int:
    anna = federation.members["anna"]
    with sovet.db.reading() as store:
        city = store.council_by_slug("city")
        assert city is not None
        [seat] = [m for m in store.mandates_in(city.id) if m.member_id == anna.id]
    return seat.id


def test_a_member_opens_a_recall_petition_and_a_second_signature_is_refused(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    seat = annas_city_seat(sqlite_sovet, federation)
    log_in(client, "boris")
    page = client.get("/councils/bakery/recalls")
    assert "Anna Petrova, seat 1 of Mill Street Bakery in City Workers&#39; Council" in page.text
    opened = client.post(
        "/councils/bakery/recalls",
        data={"csrf": csrf_from(page.text), "mandate": str(seat), "reasons": "She ignores us."},
    )
    assert opened.status_code == 200
    assert "The recall petition is open, with your signature." in opened.text
    assert "1 of 1 signatures" in opened.text and "the recall vote opens at" in opened.text
    petition = opened.text.split('id="petition-')[1].split('"')[0]

    size = record_size(sqlite_sovet)
    again = client.post(
        f"/recall-petitions/{petition}/signatures", data={"csrf": csrf_from(opened.text)}
    )
    assert again.status_code == 409
    refused_at_top(again.text, "Boris Kuznetsov has already signed the petition")
    assert record_size(sqlite_sovet) == size
    motion = client.get(f"/motions/{petition}").text
    assert "Propose an amendment" not in motion, "a recall is voted as petitioned"

    with sqlite_sovet.db.transaction() as store:
        stand_down(store, StandDown(seat), actor=federation.members["anna"])
    recalls = client.get("/councils/bakery/recalls").text
    assert "lapsed: the mandate ended before the recall was decided" in recalls
    assert ": stood down)." in recalls and "stood_down" not in recalls
    anna = client.get(f"/members/{federation.members['anna'].id}").text
    assert "(stood down)" in anna and "stood_down" not in anna
    assert "Sign this petition" not in recalls
    lapsed = client.get(f"/motions/{petition}").text
    assert "It lapsed undecided: the mandate it would recall ended first." in lapsed


def test_a_refused_petition_comes_back_as_filled_in_with_the_reason_beside_its_field(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    seat = annas_city_seat(sqlite_sovet, federation)
    log_in(client, "boris")
    token = csrf_from(client.get("/councils/bakery/recalls").text)
    before = record_size(sqlite_sovet)
    blank = client.post(
        "/councils/bakery/recalls", data={"csrf": token, "mandate": str(seat), "reasons": "  "}
    )
    assert blank.status_code == 422
    assert refused_beside(blank.text, "recall-reasons", "Reasons: must not be empty") == "  "
    assert f'<option value="{seat}" selected>' in blank.text
    assert "reasons:" not in blank.text, "no internal name of a field"
    assert record_size(sqlite_sovet) == before
    petition = open_petition(client, seat)
    before = record_size(sqlite_sovet)
    again = client.post(
        "/councils/bakery/recalls",
        data={"csrf": token, "mandate": str(seat), "reasons": "Still ignores us."},
    )
    assert again.status_code == 409
    reason = (
        "a petition to recall Anna Petrova from seat 1 of Mill Street Bakery in City Workers' "
        f"Council is open already: sign motion {petition}"
    )
    assert refused_beside(again.text, "recall-mandate", reason) == str(seat)
    assert ">Still ignores us.</textarea>" in again.text
    assert record_size(sqlite_sovet) == before


def open_petition(client: TestClient, seat: int) -> str:
    """Open a recall petition on ``seat`` through the form; the petition's motion id."""
    page = client.get("/councils/bakery/recalls")
    opened = client.post(
        "/councils/bakery/recalls",
        data={"csrf": csrf_from(page.text), "mandate": str(seat), "reasons": "She ignores us."},
    )
    assert opened.status_code == 200, opened.text
    return opened.text.split('id="petition-')[1].split('"')[0]


def test_a_recall_petitions_page_states_the_charters_recall_threshold(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    log_in(client, "boris")
    petition = open_petition(client, annas_city_seat(sqlite_sovet, federation))
    support = client.get(f"/motions/{petition}").text.split('id="support"')[1]
    assert "put it on the agenda (20% of the members)" in support
    assert "10%" not in support, "the ordinary motions' support threshold"


def test_a_recall_petitions_page_offers_no_request_for_the_secret_ballot_it_has_anyway(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    log_in(client, "boris")
    petition = open_petition(client, annas_city_seat(sqlite_sovet, federation))
    log_in(client, "anna")
    page = client.get(f"/motions/{petition}").text
    assert f'action="/motions/{petition}/secret-ballot"' not in page
    assert "Its vote is secret without asking: the motion is about a person." in page


def test_the_mandates_and_indicators_pages_show_who_holds_what(
    client: TestClient, federation: Federation
) -> None:
    mandates = client.get("/councils/city/mandates")
    assert mandates.status_code == 200
    assert "Anna Petrova" in mandates.text and "No seat or office is waiting" in mandates.text
    indicators = client.get("/indicators")
    assert indicators.status_code == 200
    assert "at the cap: 2 of 2 concurrent mandates" in indicators.text


def test_the_mandates_page_lists_a_seat_its_election_left_unfilled(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    clara = federation.members["clara"]
    request = FoundDelegateCouncil(
        slug="transport", name="Transport Council", constituent="tram-depot", seats=2
    )
    with sqlite_sovet.db.transaction() as store:
        found_delegate_council(store, request, actor=clara)
    elect = delegates_elected_on(federation.clock)
    [seat] = elect(sqlite_sovet, "transport", "tram-depot", [clara], [clara])
    page = client.get("/councils/transport/mandates").text
    assert (
        "Seat 2 of North Tram Depot in Transport Council, vacant since "
        f"{seat.starts.isoformat()}, when its election filled fewer seats than there are; "
        f"its term ends {seat.ends.isoformat()}."
    ) in page


def test_a_members_page_lists_the_offices_they_hold(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, elect_officer: ElectOfficer
) -> None:
    elena = federation.members["elena"]
    with sqlite_sovet.db.transaction() as store:
        charter = {"offices": {"secretary": ["moderate"]}}
        found_base_council(
            store, FoundBaseCouncil("kiosk", "News Kiosk", "Kiosk", charter), actor=elena
        )
    elect_officer(sqlite_sovet, "kiosk", "secretary", elena, (elena,))
    page = client.get(f"/members/{elena.id}")
    assert page.status_code == 200
    assert "the office of secretary of News Kiosk" in page.text


def test_the_mandates_page_offers_an_offices_election_and_nobody_fills_an_office_by_a_form(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    elena = federation.members["elena"]
    with sqlite_sovet.db.transaction() as store:
        charter = {"offices": {"secretary": ["moderate"]}}
        found_base_council(
            store, FoundBaseCouncil("kiosk", "News Kiosk", "Kiosk", charter), actor=elena
        )
    log_in(client, "elena")
    page = client.get("/councils/kiosk/mandates")
    assert "Fill the office" not in page.text
    assert 'action="/councils/kiosk/offices"' not in page.text
    assert "filled by election by News Kiosk itself, the first time too" in page.text
    form = page.text.split('<form method="post" action="/councils/kiosk/elections"')[1]
    assert '<input type="hidden" name="constituency" value="kiosk">' in form
    assert "Open the election of the office" in form.split("</form>")[0]

    size = record_size(sqlite_sovet)
    filled = client.post(
        "/councils/kiosk/offices",
        data={"csrf": csrf_from(page.text), "office": "secretary", "officer": str(elena.id)},
    )
    assert filled.status_code in (404, 405)
    assert record_size(sqlite_sovet) == size

    opened = client.post(
        "/councils/kiosk/elections",
        data={"csrf": csrf_from(page.text), "constituency": "kiosk", "office": "secretary"},
    )
    assert opened.status_code == 200
    assert "<h1>News Kiosk: the office of secretary</h1>" in opened.text
    mandates = client.get("/councils/kiosk/mandates").text
    assert "Table of officers" not in mandates, "opening the election fills nothing"


MANDATE_PAGES = (
    "/councils/tram-depot/recalls",
    "/councils/city/recalls",
    "/councils/city/mandates",
    "/api/councils/city/mandates",
)
"""The tram depot recalls the delegates it seats; the city council lists its seats and
what is vacant."""


def queries_of(sovet: Sovet, client: TestClient, path: str) -> int:
    """How many SQL statements the instance runs to answer ``GET path``."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(sovet.db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(sovet.db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_mandate_pages_take_as_many_queries_for_many_mandates_as_for_few(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    boris, clara, dmitri = (federation.members[w] for w in ("boris", "clara", "dmitri"))
    log_in(client, "clara")
    few = {path: queries_of(sqlite_sovet, client, path) for path in MANDATE_PAGES}

    elect = delegates_elected_on(federation.clock)
    elect(sqlite_sovet, "city", "textile", [dmitri], [dmitri])
    request = FoundDelegateCouncil(
        slug="transport", name="Transport Council", constituent="tram-depot"
    )
    with sqlite_sovet.db.transaction() as store:
        found_delegate_council(store, request, actor=clara)
    elect(sqlite_sovet, "transport", "tram-depot", [clara], [clara])
    with sqlite_sovet.db.reading() as store:
        city = store.council_by_slug("city")
        assert city is not None
        [boris_seat] = [m for m in store.mandates_in(city.id) if m.member_id == boris.id]
    with sqlite_sovet.db.transaction() as store:
        stand_down(store, StandDown(boris_seat.id), actor=boris)

    log_in(client, "clara")  # again: the elections' weeks outlasted the session
    recalls = client.get("/councils/tram-depot/recalls").text
    assert "Clara Weiss, seat 1 of North Tram Depot in Transport Council" in recalls
    mandates = client.get("/api/councils/city/mandates").json()
    assert (len(mandates["seats"]), len(mandates["vacancies"])) == (4, 1), "more of each"
    many = {path: queries_of(sqlite_sovet, client, path) for path in MANDATE_PAGES}
    assert many == few
