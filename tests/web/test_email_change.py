"""A member moves their account to a new e-mail address with their password: where the
instance sends e-mail, the new address confirms it through a link (a real SMTP server)
and the old one is told; where it sends none, it moves at once."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import INBOX_SITE, Inbox
from sovet.bootstrap import Sovet

from .conftest import csrf_from, log_in, page_client, record_size, refused_beside
from .federation import PASSWORD, Federation

NEW = "anna.petrova@bakers.example"
CODE = re.compile(re.escape(INBOX_SITE) + r"/email/confirm#code=([\w-]+)")


def ask(client: TestClient, member_id: int, email: str = NEW, password: str = PASSWORD) -> str:
    own = client.get(f"/members/{member_id}").text
    asked = client.post(
        f"/members/{member_id}/email",
        data={"csrf": csrf_from(own), "email": email, "password": password},
    )
    assert asked.status_code in (200, 403, 409, 422), asked.text
    return asked.text


def confirm(client: TestClient, code: str) -> str:
    form = client.get("/email/confirm").text
    return client.post("/email/confirm", data={"csrf": csrf_from(form), "code": code}).text


def logs_in(client: TestClient, email: str) -> bool:
    token = csrf_from(client.get("/login").text)
    data = {"csrf": token, "email": email, "password": PASSWORD}
    return client.post("/login", data=data, follow_redirects=False).status_code == 303


def test_a_new_address_confirms_itself_and_the_old_one_is_told(
    inbox: Inbox, sqlite_sovet: Sovet, federation: Federation
) -> None:
    anna = federation.members["anna"]
    with page_client(sqlite_sovet) as client:
        log_in(client, "anna")
        size = record_size(sqlite_sovet)
        page = ask(client, anna.id)
        assert "A link to confirm it is on its way to the new address" in page
        assert f"You log in with {Federation.email('anna')}" in page, "not moved yet"
        subjects = {message["To"]: message["Subject"] for _, message in inbox.messages}
        assert subjects == {
            NEW: "Confirm your e-mail address",
            Federation.email("anna"): "Your e-mail address is being changed",
        }
        [text] = [m.get_payload(decode=True).decode() for _, m in inbox.messages if m["To"] == NEW]
        found = CODE.search(text)
        assert found is not None, text
        done = confirm(client, found.group(1))
        assert f"Your account now has the address {NEW}" in done
        assert "Code from the e-mail" in confirm(client, found.group(1)), "the code works once"
        assert record_size(sqlite_sovet) == size, "a private matter: nothing in the record"
    with page_client(sqlite_sovet) as fresh:
        assert logs_in(fresh, NEW)
        assert not logs_in(fresh, Federation.email("anna"))


def test_without_mail_the_address_moves_at_once(
    sqlite_sovet: Sovet, federation: Federation
) -> None:
    anna = federation.members["anna"]
    with page_client(sqlite_sovet) as client:
        log_in(client, "anna")
        assert "Your address is changed: log in with it from now on." in ask(client, anna.id)
        assert logs_in(client, NEW)


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        (NEW, "not-her-password", "email-password", "Your password: that is not your password"),
        (
            "boris@example.org",
            PASSWORD,
            "new-email",
            "New address: boris@example.org is already registered",
        ),
        (
            "not an address",
            PASSWORD,
            "new-email",
            "New address: 'not an address' is not an e-mail address",
        ),
        (
            "anna@example.org",
            PASSWORD,
            "new-email",
            "New address: anna@example.org is your address already",
        ),
    ],
    ids=["wrong password", "taken", "malformed", "the same"],
)
def test_a_change_refused_says_why_beside_its_field_and_moves_nothing(
    sqlite_sovet: Sovet, federation: Federation, email: str, password: str, field: str, message: str
) -> None:
    anna = federation.members["anna"]
    with page_client(sqlite_sovet) as client:
        log_in(client, "anna")
        kept = refused_beside(ask(client, anna.id, email, password), field, message)
        assert kept == ("" if field == "email-password" else email), "a password is never kept"
        assert logs_in(client, Federation.email("anna"))


def test_a_wrong_password_shows_the_own_page_again_with_the_new_address_kept(
    sqlite_sovet: Sovet, federation: Federation
) -> None:
    anna = federation.members["anna"]
    with page_client(sqlite_sovet) as client:
        log_in(client, "anna")
        own = client.get(f"/members/{anna.id}").text
        refused = client.post(
            f"/members/{anna.id}/email",
            data={"csrf": csrf_from(own), "email": NEW, "password": "not-her-password"},
        )
    assert refused.status_code == 403
    reason = "Your password: that is not your password"
    assert refused_beside(refused.text, "email-password", reason) == ""
    assert (
        f'<input id="new-email" name="email" type="email" autocomplete="email" required maxlength="254" value="{NEW}">'
        in refused.text
    )
    assert "not-her-password" not in refused.text


def test_a_made_up_code_confirms_nothing(inbox: Inbox, sqlite_sovet: Sovet) -> None:
    with page_client(sqlite_sovet) as client:
        refused = confirm(client, "x" * 43)
    assert "this link to confirm an e-mail address is not valid: ask for a new one" in refused


def test_a_code_sent_to_set_a_password_moves_no_address(
    inbox: Inbox, sqlite_sovet: Sovet, federation: Federation
) -> None:
    with page_client(sqlite_sovet) as client:
        form = client.get("/password/forgotten").text
        data = {"csrf": csrf_from(form), "email": Federation.email("anna")}
        assert client.post("/password/forgotten", data=data).status_code == 200
        [(_, message)] = inbox.messages
        code = message.get_payload(decode=True).decode().split("#code=")[1].split()[0]
        refused = confirm(client, code)
    assert "this link to confirm an e-mail address is not valid" in refused
