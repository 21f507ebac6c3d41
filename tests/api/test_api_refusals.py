"""Every kind of refusal: a 4xx answer whose message names the problem, and no entry."""

from __future__ import annotations

import pytest
from httpx2 import Response

from sovet.bootstrap import Sovet
from sovet.domain.errors import Forbidden
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.authority import OPERATOR

from .api_steps import Api, Clock, Person


@pytest.fixture
def alma(api: Api) -> Person:
    """A member who founded Acme Works, so the record is not empty."""
    alma = api.register("Alma Reyes")
    api.found_base(alma, "acme-works", "Acme Works")
    return alma


def assert_refused(response: Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    message = response.json()["error"]
    for word in words:
        assert word in message


def test_an_unknown_field_is_refused_by_name_and_writes_nothing(api: Api, alma: Person) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/base",
        json={"slug": "bolt", "name": "Bolt", "workplace": "Bolt yard", "director": "Mr Bolt"},
        headers=alma.headers,
    )
    assert_refused(response, 422, "director", "not permitted")
    assert api.record_size() == before


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        (b'{"slug": ', "application/json", "the body is not valid JSON (from character 9)"),
        (b"\xff\xfe", "application/json", "the body is not valid JSON"),
        (b'{"slug": "bolt"}', "text/plain", "sent as Content-Type application/json"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused_saying_so(
    api: Api, alma: Person, body: bytes, content_type: str, words: str
) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/base",
        content=body,
        headers={**alma.headers, "content-type": content_type},
    )
    assert_refused(response, 422, "request: ", words)
    assert api.record_size() == before


def test_a_missing_field_is_refused_by_name_and_writes_nothing(api: Api, alma: Person) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/base", json={"slug": "bolt", "name": "Bolt"}, headers=alma.headers
    )
    assert_refused(response, 422, "workplace", "required")
    assert api.record_size() == before


def test_a_field_of_the_wrong_type_is_refused_by_name_and_writes_nothing(
    api: Api, alma: Person
) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/delegate",
        json={"slug": "rhone", "name": "Rhône", "constituent": "acme-works", "seats": "2"},
        headers=alma.headers,
    )
    assert_refused(response, 422, "seats", "integer")
    assert api.record_size() == before


@pytest.mark.parametrize(("field", "limit"), [("slug", 64), ("name", 120), ("workplace", 120)])
def test_oversized_text_is_refused_by_name_and_writes_nothing(
    api: Api, alma: Person, field: str, limit: int
) -> None:
    body = {"slug": "bolt", "name": "Bolt", "workplace": "Bolt yard"} | {field: "b" * (limit + 1)}
    before = api.record_size()
    response = api.client.post("/api/councils/base", json=body, headers=alma.headers)
    assert_refused(response, 422, field, str(limit))
    assert api.record_size() == before


@pytest.mark.parametrize(
    ("slug", "name", "clash"),
    [("acme-works", "Acme Works Two", "slug"), ("acme-two", "ACME works", "name")],
)
def test_a_second_council_with_a_taken_slug_or_name_is_refused_and_writes_nothing(
    api: Api, alma: Person, slug: str, name: str, clash: str
) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/base",
        json={"slug": slug, "name": name, "workplace": "elsewhere"},
        headers=alma.headers,
    )
    assert_refused(response, 409, f"{clash}: a council", "already exists")
    assert api.record_size() == before


def test_a_join_that_would_make_the_federation_a_cycle_is_refused_naming_it(
    api: Api, alma: Person, clock: Clock
) -> None:
    api.act(
        alma,
        "/api/councils/delegate",
        {"slug": "rhone", "name": "Rhône", "constituent": "acme-works", "seats": 1},
    )
    api.elect(clock, "rhone", "acme-works", [alma], [alma])
    api.act(
        alma,
        "/api/councils/delegate",
        {"slug": "national", "name": "National", "constituent": "rhone", "seats": 1},
    )
    api.elect(clock, "national", "rhone", [alma], [alma])
    before = api.record_size()
    response = api.client.post(
        "/api/councils/rhone/constituents",
        json={"constituent": "national", "seats": 1},
        headers=alma.headers,
    )
    assert_refused(response, 409, "cycle", "National → Rhône → National")
    assert api.record_size() == before
    assert api.get("/api/councils/national")["sits_in"] == []


def test_an_import_with_one_malformed_row_is_refused_whole_naming_the_line(
    api: Api, alma: Person
) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/acme-works/members/import",
        content="name,email\nCarla Moretti,carla@example.org\nDmitri Orlov,not an address\n",
        headers={**alma.headers, "Content-Type": "text/csv"},
    )
    assert_refused(response, 422, "line 3", "not an e-mail address")
    assert api.record_size() == before
    members = api.get("/api/councils/acme-works")["members"]
    assert [member["name"] for member in members] == ["Alma Reyes"]
    assert api.register("Carla Moretti").email == "carla@example.org"


def test_a_member_cannot_admit_into_a_council_they_do_not_belong_to(api: Api, alma: Person) -> None:
    boris = api.register("Boris Kalnins")
    api.found_base(boris, "bolt-coop", "Bolt Cooperative")
    carla = api.register("Carla Moretti")
    before = api.record_size()
    response = api.client.post(
        "/api/councils/acme-works/members", json={"member": carla.id}, headers=boris.headers
    )
    assert_refused(response, 403, "Boris Kalnins is not a member of Acme Works")
    assert api.record_size() == before
    assert [m["name"] for m in api.get("/api/councils/acme-works")["members"]] == ["Alma Reyes"]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-token"}], ids=["no token", "bad token"]
)
def test_nobody_can_act_without_being_logged_in(
    api: Api, alma: Person, headers: dict[str, str]
) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/base",
        json={"slug": "bolt", "name": "Bolt", "workplace": "Bolt yard"},
        headers=headers,
    )
    assert_refused(response, 401, "log in first")
    assert api.record_size() == before


def test_the_operator_cannot_admit_a_member(api: Api, alma: Person, sovet: Sovet) -> None:
    boris = api.register("Boris Kalnins")
    before = api.record_size()
    with (
        pytest.raises(Forbidden, match="the operator has no governance powers"),
        sovet.db.transaction() as store,
    ):
        admit_member(store, AdmitMember(council="acme-works", member=boris.id), actor=OPERATOR)
    assert api.record_size() == before
    assert [m["name"] for m in api.get("/api/councils/acme-works")["members"]] == ["Alma Reyes"]


def test_a_charter_that_names_an_entrenched_rule_is_refused_citing_it(
    api: Api, alma: Person
) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/base",
        json={
            "slug": "bolt",
            "name": "Bolt",
            "workplace": "Bolt yard",
            "charter": {"faction_rights": False},
        },
        headers=alma.headers,
    )
    assert_refused(response, 422, "'faction_rights' is an entrenched rule", "faction")
    assert api.record_size() == before


def test_a_member_id_beyond_what_storage_holds_is_refused_by_name(api: Api, alma: Person) -> None:
    before = api.record_size()
    response = api.client.post(
        "/api/councils/acme-works/members", json={"member": 2**40}, headers=alma.headers
    )
    assert_refused(response, 422, "member", "less than or equal to 2147483647")
    assert api.record_size() == before
    assert api.client.get(f"/api/members/{2**40}").status_code == 422
