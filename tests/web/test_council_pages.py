"""The councils list, a council's page, and the acts a member does there."""

from __future__ import annotations

import html
import re
from dataclasses import fields

from fastapi.testclient import TestClient
from markupsafe import escape

from sovet.bootstrap import Sovet
from sovet.domain.charter import PLANNING_RULES, RULE_WORDS, Charter, value_words
from sovet.domain.entrenched import RULES
from sovet.figures import duration
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.nominate import Nominate, nominate

from .conftest import csrf_from, log_in, record_size, refused_beside
from .federation import PEOPLE, Federation


def test_the_councils_list_names_every_council_by_kind(
    client: TestClient, federation: Federation
) -> None:
    page = client.get("/councils")
    assert page.status_code == 200
    for name in ("Mill Street Bakery", "North Tram Depot", "City Workers&#39; Council"):
        assert name in page.text
    assert "Delegate councils (3)" in page.text
    assert "Base councils (3)" in page.text


def test_a_base_council_page_shows_its_workplace_members_charter_and_the_entrenched_rules(
    client: TestClient, federation: Federation
) -> None:
    page = client.get("/councils/bakery")
    assert page.status_code == 200
    text = page.text
    assert "Bakery, 4 Mill Street" in text
    assert "Members (2)" in text
    assert f'href="/members/{federation.members["boris"].id}"' in text
    assert "Quorum</dt><dd>50% of members" in text
    assert "Powers of every member</dt><dd>keep the books</dd>" in text
    assert "keep_books" not in text
    assert "Offices</dt><dd>none</dd>" in text
    assert (
        "Kinds of matter it decides</dt><dd>membership, workplace organisation, books, "
        "delegation</dd>"
    ) in text
    assert "workplace_organisation" not in text
    assert "2 per member" in text
    for rule in RULES:
        assert escape(rule.text) in text
    assert "City Workers&#39; Council" in text  # the councils it sits in
    assert "Log in</a> to act in this council" in text
    assert '<a href="/api/councils/bakery/calendar.ics" aria-describedby="calendar-hint">' in text


CHARTER_SECTION = re.compile(r'<section aria-labelledby="charter">(.*?)</section>', re.S)


def charter_shown(page: str) -> dict[str, str]:
    """The rules a council page's charter section shows: each heading with its value."""
    [section] = CHARTER_SECTION.findall(page)
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", html.unescape(section)))


def test_a_council_page_shows_every_rule_of_its_charter_in_words(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    """Every rule the charter holds, a new one too; those for planning where it plans, and
    the voting period as one length of time."""
    with sqlite_sovet.db.reading() as store:
        bakery = store.council_by_slug("bakery")
    assert bakery is not None
    values = bakery.charter.to_json()
    shown = charter_shown(client.get("/councils/bakery").text)
    for rule in fields(Charter):
        words = RULE_WORDS[rule.name].removeprefix("the ")
        heading = words[0].upper() + words[1:]
        if rule.name in PLANNING_RULES:
            assert heading not in shown, "the bakery does not decide planning"
        elif rule.name == "voting_period_hours":
            assert heading not in shown, "the voting period shows its days and hours together"
        elif rule.name == "voting_period_days":
            assert shown[heading] == duration(bakery.charter.voting_period)
        else:
            assert shown[heading].startswith(value_words(rule.name, values[rule.name])), rule
    assert shown["Agenda period"] == "14 days"
    assert shown["Signatures that open a recall vote"] == "20% of the constituency"
    assert shown["Term limit"] == "3 terms in this council"
    assert shown["Kinds of demand it proposes"] == "none"
    assert not any("_" in value for value in shown.values())


LINK_GROUP = re.compile(
    r'<(nav|section) class="link-group" aria-labelledby="([a-z-]+)">\s*'
    r'<h2 class="link-group-head" id="\2">([^<]+)</h2>(.*?)</\1>',
    re.S,
)


def test_a_council_pages_links_stand_in_groups_headed_by_what_each_is_for(
    client: TestClient, federation: Federation
) -> None:
    text = client.get("/councils/bakery").text
    groups = {head: body for _, _, head, body in LINK_GROUP.findall(text)}
    assert list(groups) == ["Pages of this council", "Calendar subscription", "On this page"]
    assert re.findall(r'<a href="([^"]+)">', groups["Pages of this council"]) == [
        "/councils/bakery/agenda",
        "/councils/bakery/decisions",
        "/councils/bakery/elections",
        "/councils/bakery/mandates",
        "/councils/bakery/recalls",
        "/factions?council=bakery",
        "/councils/bakery/books",
    ]
    calendar = groups["Calendar subscription"]
    assert (
        '<a href="/api/councils/bakery/calendar.ics" aria-describedby="calendar-hint">'
        "Calendar of votes and elections</a>"
    ) in calendar
    assert '<p class="hint" id="calendar-hint">Add this link\'s address to your' in html.unescape(
        calendar
    )
    assert re.findall(r'<a href="#([a-z]+)">', groups["On this page"]) == [
        "members",
        "links",
        "charter",
        "entrenched",
        "acts",
    ]
    assert "calendar" not in groups["On this page"] + groups["Pages of this council"]


def test_a_delegate_council_page_shows_its_seats_holders_and_terms(
    client: TestClient, federation: Federation
) -> None:
    text = client.get("/councils/city").text
    seats = re.findall(r"<tr>\s*<td><a href=\"/councils/([a-z-]+)\">.*?</tr>", text, re.S)
    assert seats == ["bakery", "bakery", "tram-depot", "textile"]
    assert "4 of 4 held" not in text
    assert "3 of 4 held" in text
    assert PEOPLE["anna"] in text
    assert PEOPLE["clara"] in text
    assert "vacant" in text
    assert (
        '<time datetime="2026-05-22">2026-05-22</time> to '
        '<time datetime="2027-05-22">2027-05-22</time>'
    ) in text
    assert "Congress of Councils" in text


def test_a_council_with_hundreds_of_members_shows_them_a_hundred_at_a_time(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    rows = "".join(f"Worker {n:03},worker{n}@example.org\n" for n in range(250))
    with sqlite_sovet.db.transaction() as store:
        import_members(
            store,
            ImportMembers("textile", "name,email\n" + rows),
            actor=federation.members["dmitri"],
        )
    first = client.get("/councils/textile").text
    assert "Members (251)" in first
    assert "Page 1 of 3." in first
    assert first.count('<li><a href="/members/') == 100
    last = client.get("/councils/textile?page=3").text
    assert last.count('<li><a href="/members/') == 51
    assert "More members" not in last


def test_a_member_admits_a_registered_member_from_the_council_page(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    log_in(client, "dmitri")
    page = client.get("/councils/textile")
    assert "Admit a member" in page.text
    before = record_size(sqlite_sovet)
    elena = federation.members["elena"].id
    response = client.post(
        "/councils/textile/admit", data={"csrf": csrf_from(page.text), "member": elena}
    )
    assert response.status_code == 200
    assert "The member was admitted" in response.text
    assert "Members (2)" in response.text
    assert PEOPLE["elena"] in response.text
    assert record_size(sqlite_sovet) == before + 1


def test_a_refused_admission_or_join_keeps_what_was_typed_its_reason_beside_the_field(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    log_in(client, "dmitri")
    page = client.get("/councils/textile")
    before = record_size(sqlite_sovet)
    response = client.post(
        "/councils/textile/admit", data={"csrf": csrf_from(page.text), "member": 999}
    )
    assert response.status_code == 404
    reason = "Member number: there is no member 999"
    assert refused_beside(response.text, "admit-member", reason) == "999"
    log_in(client, "clara")
    page = client.get("/councils/tram-depot")
    response = client.post(
        "/councils/tram-depot/join",
        data={"csrf": csrf_from(page.text), "council": "food-union", "seats": 0},
    )
    assert response.status_code == 422
    reason = "Seats: a whole number from 1 to 50, not 0"
    assert refused_beside(response.text, "join-seats", reason) == "0"
    assert '<option value="food-union" selected>' in response.text
    assert record_size(sqlite_sovet) == before


def test_admitting_into_a_council_one_does_not_belong_to_is_refused_with_403_and_no_entry(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    log_in(client, "clara")
    token = csrf_from(client.get("/councils/bakery").text)
    before = record_size(sqlite_sovet)
    elena = federation.members["elena"].id
    response = client.post("/councils/bakery/admit", data={"csrf": token, "member": elena})
    assert response.status_code == 403
    assert "Clara Weiss is not a member of Mill Street Bakery" in response.text
    assert "nothing was written to the record" in response.text
    assert record_size(sqlite_sovet) == before


def test_the_acts_need_a_logged_in_member(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    token = csrf_from(client.get("/login").text)
    before = record_size(sqlite_sovet)
    response = client.post(
        "/councils/bakery/admit",
        data={"csrf": token, "member": 4},
        headers={"referer": "http://testserver/councils/bakery"},
    )
    assert response.status_code == 401
    assert "log in first" in response.text
    assert 'href="/login?next=/councils/bakery"' in response.text
    assert record_size(sqlite_sovet) == before


def test_a_form_value_that_is_not_a_number_is_refused_with_422(
    client: TestClient, federation: Federation
) -> None:
    log_in(client, "anna")
    token = csrf_from(client.get("/councils/bakery").text)
    response = client.post("/councils/bakery/admit", data={"csrf": token, "member": "Elena"})
    assert response.status_code == 422
    assert "member" in response.text
    assert "valid integer" in response.text


def test_a_join_that_would_make_the_federation_a_cycle_is_refused_naming_the_cycle(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    log_in(client, "anna")
    page = client.get("/councils/congress")
    assert "Join a delegate council" in page.text
    before = record_size(sqlite_sovet)
    response = client.post(
        "/councils/congress/join",
        data={"csrf": csrf_from(page.text), "council": "city", "seats": 1},
    )
    assert response.status_code == 409
    assert "joining would make the federation a cycle" in response.text
    assert record_size(sqlite_sovet) == before


def test_a_base_council_asks_from_its_page_to_join_a_delegate_council_whose_delegates_sit(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    log_in(client, "clara")
    page = client.get("/councils/tram-depot")
    before = record_size(sqlite_sovet)
    response = client.post(
        "/councils/tram-depot/join",
        data={"csrf": csrf_from(page.text), "council": "food-union", "seats": 2},
    )
    assert response.status_code == 200
    assert "The request to join is in the public record. It awaits the decision" in response.text
    assert "awaits the decision of Food Workers&#39; Union Council" in response.text
    assert record_size(sqlite_sovet) == before + 1
    union = client.get("/councils/food-union").text
    assert "North Tram Depot</a>: 2 seats" not in union
    assert re.search(
        r'<h3>Asked to join</h3>.*<a href="/councils/tram-depot">North Tram Depot</a> '
        r"\(<code>tram-depot</code>\): asked for 2 seats",
        union,
        re.DOTALL,
    )


def test_a_delegate_files_from_the_form_to_admit_a_council_that_asked_to_join(
    client: TestClient, federation: Federation
) -> None:
    log_in(client, "clara")
    page = client.get("/councils/tram-depot")
    client.post(
        "/councils/tram-depot/join",
        data={"csrf": csrf_from(page.text), "council": "food-union", "seats": 2},
    )
    log_in(client, "boris")
    form = client.get("/councils/food-union/motions/new")
    assert '<option value="tram-depot">North Tram Depot (asked for 2 seats)</option>' in form.text
    assert "Its kind of matter is delegation." in form.text
    response = client.post(
        "/councils/food-union/motions",
        data={
            "csrf": csrf_from(form.text),
            "title": "Admit the tram depot",
            "text": "The depot asked to join.",
            "kind": "resolution",
            "matter": "delegation",
            "admit": "tram-depot",
            "admit_seats": "2",
            "action": "file",
        },
    )
    assert response.status_code == 200
    assert (
        "It admits tram-depot, at its own request, as a constituent of this council with "
        "2 seats, for its delegates to fill."
    ) in response.text
    refused = client.post(
        "/councils/food-union/motions",
        data={
            "csrf": csrf_from(form.text),
            "title": "Admit the bakery",
            "text": "Nobody asked.",
            "kind": "resolution",
            "matter": "delegation",
            "admit": "textile",
            "admit_seats": "1",
            "action": "file",
        },
    )
    assert refused.status_code == 409
    assert "Red Thread Textile Works has not asked to join Food Workers" in refused.text


def test_a_constituency_elects_its_delegate_from_the_council_page_and_the_seat_shows_them(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    """The textile works' seat was never filled: the city council's page offers its member
    the election of its delegates, which opens there; once counted, the seat is held."""
    log_in(client, "dmitri")
    page = client.get("/councils/city")
    assert "Elect delegates" in page.text
    assert "Red Thread Textile Works (1 seat, 1 empty)" in page.text
    assert '<a href="/councils/city/elections">elect delegates</a>' in page.text
    response = client.post(
        "/councils/city/elections",
        data={"csrf": csrf_from(page.text), "constituency": "textile"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    election = int(response.headers["location"].split("/")[2].split("?")[0])
    dmitri = federation.members["dmitri"]
    with sqlite_sovet.db.transaction() as store:
        nominate(store, Nominate(election, dmitri.id), actor=dmitri)
    federation.clock.advance(days=14)
    with sqlite_sovet.db.transaction() as store:
        cast_ranked_ballot(store, CastRankedBallot(election, (dmitri.id,)), actor=dmitri)
    federation.clock.advance(days=7)
    with sqlite_sovet.db.transaction() as store:
        close_election(store, CloseElection(election), actor=dmitri)
    page = client.get("/councils/city")
    assert "4 of 4 held" in page.text
    assert re.search(
        r'<a href="/councils/textile">Red Thread Textile Works</a>, seat 1</td>\s*'
        rf'<td><a href="/members/{dmitri.id}">Dmitri Orlov</a>',
        page.text,
    )


def test_no_member_names_a_delegate_from_the_council_page(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    """The audit's move: Dmitri puts himself in the textile works' empty seat. The page
    has no form for it and the server no route; the seat stays empty."""
    log_in(client, "dmitri")
    page = client.get("/councils/city")
    assert "founding-delegate" not in page.text
    before = record_size(sqlite_sovet)
    response = client.post(
        "/councils/city/founding-delegate",
        data={
            "csrf": csrf_from(page.text),
            "constituency": "textile",
            "seat": 1,
            "delegate": federation.members["dmitri"].id,
        },
    )
    assert response.status_code in (404, 405)
    assert record_size(sqlite_sovet) == before
    assert "3 of 4 held" in client.get("/councils/city").text


def test_a_member_without_standing_sees_no_forms_on_a_council_page(
    client: TestClient, federation: Federation
) -> None:
    log_in(client, "elena")
    text = client.get("/councils/bakery").text
    assert "Admit a member" not in text
    assert "You can act in Mill Street Bakery only as one of its members" in text


def test_an_unknown_council_is_a_404_page_that_names_it(client: TestClient) -> None:
    response = client.get("/councils/no-such-council")
    assert response.status_code == 404
    assert "there is no council &#39;no-such-council&#39;" in response.text
    assert "<h1>Not found</h1>" in response.text
