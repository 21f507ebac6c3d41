"""Elections through the JSON API: open, nominate, consent, state, rank, close, read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sovet.bootstrap import Sovet
from sovet.cli import app
from sovet.http import create_app

from .api_steps import Api, Clock, Person, wait_until


@pytest.fixture
def client(sqlite_sovet: Sovet) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_sovet)) as client:
        yield client


@pytest.fixture
def api(client: TestClient, sqlite_sovet: Sovet) -> Api:
    return Api(client, sqlite_sovet)


@pytest.fixture
def works(api: Api) -> list[Person]:
    """Ana founded the works, with Boris and Lev; the works fills two seats in 'north'."""
    ana, boris, lev = (api.register(n) for n in ("Ana Lopez", "Boris Ek", "Lev Oak"))
    api.act(ana, "/api/councils/base", {"slug": "works", "name": "Works", "workplace": "site"})
    for member in (boris, lev):
        api.act(ana, "/api/councils/works/members", {"member": member.id})
    api.act(
        ana,
        "/api/councils/delegate",
        {"slug": "north", "name": "North", "constituent": "works", "seats": 2},
    )
    return [ana, boris, lev]


def opened(api: Api, ana: Person) -> Any:
    """An election of the works' seats, over the charter's periods of nominations and
    voting (no member may shorten them)."""
    body = {"constituency": "works"}
    return api.act(ana, "/api/councils/north/elections", body)["election"]


def test_an_election_runs_from_nomination_to_its_published_count(
    api: Api, works: list[Person], clock: Clock
) -> None:
    ana, boris, lev = works
    opening = opened(api, ana)
    election = opening["id"]
    path = f"/api/elections/{election}"
    api.act(ana, f"{path}/nominations", {"member": ana.id})
    pending = api.act(ana, f"{path}/nominations", {"member": boris.id})["candidate"]
    assert pending["consented"] is False
    assert api.act(boris, f"{path}/consent", {})["candidate"]["consented"] is True
    api.act(lev, f"{path}/nominations", {"member": lev.id})
    stated = api.act(lev, f"{path}/statement", {"text": "**Safety** first."})["candidate"]
    assert stated["statement_html"] == "<p><strong>Safety</strong> first.</p>\n"
    wait_until(clock, opening["nominations_close"])
    receipts = [
        api.act(who, f"{path}/ballots", {"ranking": [first.id, boris.id]})["receipt"]
        for who, first in ((ana, ana), (boris, lev), (lev, lev))
    ]
    assert api.get(path)["turnout"] == 3 and api.get(path)["ballots"] == []
    wait_until(clock, opening["closes"])
    closed = api.act(lev, f"{path}/closing", {})
    assert closed["election"]["phase"] == "counted"
    assert closed["report"]["method"] == "scottish-stv" and closed["report"]["stages"]
    assert closed["election"]["seed"] == closed["report"]["seed"]
    places = {c["member"]["name"]: (c["place"], c["outcome"]) for c in closed["candidates"]}
    assert places == {
        "Lev Oak": (1, "elected"),
        "Ana Lopez": (2, "elected"),
        "Boris Ek": (3, "substitute"),
    }
    assert len(closed["ballots"]) == 3
    check = api.client.post(f"{path}/receipt", json={"receipt": receipts[0]}).json()
    assert check["counted"] is True
    assert [m["id"] for m in check["ranking"]] == [ana.id, boris.id]
    listed = api.get("/api/councils/works/elections")
    assert [e["id"] for e in listed] == [election]


def test_the_published_ballots_count_again_from_a_blt_file_to_the_same_result(
    api: Api, works: list[Person], clock: Clock, tmp_path: Path
) -> None:
    """Three candidates, each ranked first once, for two seats: who goes out first is
    left to lot, so the recount must use the published seed as the count did."""
    opening = opened(api, works[0])
    path = f"/api/elections/{opening['id']}"
    for who in works:
        api.act(who, f"{path}/nominations", {"member": who.id})
    early = api.client.get(f"{path}/ballots.blt")
    assert early.status_code == 409
    assert "has no counted ballots" in early.json()["error"]
    wait_until(clock, opening["nominations_close"])
    for who in works:
        api.act(who, f"{path}/ballots", {"ranking": [who.id]})
    wait_until(clock, opening["closes"])
    counted = api.act(works[0], f"{path}/closing", {})

    blt = api.client.get(f"{path}/ballots.blt")
    assert blt.status_code == 200
    assert blt.headers["content-disposition"] == (
        f'attachment; filename="election-{opening["id"]}.blt"'
    )
    command = blt.headers["x-recount"].split()
    assert command[:3] == ["sovet", "count", f"election-{opening['id']}.blt"]
    file = tmp_path / command[2]
    file.write_text(blt.text)
    recount = CliRunner().invoke(app, ["count", str(file), *command[3:], "--json"])
    assert recount.exit_code == 0, recount.output
    report = json.loads(recount.output)
    assert report["elected"] == counted["report"]["elected"]
    assert report["tie_breaks"] and report["tie_breaks"] == counted["report"]["tie_breaks"]
    assert api.client.get("/api/elections/999999/ballots.blt").status_code == 404


def test_a_ranked_ballot_with_a_gap_is_refused_by_the_api_and_writes_nothing(
    api: Api, works: list[Person], clock: Clock
) -> None:
    ana, boris, _ = works
    opening = opened(api, ana)
    election = opening["id"]
    api.act(ana, f"/api/elections/{election}/nominations", {"member": ana.id})
    api.act(boris, f"/api/elections/{election}/nominations", {"member": boris.id})
    wait_until(clock, opening["nominations_close"])
    api.act(ana, f"/api/elections/{election}/ballots", {"ranking": [ana.id]})
    before = api.record_size()
    response = api.client.post(
        f"/api/elections/{election}/ballots",
        json={"ranking": [ana.id, None, boris.id]},
        headers=boris.headers,
    )
    assert response.status_code == 422, response.text
    assert "rank 2 is skipped" in response.json()["error"]
    anonymous = api.client.post(f"/api/elections/{election}/ballots", json={"ranking": [1]})
    assert anonymous.status_code == 401
    assert api.record_size() == before


def test_while_a_seat_is_vacant_next_term_opens_the_next_terms_election(
    api: Api, works: list[Person], clock: Clock
) -> None:
    """Ana and Lev fill the two seats with nobody left to substitute; Lev stands down and
    his seat's by-election opens by itself. Another election of the seats is refused; one
    asked for with ``next_term`` elects the term after theirs."""
    ana, boris, lev = works
    api.elect(clock, "north", "works", [ana, lev], [ana, boris, lev])
    [seat] = [
        m
        for m in api.get("/api/councils/works/mandates")["recallable"]
        if m["holder"]["id"] == lev.id
    ]
    api.act(lev, f"/api/mandates/{seat['id']}/standing-down", {})
    path = "/api/councils/north/elections"
    refused = api.client.post(path, json={"constituency": "works"}, headers=boris.headers)
    assert refused.status_code == 409
    assert refused.json()["error"].endswith("or is opened for the next term")
    wrong = api.client.post(
        path, json={"constituency": "works", "next_term": "soon"}, headers=boris.headers
    )
    assert wrong.status_code == 422
    opened = api.act(boris, path, {"constituency": "works", "next_term": True})["election"]
    assert (opened["by_election"], opened["seats"]) == (False, 2)
    assert opened["term_starts"] == seat["ends"]
