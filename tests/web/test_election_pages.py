"""The election pages: opening, standing, nominating with consent, a ranked ballot as a
plain form checked on the server, closing, and the results stage by stage."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Protocol

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.domain.elections import Election
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.election_cycle import election_named
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.stand_down import StandDown, stand_down

from .conftest import (
    REFUSED_AT_TOP,
    csrf_from,
    log_in,
    record_size,
    refused_at_top,
    refused_beside,
)
from .federation import PASSWORD, Federation


class Clock(Protocol):
    moment: datetime

    def advance(self, **delta: float) -> None: ...


def wait_until(clock: Clock, moment: datetime) -> None:
    if moment > clock.moment:
        clock.advance(seconds=(moment - clock.moment).total_seconds())


def election_at(sovet: Sovet, page: str) -> Election:
    with sovet.db.reading() as store:
        return election_named(store, int(page.rsplit("/", 1)[1]))


def post(client: TestClient, page: str, action: str, data: dict[str, str]) -> object:
    token = csrf_from(client.get(page).text)
    return client.post(action, data={"csrf": token, **data}, follow_redirects=False)


def opened(client: TestClient, sovet: Sovet) -> str:
    """Anna opens the election of the bakery's seats over the charter's periods, once
    her try to shorten its nominations is refused without a word written."""
    log_in(client, "anna")
    form = client.get("/councils/city/elections").text
    assert "Days of nominations" in form and "(the charter's 14 or more; blank: 14)" in form
    before = record_size(sovet)
    snap = post(
        client,
        "/councils/city/elections",
        "/councils/city/elections",
        {"constituency": "bakery", "nomination_days": "2", "voting_days": "9", "next_term": "yes"},
    )
    assert snap.status_code == 422  # type: ignore[attr-defined]
    refusal = snap.text  # type: ignore[attr-defined]
    reason = (
        "Days of nominations: a whole number of days from 14 (the charter's period) to 90, not 2"
    )
    assert refused_beside(refusal, "nomination-days", reason) == "2"
    assert re.search(r'<input id="voting-days" [^>]*value="9"', refusal), "every value is kept"
    assert re.search(r'<option value="bakery" selected>', refusal)
    assert re.search(r'name="next_term" value="yes" [^>]*checked>', refusal)
    assert record_size(sovet) == before
    response = post(
        client,
        "/councils/city/elections",
        "/councils/city/elections",
        {"constituency": "bakery", "nomination_days": "", "voting_days": ""},
    )
    location = response.headers["location"]  # type: ignore[attr-defined]
    assert re.fullmatch(r"/elections/\d+\?done=opened", location)
    return location.split("?")[0]


def test_an_election_runs_on_its_pages_from_nomination_to_a_chart_of_the_count(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, clock: Clock
) -> None:
    boris = federation.members["boris"]
    page = opened(client, sqlite_sovet)
    election = election_at(sqlite_sovet, page)
    post(client, page, f"{page}/nominations", {"nominee": str(federation.members["anna"].id)})
    post(client, page, f"{page}/nominations", {"nominee": str(boris.id)})
    waiting = client.get(page).text
    assert "Waiting for consent" in waiting
    assert "Boris Kuznetsov (nominated by Anna Petrova)" in waiting
    log_in(client, "boris")
    post(client, page, f"{page}/consent", {})
    before = record_size(sqlite_sovet)
    blank = post(client, page, f"{page}/statement", {"text": "  "})
    assert blank.status_code == 422  # type: ignore[attr-defined]
    reason = "Your statement: must not be empty"
    assert refused_beside(blank.text, "statement-text", reason) == "  "  # type: ignore[attr-defined]
    twice = post(client, page, f"{page}/nominations", {"nominee": str(boris.id)})
    assert twice.status_code == 409  # type: ignore[attr-defined]
    refused_at_top(twice.text, "Boris Kuznetsov is already nominated")  # type: ignore[attr-defined]
    assert record_size(sqlite_sovet) == before
    post(client, page, f"{page}/statement", {"text": "Bread *for all*."})
    published = client.get(page).text
    assert "<em>for all</em>" in published
    assert "required>Bread *for all*.</textarea>" in published, (
        "the published statement stands in the form, to edit"
    )
    wait_until(clock, election.nominations_close)

    ballot = client.get(page).text
    assert '<select id="rank-' in ballot and "Cast my ballot" in ballot
    before = record_size(sqlite_sovet)
    anna_id = federation.members["anna"].id
    gap = post(client, page, f"{page}/ballot", {f"rank-{boris.id}": "2"})
    assert gap.status_code == 422  # type: ignore[attr-defined]
    refused = gap.text  # type: ignore[attr-defined]
    form = re.search(r'<form [^>]*id="ballot-form">.*?</form>', refused, re.S)
    assert form is not None and REFUSED_AT_TOP not in refused
    assert '<fieldset aria-describedby="ranks-refusal">' in form.group()
    reason = "Your ranking: rank 1 is skipped (ranks must run 1, 2, 3, ... without a gap)"
    assert (
        f'<p class="field-refusal" id="ranks-refusal"><strong>Refused:</strong> {reason}</p>'
        in (html.unescape(form.group()))
    )
    assert re.search(r'<select id="rank-\d+" name="rank-\d+" autofocus>', form.group())
    assert '<option value="2" selected>2</option>' in form.group()
    assert record_size(sqlite_sovet) == before
    cast = post(client, page, f"{page}/ballot", {f"rank-{boris.id}": "1", f"rank-{anna_id}": "2"})
    receipt = re.search(r'<code class="hash">([\w-]+)</code>', cast.text)  # type: ignore[attr-defined]
    assert receipt is not None
    log_in(client, "anna")
    post(client, page, f"{page}/ballot", {f"rank-{anna_id}": "1"})
    wait_until(clock, election.closes)

    closed = post(client, page, f"{page}/close", {})
    assert closed.status_code == 303  # type: ignore[attr-defined]
    results = client.get(page).text
    assert (
        '<svg viewBox="0 0 640' in results and "<caption>Votes at each stage</caption>" in results
    )
    assert "elected" in results and "substitute" not in results
    assert f'<a href="/api/elections/{election.id}/ballots.blt" download>' in results
    assert f"sovet count election-{election.id}.blt --method stv --seed " in results
    checked = post(client, page, f"{page}/receipt", {"receipt": receipt.group(1)})
    assert "among those published and counted" in checked.text  # type: ignore[attr-defined]
    listing = client.get("/councils/bakery/elections").text
    assert f'href="{page}"' in listing


def electors_on(page: str) -> str:
    found = re.search(r"<dt>Electors</dt><dd>(.*?)</dd>", page)
    assert found is not None
    return html.unescape(found.group(1))


def test_an_elections_page_counts_its_electors_in_nominations_and_from_the_opening_of_voting(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, clock: Clock
) -> None:
    anna = federation.members["anna"]
    page = opened(client, sqlite_sovet)
    election = election_at(sqlite_sovet, page)
    post(client, page, f"{page}/nominations", {"nominee": str(anna.id)})
    nominating = client.get(page).text
    assert electors_on(nominating) == (
        "2 on the register as it stands; it is frozen when voting opens"
    )

    wait_until(clock, election.nominations_close)
    voting = client.get(page).text
    assert "Voting is open until" in voting
    assert electors_on(voting) == "0 of 2 have voted"
    assert election_at(sqlite_sovet, page).eligible is None, "its first act opens it"
    post(client, page, f"{page}/ballot", {f"rank-{anna.id}": "1"})
    assert electors_on(client.get(page).text) == "1 of 2 have voted"


def test_the_nomination_form_lists_members_by_name_and_nominates_nobody_unless_one_is_chosen(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    dmitri, elena = federation.members["dmitri"], federation.members["elena"]
    with sqlite_sovet.db.transaction() as store:
        aaron = register_member(
            store,
            RegisterMember(name="Aaron Zeller", email="aaron@example.org", password=PASSWORD),
        )
        for newcomer in (elena, aaron):
            admit_member(store, AdmitMember("textile", newcomer.id), actor=dmitri)
    log_in(client, "dmitri")
    response = post(
        client,
        "/councils/city/elections",
        "/councils/city/elections",
        {"constituency": "textile", "nomination_days": "", "voting_days": ""},
    )
    page = response.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    form = client.get(page).text.split('id="nominate-form"')[1].split("</form>")[0]
    names = re.findall(r'<option value="\d*">([^<]+)</option>', form)
    assert names == ["choose a member", "Aaron Zeller", "Elena Sorokina"]
    assert '<option value="" selected' not in form and " selected" not in form
    before = record_size(sqlite_sovet)
    refused = post(client, page, f"{page}/nominations", {"nominee": ""})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    reason = "Nominate another member: choose the member to nominate"
    assert refused_beside(refused.text, "nominee", reason) == ""  # type: ignore[attr-defined]
    post(client, page, f"{page}/nominations", {"nominee": str(aaron.id)})
    before = record_size(sqlite_sovet)
    twice = post(client, page, f"{page}/nominations", {"nominee": str(aaron.id)})
    assert twice.status_code == 409  # type: ignore[attr-defined]
    reason = f"Aaron Zeller is already nominated in election {page.rsplit('/', 1)[1]}"
    assert refused_beside(twice.text, "nominee", reason) == "", "he is nominated, not listed"  # type: ignore[attr-defined]
    assert record_size(sqlite_sovet) == before


def test_while_a_seat_is_vacant_the_form_opens_the_next_terms_election_when_asked(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    """Clara stands down from the depot's seat in the city council, whose by-election
    opens by itself: the form refuses a second election, beside the field, and opens the
    next term's when its box is ticked."""
    clara = federation.members["clara"]
    with sqlite_sovet.db.transaction() as store:
        city = store.council_by_slug("city")
        assert city is not None
        [seat] = [m for m in store.mandates_in(city.id) if m.member_id == clara.id]
        stand_down(store, StandDown(seat.id), actor=clara)
    log_in(client, "clara")
    form = client.get("/councils/city/elections").text
    assert "For the next term, even while a seat is vacant" in form
    before = record_size(sqlite_sovet)
    depot = {"constituency": "tram-depot", "nomination_days": "", "voting_days": ""}
    again = post(client, "/councils/city/elections", "/councils/city/elections", depot)
    assert again.status_code == 409  # type: ignore[attr-defined]
    assert "or is opened for the next term" in again.text  # type: ignore[attr-defined]
    assert record_size(sqlite_sovet) == before
    asked = post(
        client,
        "/councils/city/elections",
        "/councils/city/elections",
        {**depot, "next_term": "yes"},
    )
    election = election_at(sqlite_sovet, asked.headers["location"].split("?")[0])  # type: ignore[attr-defined]
    assert (election.by_election, election.term_starts) == (False, seat.ends)


def test_a_result_with_fewer_elected_than_seats_says_the_other_seat_stays_vacant(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, clock: Clock
) -> None:
    """Only Anna stands for the bakery's two seats in the city council."""
    page = opened(client, sqlite_sovet)
    election = election_at(sqlite_sovet, page)
    anna_id = federation.members["anna"].id
    post(client, page, f"{page}/nominations", {"nominee": str(anna_id)})
    wait_until(clock, election.nominations_close)
    post(client, page, f"{page}/ballot", {f"rank-{anna_id}": "1"})
    wait_until(clock, election.closes)
    post(client, page, f"{page}/close", {})
    results = html.unescape(client.get(page).text)
    assert "<strong>1 of 2 seats filled.</strong>" in results
    assert (
        "1 seat of Mill Street Bakery stays vacant, and Mill Street Bakery's next election "
        "for City Workers' Council is its by-election, for the rest of the term."
    ) in results


def test_ties_broken_by_lot_say_whom_the_lot_excluded(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, clock: Clock
) -> None:
    """Dmitri, Elena and Aaron stand for the textile works' one seat and each ranks only
    themselves: every exclusion is a tie the lot breaks."""
    dmitri, elena = federation.members["dmitri"], federation.members["elena"]
    with sqlite_sovet.db.transaction() as store:
        aaron = register_member(
            store, RegisterMember(name="Aaron Zeller", email="aaron@example.org", password=PASSWORD)
        )
        for newcomer in (elena, aaron):
            admit_member(store, AdmitMember("textile", newcomer.id), actor=dmitri)
    log_in(client, "dmitri")
    textile = {"constituency": "textile", "nomination_days": "", "voting_days": ""}
    response = post(client, "/councils/city/elections", "/councils/city/elections", textile)
    page = response.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    election = election_at(sqlite_sovet, page)
    standing = {"dmitri": dmitri, "elena": elena, "aaron": aaron}
    for who, member in standing.items():
        log_in(client, who)
        post(client, page, f"{page}/nominations", {"nominee": str(member.id)})
    wait_until(clock, election.nominations_close)
    for who, member in standing.items():
        log_in(client, who)
        post(client, page, f"{page}/ballot", {f"rank-{member.id}": "1"})
    wait_until(clock, election.closes)
    post(client, page, f"{page}/close", {})
    results = html.unescape(client.get(page).text)
    name = "(Dmitri Orlov|Elena Sorokina|Aaron Zeller)"
    ties = rf"<p>Ties broken: at stage 2, {name} excluded by lot; at stage 3, {name} excluded by lot\.</p>"
    assert re.search(ties, results), results.split("Votes at each stage")[-1][:2000]


def test_an_election_nobody_stood_in_offers_no_ballot_and_publishes_none(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, clock: Clock
) -> None:
    page = opened(client, sqlite_sovet)
    election = election_at(sqlite_sovet, page)
    assert "Nobody stands yet." in client.get(page).text
    wait_until(clock, election.nominations_close)
    past = client.get(page).text
    assert "Nobody stood, so no vote is held: the election lapses." in past
    assert "Cast my ballot" not in past and "Published ballots" not in past
    wait_until(clock, election.closes)
    post(client, page, f"{page}/close", {})
    assert election_at(sqlite_sovet, page).phase == "lapsed"
    client.post("/logout", data={"csrf": csrf_from(client.get(page).text)})
    lapsed = client.get(page).text
    assert '<a href="/login' in lapsed, "logged out"
    assert "no vote was held" in lapsed and "Published ballots" not in lapsed
    assert "to nominate, stand or vote" not in lapsed and "to vote" not in lapsed
    blt = client.get(f"/api/elections/{election.id}/ballots.blt")
    assert blt.status_code == 409
    assert (
        blt.json()["error"] == f"election {election.id} lapsed: nobody stood, so no vote was held"
    )


def test_a_workplaces_elections_page_leads_its_members_to_open_its_delegates_elections(
    client: TestClient, federation: Federation
) -> None:
    assert "Elect Mill Street Bakery" not in client.get("/councils/bakery/elections").text
    log_in(client, "anna")
    page = html.unescape(client.get("/councils/bakery/elections").text)
    assert "Elect Mill Street Bakery's delegates" in page
    assert (
        '<a href="/councils/city/elections#open-election">Open the election of Mill Street '
        "Bakery's seats in City Workers' Council</a>"
    ) in page
    assert '<a href="/councils/food-union/elections#open-election">' in page
    log_in(client, "dmitri")
    assert "Elect Mill Street Bakery" not in client.get("/councils/bakery/elections").text
