"""Admitting members through the JSON API: alone while a base council is being founded,
then by its decision, by the charter's admit_members power, or as an officer who has it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import pytest

from sovet.bootstrap import Sovet
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member

from .api_steps import Api, Person
from .test_api_motions import AGENDA_DAYS, TEXT, VOTING_DAYS, Clock, Works, refused


class ElectOfficer(Protocol):
    """The ``elect_officer`` fixture: the council elects the officer."""

    def __call__(
        self, sovet: Sovet, council: str, office: str, officer: Member, electors: Sequence[Member]
    ) -> Mandate: ...


CHARTER = {
    "support_threshold": 0.5,
    "offices": {"secretary": ["admit_members"], "chair": ["moderate"]},
}


@pytest.fixture
def works(api: Api) -> Works:
    ana, boris, vera = (api.register(name) for name in ("Ana Lopez", "Boris Ek", "Vera Sand"))
    body = {"slug": "works", "name": "Works", "workplace": "Works site", "charter": CHARTER}
    api.act(ana, "/api/councils/base", body)
    for member in (boris, vera):
        api.act(ana, "/api/councils/works/members", {"member": member.id})
    return Works(ana, boris, vera)


def first_vote(api: Api, works: Works, clock: Clock, **fields: Any) -> dict[str, Any]:
    """File a motion, support it and open its vote: the works is founded."""
    body = {"title": "Six hour shifts", "text": TEXT, "matter": "workplace_organisation"}
    motion = api.act(works.ana, "/api/councils/works/motions", body | fields)["motion"]
    api.act(works.boris, f"/api/motions/{motion['id']}/supporters", {})
    clock.advance(days=AGENDA_DAYS)
    opened = api.act(works.vera, f"/api/motions/{motion['id']}/votes", {})
    return {"motion": motion["id"], "vote": opened["votes"][0]["id"]}


def members_of(api: Api) -> set[int]:
    return {member["id"] for member in api.get("/api/councils/works")["members"]}


def as_member(person: Person) -> Member:
    return Member(id=person.id, name=person.name)


def test_once_founded_admitting_or_importing_alone_is_refused_with_403_and_no_entry(
    api: Api, works: Works, clock: Clock
) -> None:
    first_vote(api, works, clock)
    lev = api.register("Lev Ito")
    before = api.record_size()
    response = api.client.post(
        "/api/councils/works/members", json={"member": lev.id}, headers=works.ana.headers
    )
    refused(response, 403, "Works decides membership", "the power to admit members")
    response = api.client.post(
        "/api/councils/works/members/import",
        content="name,email\nNadia,nadia@example.org\n",
        headers={**works.ana.headers, "Content-Type": "text/csv"},
    )
    refused(response, 403, "Works decides membership")
    assert api.record_size() == before
    assert lev.id not in members_of(api)


def test_a_resolution_on_membership_admits_the_members_it_lists(
    api: Api, works: Works, clock: Clock
) -> None:
    lev, nadia = api.register("Lev Ito"), api.register("Nadia Kim")
    effects = [{"kind": "admit_members", "members": [lev.id, nadia.id]}]
    body = {"title": "Admit the night shift", "text": TEXT, "matter": "membership"}
    response = api.client.post(
        "/api/councils/works/motions",
        json=body | {"effects": effects, "matter": "workplace_organisation"},
        headers=works.ana.headers,
    )
    refused(response, 422, "matter: a resolution that admits members is on 'membership'")
    opened = first_vote(api, works, clock, **body, effects=effects)
    for voter in (works.ana, works.boris):
        api.act(voter, f"/api/votes/{opened['vote']}/ballots", {"choice": "yes"})
    clock.advance(days=VOTING_DAYS)
    api.act(works.vera, f"/api/votes/{opened['vote']}/closing", {})
    assert {lev.id, nadia.id} <= members_of(api)


def test_an_officer_whose_office_has_admit_members_admits_and_imports_as_it(
    api: Api, works: Works, elect_officer: ElectOfficer
) -> None:
    electors = [as_member(p) for p in works.members]
    elect_officer(api.sovet, "works", "secretary", electors[1], electors)
    elect_officer(api.sovet, "works", "chair", electors[2], electors)
    lev = api.register("Lev Ito")
    response = api.client.post(
        "/api/councils/works/members",
        json={"member": lev.id, "office": "chair"},
        headers=works.vera.headers,
    )
    refused(response, 403, "the chair of Works has no power to admit members")
    api.act(works.boris, "/api/councils/works/members", {"member": lev.id, "office": "secretary"})
    response = api.client.post(
        "/api/councils/works/members/import?office=secretary",
        content="name,email\nNadia,nadia@example.org\n",
        headers={**works.boris.headers, "Content-Type": "text/csv"},
    )
    assert response.status_code == 201, response.text
    [nadia] = response.json()["imported"]
    assert {lev.id, nadia["member"]["id"]} <= members_of(api)
    *_, last = api.sovet.db.entries()
    assert (last.kind, last.actor) == ("member.admitted", works.boris.id)
    assert last.under.startswith("office:")
