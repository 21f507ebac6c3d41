"""Who may admit, on a base council's page: any member while it is being founded, then an
officer whose office has admit_members, or the council by a resolution on membership
filed from the motion form."""

from __future__ import annotations

from fastapi.testclient import TestClient

from conftest import ElectOfficer
from sovet.bootstrap import Sovet
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.open_election import OpenElection, open_election

from .conftest import csrf_from, log_in, record_size, refused_beside
from .federation import Federation


def test_once_founded_the_page_says_how_the_council_admits_and_admitting_alone_is_refused(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    with sqlite_sovet.db.transaction() as store:
        open_election(store, OpenElection("city", "bakery"), actor=federation.members["anna"])
    log_in(client, "boris")
    page = client.get("/councils/bakery")
    assert "Mill Street Bakery decides its membership" in page.text
    assert 'href="/councils/bakery/motions/new">Move a resolution on membership</a>' in page.text
    assert "or act as an officer whose charter gives the power to admit members." in page.text
    assert 'action="/councils/bakery/admit"' not in page.text
    before = record_size(sqlite_sovet)
    elena = federation.members["elena"].id
    response = client.post(
        "/councils/bakery/admit", data={"csrf": csrf_from(page.text), "member": elena}
    )
    assert response.status_code == 403
    assert "Mill Street Bakery decides membership" in response.text
    assert "nothing was written to the record" in response.text
    assert record_size(sqlite_sovet) == before


def test_an_officer_with_admit_members_admits_as_the_office_from_the_council_page(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation, elect_officer: ElectOfficer
) -> None:
    elena, clara = federation.members["elena"], federation.members["clara"]
    with sqlite_sovet.db.transaction() as store:
        charter = {"offices": {"secretary": ["admit_members"]}}
        found_base_council(
            store, FoundBaseCouncil("kiosk", "News Kiosk", "Kiosk", charter), actor=elena
        )
        admit_member(store, AdmitMember("kiosk", clara.id), actor=elena)
    elect_officer(sqlite_sovet, "kiosk", "secretary", elena, (clara, elena))
    log_in(client, "clara")
    assert "News Kiosk decides its membership" in client.get("/councils/kiosk").text
    log_in(client, "elena")
    page = client.get("/councils/kiosk")
    assert '<option value="secretary">the secretary of News Kiosk</option>' in page.text
    assert '<option value="">a member of News Kiosk</option>' not in page.text
    boris = federation.members["boris"].id
    response = client.post(
        "/councils/kiosk/admit",
        data={"csrf": csrf_from(page.text), "member": boris, "office": "secretary"},
    )
    assert response.status_code == 200
    assert "The member was admitted" in response.text
    assert "Members (3)" in response.text


def test_a_member_files_a_resolution_on_membership_that_admits_members_from_the_form(
    client: TestClient, federation: Federation
) -> None:
    log_in(client, "boris")
    assert 'name="admit_members"' not in client.get("/councils/city/motions/new").text
    form = client.get("/councils/bakery/motions/new")
    assert 'name="admit_members"' in form.text
    assert "Its kind of matter is membership;" in form.text
    elena, dmitri = federation.members["elena"].id, federation.members["dmitri"].id
    fields = {
        "csrf": csrf_from(form.text),
        "title": "Admit the new bakers",
        "text": "Elena and Dmitri joined the bakery.",
        "kind": "resolution",
        "matter": "membership",
        "admit_members": f"{elena}, {dmitri}",
        "action": "file",
    }
    response = client.post("/councils/bakery/motions", data=fields)
    assert response.status_code == 200
    assert f"It admits as members of this council the members numbered {elena}, {dmitri}." in (
        response.text
    )
    refused = client.post(
        "/councils/bakery/motions",
        data=fields | {"matter": "workplace_organisation", "admit_members": "Elena"},
    )
    assert refused.status_code == 422
    reason = "Admits the members numbered: a member's number is a whole number, not 'Elena'"
    assert refused_beside(refused.text, "motion-admit-members", reason) == "Elena"
