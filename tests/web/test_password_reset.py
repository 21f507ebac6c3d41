"""A member who forgot her password asks for a link at her own address (a real SMTP
server), sets a new password with it, and is logged out everywhere else; the link works
once and for an hour, and asking says nothing of who is registered."""

from __future__ import annotations

import re

import httpx2
import pytest
from fastapi.testclient import TestClient

from conftest import INBOX_SITE, Clock, Inbox
from sovet.api.throttle import Throttle
from sovet.bootstrap import Sovet

from .conftest import csrf_from, log_in, page_client, record_size
from .federation import PASSWORD, Federation

NEW = "bread and roses too"
LINK = re.compile(re.escape(INBOX_SITE) + r"/password/reset#code=([\w-]+)")


def ask(client: TestClient, email: str) -> str:
    form = client.get("/password/forgotten").text
    asked = client.post("/password/forgotten", data={"csrf": csrf_from(form), "email": email})
    assert asked.status_code == 200, asked.text
    return asked.text


def code_in(inbox: Inbox) -> str:
    """The code of the link in the one message sent."""
    [(_, message)] = inbox.messages
    text = message.get_payload(decode=True).decode()
    found = LINK.search(text)
    assert found is not None, text
    return found.group(1)


def set_password(client: TestClient, code: str, password: str = NEW) -> httpx2.Response:
    """The form the link opens, sent with the link's code (as ``static/reset-code.js``
    puts it there)."""
    form = client.get("/password/reset").text
    assert 'id="code"' in form
    return client.post(
        "/password/reset",
        data={"csrf": csrf_from(form), "code": code, "password": password},
        follow_redirects=False,
    )


@pytest.fixture
def client(inbox: Inbox, sqlite_sovet: Sovet) -> TestClient:
    """A client of an app made once the instance sends e-mail (``inbox``)."""
    with page_client(sqlite_sovet) as test_client:
        return test_client


def test_a_forgotten_password_is_set_anew_through_the_link_sent_to_her_alone(
    inbox: Inbox, client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    with page_client(sqlite_sovet) as phone:
        log_in(phone, "anna")
        assert 'href="/password/forgotten"' in client.get("/login").text
        size = record_size(sqlite_sovet)
        said = ask(client, Federation.email("anna"))
        assert "a link to set a new password is on its way to it" in said
        assert inbox.to() == [Federation.email("anna")]
        [(_, message)] = inbox.messages
        assert message["Subject"] == "Set a new password"
        done = set_password(client, code_in(inbox))
        assert done.status_code == 303
        assert "My councils" in client.get("/").text, "logged in here"
        assert 'href="/login"' in phone.get("/").text, "and out everywhere else"
        assert record_size(sqlite_sovet) == size, "a private matter: nothing in the record"
    again = set_password(client, code_in(inbox), "and another one")
    assert again.status_code == 401
    assert "this link to set a new password is not valid: ask for a new one" in again.text
    token = csrf_from(client.get("/login").text)
    old = {"csrf": token, "email": Federation.email("anna"), "password": PASSWORD}
    assert client.post("/login", data=old).status_code == 401
    new = {**old, "password": NEW}
    assert client.post("/login", data=new, follow_redirects=False).status_code == 303


def test_asking_for_an_address_nobody_has_says_the_same_and_sends_nothing(
    inbox: Inbox, client: TestClient, federation: Federation
) -> None:
    said = ask(client, "nobody@example.org")
    assert "If an account has the address nobody@example.org, a link" in said
    assert inbox.messages == []


def test_a_link_an_hour_old_sets_nothing(
    inbox: Inbox, client: TestClient, federation: Federation, clock: Clock
) -> None:
    ask(client, Federation.email("anna"))
    clock.advance(minutes=60)
    late = set_password(client, code_in(inbox))
    assert late.status_code == 401
    assert "not valid: ask for a new one" in late.text
    log_in(client, "anna")


def test_a_new_password_too_short_is_refused_and_the_link_still_works(
    inbox: Inbox, client: TestClient, federation: Federation
) -> None:
    ask(client, Federation.email("anna"))
    short = set_password(client, code_in(inbox), "bread")
    assert short.status_code == 422
    assert "password: must be 10 to 200 characters" in short.text
    assert set_password(client, code_in(inbox)).status_code == 303


def test_a_fourth_ask_in_a_row_waits(
    inbox: Inbox, client: TestClient, federation: Federation
) -> None:
    client.app.state.asking = Throttle(free=3, clock=lambda: 0.0)
    for _ in range(3):
        ask(client, Federation.email("anna"))
    form = client.get("/password/forgotten").text
    waiting = client.post(
        "/password/forgotten", data={"csrf": csrf_from(form), "email": Federation.email("anna")}
    )
    assert waiting.status_code == 429
    assert waiting.headers["Retry-After"] == "1"
    assert len(inbox.messages) == 3


def test_an_account_gets_a_few_links_however_many_addresses_ask(
    inbox: Inbox, client: TestClient, federation: Federation
) -> None:
    """Asks from many addresses (here, a per-address count that never waits) send Anna
    three links, then none until her wait is over; each ask is answered alike."""
    client.app.state.asking = Throttle(free=1_000, clock=lambda: 0.0)
    moment = [0.0]
    client.app.state.mailing = Throttle(
        kind="mailing", free=3, longest=3600, forget=3600, clock=lambda: moment[0]
    )
    for _ in range(5):
        ask(client, Federation.email("anna"))
    assert len(inbox.messages) == 3
    moment[0] += 1.0
    ask(client, Federation.email("anna"))
    assert len(inbox.messages) == 4, "a second later, one more"
    ask(client, Federation.email("anna"))
    assert len(inbox.messages) == 4, "then two seconds to wait"


def test_an_instance_that_sends_no_mail_says_so(
    federation: Federation, sqlite_sovet: Sovet
) -> None:
    with page_client(sqlite_sovet) as client:
        page = client.get("/password/forgotten").text
        assert "This instance sends no e-mail" in page
        token = csrf_from(client.get("/login").text)
        refused = client.post(
            "/password/forgotten", data={"csrf": token, "email": Federation.email("anna")}
        )
        assert refused.status_code == 409
        assert "this instance sends no e-mail" in refused.text
