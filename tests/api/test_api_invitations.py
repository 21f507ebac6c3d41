"""Importing a member list through the API with ``email``: each new member is sent their
invitation code by a real SMTP server (aiosmtpd), after the answer, which carries the
codes as ever; where the instance sends no e-mail, asking for it is refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from conftest import INBOX_SITE, Inbox
from sovet.bootstrap import Sovet
from sovet.http import create_app

from .api_steps import Api

LIST = "name,email\nCarla Moretti,carla@example.org\n"


@pytest.fixture
def mailing(inbox: Inbox, sqlite_sovet: Sovet) -> Iterator[Api]:
    """The API of an app made once the instance sends e-mail (``inbox``)."""
    with TestClient(create_app(sqlite_sovet)) as client:
        yield Api(client, sqlite_sovet)


def import_list(api: Api, query: str) -> tuple[int, dict[str, object]]:
    alma = api.register("Alma Reyes")
    api.found_base(alma, "acme-works", "Acme Works")
    response = api.client.post(
        f"/api/councils/acme-works/members/import{query}",
        content=LIST,
        headers={**alma.headers, "Content-Type": "text/csv"},
    )
    return response.status_code, response.json()


def test_with_email_each_new_member_is_sent_the_code_the_answer_carries(
    inbox: Inbox, mailing: Api
) -> None:
    status, body = import_list(mailing, "?email=true")
    assert status == 201, body
    [carla] = body["imported"]  # type: ignore[misc]
    [(to, message)] = inbox.messages
    assert to == ["carla@example.org"]
    text = message.get_payload(decode=True).decode()
    assert f"{INBOX_SITE}/claim#code={carla['invitation']}" in text


def test_with_email_where_the_instance_sends_none_nothing_is_imported(
    sqlite_sovet: Sovet,
) -> None:
    with TestClient(create_app(sqlite_sovet)) as client:
        api = Api(client, sqlite_sovet)
        before = api.record_size()
        status, body = import_list(api, "?email=true")
        assert status == 422
        assert body["error"] == "email: this instance sends no e-mail; pass the codes on by hand"
        assert api.record_size() == before + 3, "Alma registered and founded; nothing imported"


def test_an_e_mail_the_mail_server_refuses_is_kept_for_the_importer_until_dismissed(
    inbox: Inbox, mailing: Api
) -> None:
    inbox.refused.add("carla@example.org")
    status, body = import_list(mailing, "?email=true")
    assert status == 201, body
    [carla] = body["imported"]  # type: ignore[misc]
    assert inbox.messages == []
    alma = mailing.log_in("alma@example.org")
    failed = mailing.client.get("/api/councils/acme-works/invitations/failed", headers=alma.headers)
    assert failed.status_code == 200
    [item] = failed.json()
    assert item["member"] == carla["member"]
    assert item["email"] == "carla@example.org"
    assert item["reason"] == "the mail server refused it: 550 5.1.1 no such mailbox here"
    other = mailing.register("Bea Olsen")
    seen = mailing.client.get("/api/councils/acme-works/invitations/failed", headers=other.headers)
    assert seen.json() == [], "only the importer reads them"
    gone = mailing.client.delete(
        "/api/councils/acme-works/invitations/failed", headers=alma.headers
    )
    assert gone.status_code == 204
    again = mailing.client.get("/api/councils/acme-works/invitations/failed", headers=alma.headers)
    assert again.json() == []


def test_failed_invitations_need_a_logged_in_member_and_a_council(mailing: Api) -> None:
    anonymous = mailing.client.get("/api/councils/acme-works/invitations/failed")
    assert anonymous.status_code == 401
    alma = mailing.register("Alma Reyes")
    missing = mailing.client.get("/api/councils/nowhere/invitations/failed", headers=alma.headers)
    assert missing.status_code == 404
    assert "nowhere" in missing.json()["error"]
