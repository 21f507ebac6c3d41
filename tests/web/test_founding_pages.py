"""Founding councils from the web: a member in no council founds their workplace's, and
as its member founds a delegate council over it; each refusal comes back beside its
field with what was typed, and writes nothing."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from fastapi.testclient import TestClient
from httpx2 import Response

from sovet.bootstrap import Sovet

from .conftest import csrf_from, log_in, record_size, refused_at_top, refused_beside
from .federation import Federation

BASE = {"name": "Harbour Cooperative Café", "workplace": "Café, Pier 3", "slug": "harbour-cafe"}


def found(client: TestClient, kind: str, fields: dict[str, str]) -> Response:
    token = csrf_from(client.get("/found").text)
    return client.post(f"/found/{kind}", data={"csrf": token, **fields}, follow_redirects=False)


def test_a_member_in_no_council_founds_their_workplaces_council_then_a_delegate_council(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    log_in(client, "elena")
    assert 'href="/found"' in client.get("/").text
    page = client.get("/found").text
    assert "Your workplace's council" in page
    assert "You stand in none yet" in page
    before = record_size(sqlite_sovet)
    response = found(client, "base", BASE)
    assert response.status_code == 303
    assert response.headers["location"] == "/councils/harbour-cafe?done=founded"
    assert record_size(sqlite_sovet) == before + 2, "council.founded and member.admitted"
    council = client.get(response.headers["location"]).text
    assert "The council is founded." in council
    assert "You are a member of Harbour Cooperative Café." in council

    page = client.get("/found").text
    assert '<option value="harbour-cafe">Harbour Cooperative Café</option>' in page
    assert "It decides coordination, delegation until its charter is amended." in page
    delegate = {"name": "Harbour Food Council", "slug": "harbour-food"}
    response = found(client, "delegate", {**delegate, "constituent": "harbour-cafe", "seats": "2"})
    assert response.headers["location"] == "/councils/harbour-food?done=founded"
    with sqlite_sovet.db.reading() as store:
        food, cafe = store.council_by_slug("harbour-food"), store.council_by_slug("harbour-cafe")
        assert food is not None and cafe is not None
        assert food.kind == "delegate"
        assert store.seats_of(food.id, cafe.id) == 2


def test_a_founding_refused_comes_back_beside_its_field_and_writes_nothing(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    log_in(client, "elena")
    before = record_size(sqlite_sovet)
    taken = found(client, "base", {**BASE, "slug": "bakery"})
    assert taken.status_code == 409
    reason = "Short code: a council 'bakery' already exists"
    assert refused_beside(taken.text, "base-slug", reason) == "bakery"
    assert 'value="Café, Pier 3"' in taken.text, "what was typed is kept"
    assert 'aria-describedby="base-slug-refusal base-slug-hint"' in taken.text
    wrong = found(client, "base", {**BASE, "slug": "Harbour Café"})
    assert wrong.status_code == 422
    assert refused_beside(wrong.text, "base-slug", wrong_slug(wrong.text)) == "Harbour Café"
    alone = found(
        client, "delegate", {"name": "X", "slug": "x", "constituent": "bakery", "seats": "1"}
    )
    assert alone.status_code == 403, "Elena stands in no council, so no such form is shown"
    refused_at_top(alone.text, "Elena Sorokina is not a member of Mill Street Bakery")
    log_in(client, "anna")
    seats = found(
        client, "delegate", {"name": "X", "slug": "x", "constituent": "bakery", "seats": "many"}
    )
    assert seats.status_code == 422
    reason = "Seats it fills: a whole number from 1 to 50, not 'many'"
    assert refused_beside(seats.text, "delegate-seats", reason) == "many"
    assert 'value="X"' in seats.text
    outside = found(
        client, "delegate", {"name": "X", "slug": "x", "constituent": "tram-depot", "seats": "1"}
    )
    assert outside.status_code == 403
    reason = "Anna Petrova is not a member of North Tram Depot"
    assert refused_beside(outside.text, "delegate-constituent", reason) == ""
    assert record_size(sqlite_sovet) == before


def wrong_slug(page: str) -> str:
    """The reason a short code is refused, as the page says it."""
    found = re.search(r"Short code: [^<]*is not a short code[^<]*", page)
    assert found is not None
    return html.unescape(found.group())


def test_founding_needs_a_logged_in_member(client: TestClient, federation: Federation) -> None:
    page = client.get("/found").text
    assert 'href="/login?next=/found"' in page
    token = csrf_from(client.get("/login").text)
    response = client.post("/found/base", data={"csrf": token, **BASE})
    assert response.status_code == 401


def test_a_founder_sets_charter_rules_at_founding_and_a_bad_rule_is_refused(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    """The rules the founder changes replace the default charter's; the others stay.
    A rule typed wrong refuses the founding, with the charter's fields open again."""
    log_in(client, "elena")
    page = client.get("/found").text
    assert 'id="base-charter-quorum" name="charter-quorum" value="50"' in page
    before = record_size(sqlite_sovet)
    wrong = found(client, "base", {**BASE, "charter-quorum": "a half"})
    assert wrong.status_code == 422
    reason = "charter: Quorum (% of members or seats): 'a half' is not a number"
    assert refused_beside(wrong.text, "base-charter-quorum", reason) == "a half"
    assert "<details open>" in wrong.text
    beyond = found(client, "base", {**BASE, "charter-quorum": "150"})
    assert beyond.status_code == 422
    assert "Quorum (% of members or seats): must be between 0% and 100%, not 150%" in beyond.text
    assert record_size(sqlite_sovet) == before
    rules = {"charter-quorum": "60", "charter-offices": "secretary: admit_members"}
    response = found(client, "base", {**BASE, **rules})
    assert response.status_code == 303
    with sqlite_sovet.db.reading() as store:
        cafe = store.council_by_slug("harbour-cafe")
    assert cafe is not None
    assert cafe.charter.quorum == 0.6
    assert cafe.charter.powers_of("secretary") == ("admit_members",)
    assert cafe.charter.threshold == "simple", "a rule left alone keeps the default"


def test_a_congress_is_founded_to_vote_in_hours_and_no_vote_shorter_than_an_hour(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    """Its delegates vote within the congress's session: no days, two hours. No days and
    no hours is refused, saying a vote is open an hour at least, and writes nothing."""
    log_in(client, "anna")
    page = client.get("/found").text
    assert 'name="charter-voting_period_hours" value="0"' in page
    assert "Hours a vote is open beyond those days (0 to 23; an hour at least)" in page
    congress = {
        "name": "Port Congress",
        "slug": "port-congress",
        "constituent": "bakery",
        "seats": "1",
    }
    before = record_size(sqlite_sovet)
    none = {"charter-voting_period_days": "0", "charter-voting_period_hours": "0"}
    refused = found(client, "delegate", {**congress, **none})
    assert refused.status_code == 422
    assert "charter: a vote is open at least an hour" in refused.text
    assert record_size(sqlite_sovet) == before
    hours = {"charter-voting_period_days": "0", "charter-voting_period_hours": "2"}
    response = found(client, "delegate", {**congress, **hours})
    assert response.status_code == 303
    with sqlite_sovet.db.reading() as store:
        council = store.council_by_slug("port-congress")
    assert council is not None
    assert council.charter.voting_period == timedelta(hours=2)
    page = client.get("/councils/port-congress").text
    assert "<dt>Voting period</dt><dd>2 hours</dd>" in page
    elections = client.get("/councils/port-congress/elections").text
    assert (
        'Days of voting <span class="muted">(blank: the charter\'s 2 hours; or whole days, 1 or more)'
        in elections
    )
