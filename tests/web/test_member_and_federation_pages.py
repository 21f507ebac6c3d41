"""Home, a member's page, and the federation drawn as a graph."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet

from .conftest import csrf_from, log_in, page_client, record_size, refused_beside
from .federation import COUNCILS, PASSWORD, Federation


def test_home_shows_a_visitor_the_federation_at_a_glance_and_a_way_to_log_in(
    client: TestClient, federation: Federation
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "The federation at a glance" in page.text
    assert "<strong>3</strong> base councils with 4 memberships" in page.text
    assert "<strong>3</strong> delegate councils with 5 of 7 seats filled" in page.text
    assert "<strong>3</strong> layers" in page.text
    assert 'href="/login"' in page.text


def test_home_shows_a_member_without_a_council_how_to_be_admitted(
    client: TestClient, federation: Federation
) -> None:
    log_in(client, "elena")
    page = client.get("/")
    assert "You are not a member of any council yet" in page.text
    assert f"your member number is {federation.members['elena'].id}" in page.text


def test_a_member_page_shows_councils_and_mandates_but_never_contact_details(
    client: TestClient, federation: Federation
) -> None:
    anna = federation.members["anna"]
    page = client.get(f"/members/{anna.id}")
    assert page.status_code == 200
    assert "<h1>Anna Petrova" in page.text
    assert "Mill Street Bakery" in page.text
    assert page.text.count('<span class="tag tag-active">active</span>') == 2
    assert "@" not in page.text
    log_in(client, "anna")
    own = client.get(f"/members/{anna.id}").text
    assert set(re.findall(r"[\w.+-]+@[\w.-]+", own)) == {Federation.email("anna")}, (
        "her own address, to her alone"
    )
    assert "@" not in client.get(f"/members/{federation.members['boris'].id}").text


def test_a_member_turns_their_e_mail_notices_off_on_their_own_page_and_nobody_else_can(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    anna, boris = federation.members["anna"], federation.members["boris"]
    log_in(client, "anna")
    own = client.get(f"/members/{anna.id}").text
    assert "You get an e-mail when something you can act in opens" in own
    turned = client.post(
        f"/members/{anna.id}/notices",
        data={"csrf": csrf_from(own), "wanted": "no"},
        follow_redirects=False,
    )
    assert turned.status_code == 303
    assert turned.headers["location"] == f"/members/{anna.id}?done=notices-off#notices"
    page = client.get(turned.headers["location"]).text
    assert "You get no e-mail notices." in page and "Send me e-mail notices" in page
    others = client.get(f"/members/{boris.id}").text
    assert 'id="notices"' not in others
    size = record_size(sqlite_sovet)
    refused = client.post(
        f"/members/{boris.id}/notices", data={"csrf": csrf_from(own), "wanted": "no"}
    )
    assert refused.status_code == 403
    assert "Anna Petrova can set only their own notices" in refused.text
    with sqlite_sovet.db.reading() as store:
        accounts = store.account(anna.id), store.account(boris.id)
    assert [account.notices for account in accounts if account] == [False, True]
    assert record_size(sqlite_sovet) == size, "a private setting writes nothing to the record"


def test_a_member_changes_their_password_and_is_logged_out_everywhere_else(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    anna = federation.members["anna"]
    with page_client(sqlite_sovet) as phone:
        log_in(phone, "anna")
        log_in(client, "anna")
        own = client.get(f"/members/{anna.id}").text
        assert "You are also logged in elsewhere: 1 browser session and 0 API tokens" in own
        size = record_size(sqlite_sovet)
        changed = client.post(
            f"/members/{anna.id}/password",
            data={"csrf": csrf_from(own), "current": PASSWORD, "new": "bread and roses too"},
            follow_redirects=False,
        )
        assert changed.status_code == 303
        assert changed.headers["location"] == f"/members/{anna.id}?done=password#password"
        page = client.get(changed.headers["location"]).text
        assert "Your password is changed. Every other session and token of yours ended." in page
        assert "You are logged in nowhere else." in page
        assert "Log out everywhere else" not in page
        assert 'href="/login"' in phone.get("/").text, "the phone is logged out"
        assert record_size(sqlite_sovet) == size, "a private matter: nothing in the record"
    token = csrf_from(client.get("/login").text)
    old = {"csrf": token, "email": Federation.email("anna"), "password": PASSWORD}
    assert client.post("/login", data=old).status_code == 401
    new = {**old, "password": "bread and roses too"}
    assert client.post("/login", data=new, follow_redirects=False).status_code == 303


def test_a_member_logs_out_everywhere_else_from_their_page(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    anna = federation.members["anna"]
    with page_client(sqlite_sovet) as phone, page_client(sqlite_sovet) as laptop:
        log_in(phone, "anna")
        log_in(laptop, "anna")
        log_in(client, "anna")
        own = client.get(f"/members/{anna.id}").text
        assert "2 browser sessions and 0 API tokens" in own
        ended = client.post(f"/members/{anna.id}/sessions/others", data={"csrf": csrf_from(own)})
        assert ended.status_code == 200
        assert "You are logged out everywhere else." in ended.text
        assert 'href="/login"' in phone.get("/").text
        assert 'href="/login"' in laptop.get("/").text
        assert "My councils" in client.get("/").text


def test_a_password_change_refused_says_why_and_changes_nothing(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    anna, boris = federation.members["anna"], federation.members["boris"]
    with page_client(sqlite_sovet) as phone:
        log_in(phone, "anna")
        log_in(client, "anna")
        own = client.get(f"/members/{anna.id}").text
        token = csrf_from(own)
        wrong = {"csrf": token, "current": "not-her-password", "new": "bread and roses too"}
        refused = client.post(f"/members/{anna.id}/password", data=wrong)
        assert refused.status_code == 403
        reason = "Current password: that is not your password"
        assert refused_beside(refused.text, "current-password", reason) == ""
        assert "not-her-password" not in refused.text and "bread and roses" not in refused.text
        short = {"csrf": token, "current": PASSWORD, "new": "bread"}
        refused = client.post(f"/members/{anna.id}/password", data=short)
        assert refused.status_code == 422
        reason = "New password: must be 10 to 200 characters"
        assert refused_beside(refused.text, "new-password", reason) == ""
        assert 'aria-describedby="new-password-refusal new-password-hint"' in refused.text
        theirs = {"csrf": token, "current": PASSWORD, "new": "bread and roses too"}
        refused = client.post(f"/members/{boris.id}/password", data=theirs)
        assert refused.status_code == 403
        assert "Anna Petrova can change only their own password and sessions" in refused.text
        refused = client.post(f"/members/{boris.id}/sessions/others", data={"csrf": token})
        assert refused.status_code == 403
        assert 'id="password"' not in client.get(f"/members/{boris.id}").text
        assert "My councils" in phone.get("/").text, "no session ended"
    log_in(client, "anna")


def test_a_member_stands_down_and_leaves_from_their_own_page_and_nobody_else_can(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    anna, boris = federation.members["anna"], federation.members["boris"]
    log_in(client, "anna")
    own = client.get(f"/members/{anna.id}").text
    seats = re.findall(r'action="/mandates/(\d+)/standing-down"', own)
    assert len(seats) == 2 and "Leave Mill Street Bakery" in own
    with sqlite_sovet.db.reading() as store:
        [congress] = [m for m in store.mandates_of_member(anna.id) if m.via_mandate_id]
    city = next(seat for seat in seats if seat != str(congress.id))
    stood = client.post(
        f"/mandates/{congress.id}/standing-down",
        data={"csrf": csrf_from(own)},
        follow_redirects=False,
    )
    assert stood.status_code == 303
    assert stood.headers["location"] == f"/members/{anna.id}?done=stood-down#leaving"
    page = client.get(stood.headers["location"]).text
    assert "You stood down. The record shows it." in page
    assert re.findall(r'action="/mandates/(\d+)/standing-down"', page) == [city]
    with sqlite_sovet.db.reading() as store:
        theirs = [m.id for m in store.mandates_of_member(boris.id) if m.ended_on is None]
    size = record_size(sqlite_sovet)
    refused = client.post(f"/mandates/{theirs[0]}/standing-down", data={"csrf": csrf_from(own)})
    assert refused.status_code == 403
    assert "Anna Petrova can stand down only from their own seat or office" in refused.text
    assert record_size(sqlite_sovet) == size
    left = client.post("/councils/bakery/leaving", data={"csrf": csrf_from(own)})
    assert left.status_code == 200
    assert "You left the council. The record shows it." in left.text
    assert "Leave Mill Street Bakery" not in left.text
    assert "/standing-down" not in left.text, "the city seat she held for the bakery ended"
    assert 'id="leaving"' not in client.get(f"/members/{boris.id}").text


def test_an_unknown_member_is_a_404_page(client: TestClient) -> None:
    response = client.get("/members/12345")
    assert response.status_code == 404
    assert "there is no member 12345" in response.text


def test_the_federation_page_draws_a_linked_node_per_council_and_an_edge_per_seat_link(
    client: TestClient, federation: Federation
) -> None:
    page = client.get("/federation")
    assert page.status_code == 200
    svg = re.search(r"<svg .*?</svg>", page.text, re.S)
    assert svg is not None
    nodes = re.findall(r'<a href="/councils/([a-z-]+)" class="graph-node', svg.group(0))
    assert sorted(nodes) == sorted(COUNCILS)
    assert svg.group(0).count('class="graph-edge"') == 6
    assert re.search(r"<text [^>]*>2</text>", svg.group(0))
    listed = re.search(r'<ul class="federation-list">.*?</ul>', page.text, re.S)
    assert listed is not None
    assert listed.group(0).index("Congress of Councils") < listed.group(0).index("North Tram")


def test_every_page_forbids_external_resources_through_its_content_security_policy(
    client: TestClient, federation: Federation
) -> None:
    for path in ("/", "/councils/city", "/federation", "/record", "/record/0", "/login"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy


def test_a_page_with_a_form_token_is_never_stored_by_a_cache(client: TestClient) -> None:
    assert client.get("/login").headers["cache-control"] == "private, no-store"
    assert "cache-control" not in client.get("/federation").headers


def test_an_unknown_address_gets_a_page_and_an_unknown_api_path_gets_json(
    client: TestClient,
) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "there is no such page" in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404
    assert api.json() == {"error": "there is no such page"}
    wrong_method = client.delete("/councils")
    assert wrong_method.status_code == 405
    assert "this page does not take that request" in wrong_method.text
