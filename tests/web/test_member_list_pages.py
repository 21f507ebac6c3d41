"""Importing a workplace's member list from its council's page: a CSV file, or the list
pasted, all rows or none; the answer shows each new member's invitation code once, and
the code sets their password."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from conftest import INBOX_SITE, Inbox, free_port
from sovet.bootstrap import Sovet
from sovet.web import councils

from .conftest import REFUSED_AT_TOP, csrf_from, log_in, page_client, record_size, refused_beside
from .federation import Federation

PAGE = "/councils/textile"
LIST = "name,email\nIrina Volkova,irina@textile.example\nElena Sorokina,elena@example.org\n"


def importing(
    client: TestClient,
    *,
    file: tuple[str, bytes] | None = None,
    pasted: str = "",
    email: str = "",
) -> Response:
    token = csrf_from(client.get(PAGE).text)
    files = None if file is None else {"file": (file[0], file[1], "text/csv")}
    data = {"csrf": token, "list": pasted, "email": email}
    return client.post(f"{PAGE}/members/import", data=data, files=files)


@pytest.fixture
def mailing(inbox: Inbox, sqlite_sovet: Sovet) -> Iterator[TestClient]:
    """A client of an app made once the instance sends e-mail (``inbox``)."""
    with page_client(sqlite_sovet) as test_client:
        yield test_client


def test_a_list_imported_from_a_file_admits_everyone_and_shows_the_new_members_code_once(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    """Dmitri founded the textile works, which has not yet opened a vote or an election:
    he imports its list. Irina is new and gets a code; Elena, registered, is admitted."""
    log_in(client, "dmitri")
    assert "Import the workplace's member list" in client.get(PAGE).text
    before = record_size(sqlite_sovet)
    response = importing(client, file=("textile.csv", LIST.encode()))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert "2 members admitted to Red Thread Textile Works" in response.text
    assert "Invitation codes: 1" in response.text
    assert "<td>already registered</td>" in response.text
    assert record_size(sqlite_sovet) == before + 3, "Irina registered; both admitted"
    [row] = [line for line in response.text.splitlines() if line.startswith("Irina Volkova,")]
    code = row.rsplit(",", 1)[1]

    client.cookies.clear()
    token = csrf_from(client.get("/claim").text)
    claimed = client.post(
        "/claim",
        data={
            "csrf": token,
            "email": "irina@textile.example",
            "code": code,
            "password": "a long enough passphrase",
        },
        follow_redirects=False,
    )
    assert claimed.status_code == 303
    home = client.get("/").text
    assert "Irina Volkova" in home and "Red Thread Textile Works" in home


def test_a_list_with_a_bad_line_or_none_is_refused_on_the_council_page_and_writes_nothing(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    log_in(client, "dmitri")
    before = record_size(sqlite_sovet)
    pasted = "name,email\nIrina Volkova,irina@textile.example\nNo Mail,\n"
    bad = importing(client, pasted=pasted)
    assert bad.status_code == 422
    assert (
        refused_beside(bad.text, "list-text", "line 3: email: '' is not an e-mail address")
        == pasted
    ), "the list is kept"
    empty = importing(client)
    assert empty.status_code == 422
    assert (
        refused_beside(empty.text, "list-text", "The list: choose its CSV file, or paste it") == ""
    )
    latin = importing(
        client, file=("textile.csv", "name,email\nJosé,jose@x.example\n".encode("latin-1"))
    )
    assert latin.status_code == 422
    reason = "The list&#39;s CSV file: textile.csv is not UTF-8 text (save it as CSV UTF-8)"
    assert REFUSED_AT_TOP not in latin.text
    beside = (
        r'<p class="field-refusal" id="list-file-refusal"><strong>Refused:</strong> '
        + re.escape(reason)
        + r'</p>\s*<input id="list-file" [^>]* aria-invalid="true" '
        + r'aria-describedby="list-file-refusal list-hint" autofocus>'
    )
    assert re.search(beside, latin.text), "a file refused stands beside the file's field"
    assert record_size(sqlite_sovet) == before


def test_a_council_past_its_founding_takes_no_list_from_one_member(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    """The bakery has held its elections: it admits members by its decision, so Anna's
    list is refused, saying so."""
    log_in(client, "anna")
    token = csrf_from(client.get("/councils/bakery").text)
    before = record_size(sqlite_sovet)
    refused = client.post("/councils/bakery/members/import", data={"csrf": token, "list": LIST})
    assert refused.status_code == 403
    assert "Mill Street Bakery decides membership: it has opened a vote or an election" in (
        refused.text
    )
    assert record_size(sqlite_sovet) == before


def test_where_the_instance_sends_e_mail_each_new_member_is_sent_their_code(
    inbox: Inbox, mailing: TestClient, federation: Federation
) -> None:
    log_in(mailing, "dmitri")
    assert "E-mail each new member their code" in mailing.get(PAGE).text
    response = importing(mailing, pasted=LIST, email="yes")
    assert response.status_code == 200
    assert "Each is being e-mailed their code" in response.text
    assert f'href="{INBOX_SITE}/claim"' in response.text, "the instance's public address"
    [(to, message)] = inbox.messages
    assert to == ["irina@textile.example"], "Elena was registered already: no code, no e-mail"
    assert message["Subject"] == "Your invitation to Red Thread Textile Works"
    text = message.get_payload(decode=True).decode()
    found = re.search(re.escape(INBOX_SITE) + r"/claim#code=([\w-]+)", text)
    assert found is not None, text
    assert f"<code>{found.group(1)}</code>" in response.text, "the code e-mailed is shown"


def test_an_e_mail_the_mail_server_refuses_is_listed_for_the_importer_until_passed_on(
    inbox: Inbox, mailing: TestClient, federation: Federation
) -> None:
    inbox.refused.add("irina@textile.example")
    log_in(mailing, "dmitri")
    response = importing(mailing, pasted=LIST, email="yes")
    assert response.status_code == 200
    assert "listed for you on the council's page" in response.text
    assert inbox.messages == []
    page = mailing.get(PAGE).text
    assert "Invitation e-mails that did not go out: 1" in page
    assert "Irina Volkova</a> (irina@textile.example)" in page
    assert "the mail server refused it: 550 5.1.1 no such mailbox here" in page
    log_in(mailing, "elena")
    assert "did not go out" not in mailing.get(PAGE).text, "only the importer reads them"
    log_in(mailing, "dmitri")
    token = csrf_from(mailing.get(PAGE).text)
    passed = mailing.post(f"{PAGE}/invitations/dismiss", data={"csrf": token})
    assert passed.status_code == 200, "followed to the council page"
    assert "The invitation e-mails that failed are no longer listed." in passed.text
    assert "did not go out" not in passed.text


def test_a_mail_server_that_is_down_fails_every_invitation_and_loses_no_code(
    inbox: Inbox, federation: Federation, sqlite_sovet: Sovet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVET_SMTP_URL", f"smtp://127.0.0.1:{free_port()}?starttls=no")
    with page_client(sqlite_sovet) as client:
        log_in(client, "dmitri")
        response = importing(client, pasted=LIST, email="yes")
        assert response.status_code == 200
        [row] = [line for line in response.text.splitlines() if line.startswith("Irina Volkova,")]
        assert len(row.split(",")[3]) > 20, "the code is shown"
        page = client.get(PAGE).text
    assert "Invitation e-mails that did not go out: 1" in page
    assert "the mail server at 127.0.0.1:" in page


def test_without_mail_settings_no_invitation_is_e_mailed_and_asking_is_refused(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet
) -> None:
    log_in(client, "dmitri")
    assert "E-mail each new member their code" not in client.get(PAGE).text
    before = record_size(sqlite_sovet)
    refused = importing(client, pasted=LIST, email="yes")
    assert refused.status_code == 422
    assert "this instance sends no e-mail; pass the codes on by hand" in refused.text
    assert record_size(sqlite_sovet) == before


def test_a_list_file_larger_than_the_form_takes_is_refused(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(councils, "MAX_LIST_BYTES", 2 * 2**20)
    log_in(client, "dmitri")
    before = record_size(sqlite_sovet)
    big = LIST.encode() + b"x" * (2 * 2**20)
    refused = importing(client, file=("textile.csv", big))
    assert refused.status_code == 422
    assert "textile.csv is larger than 2 MB" in refused.text
    assert record_size(sqlite_sovet) == before
