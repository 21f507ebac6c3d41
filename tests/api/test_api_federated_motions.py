"""Motions across the federation through the JSON API: forwarding, consultation, binding
instructions and the referendum from below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import pytest

from .api_steps import Api, Person

AGENDA_DAYS = 14
VOTING_DAYS = 7


class Clock(Protocol):
    moment: datetime

    def advance(self, **delta: float) -> None: ...


@dataclass(frozen=True)
class Region:
    """The works (Ana, Boris) and the mill (Vera, Gleb) seat the regional council 'north'
    (one seat each, held by Boris and Gleb); two signatures call a referendum."""

    ana: Person
    boris: Person
    vera: Person
    gleb: Person


@pytest.fixture
def region(api: Api, clock: Clock) -> Region:
    ana, boris, vera, gleb = (
        api.register(n) for n in ("Ana Lopez", "Boris Ek", "Vera Sand", "Gleb Oak")
    )
    for founder, slug, member in ((ana, "works", boris), (vera, "mill", gleb)):
        api.act(
            founder, "/api/councils/base", {"slug": slug, "name": slug.title(), "workplace": "site"}
        )
        api.act(founder, f"/api/councils/{slug}/members", {"member": member.id})
    api.act(
        ana,
        "/api/councils/delegate",
        {
            "slug": "north",
            "name": "North",
            "constituent": "works",
            "seats": 1,
            "charter": {"referendum_share": 0.5, "agenda_period_days": 30},
        },
    )
    api.act(vera, "/api/councils/north/constituents", {"constituent": "mill", "seats": 1})
    api.elect(clock, "north", "works", [boris], [ana, boris])
    api.elect(clock, "north", "mill", [gleb], [vera, gleb])
    return Region(ana, boris, vera, gleb)


def motion_in(api: Api, who: Person, council: str, matter: str, title: str) -> dict[str, Any]:
    body = {"title": title, "text": "As proposed.", "matter": matter}
    motion: dict[str, Any] = api.act(who, f"/api/councils/{council}/motions", body)["motion"]
    return motion


def vote_through(
    api: Api, clock: Clock, motion: dict[str, Any], ballots: list[tuple[Person, str]], days: int
) -> None:
    clock.advance(days=days)
    voter = ballots[0][0]
    [vote] = api.act(voter, f"/api/motions/{motion['id']}/votes", {})["votes"]
    for member, choice in ballots:
        api.act(member, f"/api/votes/{vote['id']}/ballots", {"choice": choice})
    clock.advance(days=VOTING_DAYS)
    api.act(voter, f"/api/votes/{vote['id']}/closing", {})


def test_a_decision_is_forwarded_upward_with_its_lineage(
    api: Api, region: Region, clock: Clock
) -> None:
    local = motion_in(api, region.ana, "works", "delegation", "Rotate delegates")
    vote_through(api, clock, local, [(region.ana, "yes"), (region.boris, "yes")], AGENDA_DAYS)
    forwarded = api.act(region.ana, f"/api/motions/{local['id']}/forwarding", {"to": "north"})[
        "motion"
    ]
    assert (forwarded["council"]["slug"], forwarded["forwarded_from"]) == ("north", local["id"])
    detail = api.get(f"/api/motions/{forwarded['id']}")
    assert [r["motion"] for r in detail["lineage"]] == [local["id"]]
    assert (detail["origin_vote"]["yes"], detail["origin_vote"]["no"]) == (2, 0)


def test_a_delegate_council_consults_its_constituents(
    api: Api, region: Region, clock: Clock
) -> None:
    upper = motion_in(api, region.gleb, "north", "coordination", "Joint canteen")
    opened = api.act(region.boris, f"/api/motions/{upper['id']}/consultation", {})
    assert [m["council"]["slug"] for m in opened["motions"]] == ["works", "mill"]
    works_asked = opened["motions"][0]
    vote_through(api, clock, works_asked, [(region.ana, "yes"), (region.boris, "no")], AGENDA_DAYS)
    consultation = api.get(f"/api/motions/{upper['id']}")["consultation"]
    assert (consultation["yes"], consultation["no"], consultation["pending"]) == (1, 1, 1)
    assert consultation["councils_against"] == 1


def test_an_instruction_binds_the_delegate_and_a_referendum_overturns_the_decision(
    api: Api, region: Region, clock: Clock
) -> None:
    upper = motion_in(api, region.gleb, "north", "coordination", "Close the depot")
    instruction = api.act(
        region.ana,
        f"/api/motions/{upper['id']}/instructions",
        {"council": "works", "choice": "no", "text": "The depot feeds us."},
    )["motion"]
    assert (instruction["kind"], instruction["council"]["slug"]) == ("instruction", "works")
    vote_through(api, clock, instruction, [(region.ana, "yes"), (region.boris, "yes")], AGENDA_DAYS)
    assert [i["choice"] for i in api.get(f"/api/motions/{upper['id']}")["instructions"]] == ["no"]
    clock.advance(days=30 - AGENDA_DAYS - VOTING_DAYS)
    [vote] = api.act(region.gleb, f"/api/motions/{upper['id']}/votes", {})["votes"]
    cast = api.act(region.boris, f"/api/votes/{vote['id']}/ballots", {"choice": "yes"})
    assert cast["against_instruction"] is not None
    api.act(region.gleb, f"/api/votes/{vote['id']}/ballots", {"choice": "yes"})
    clock.advance(days=VOTING_DAYS)
    api.act(region.gleb, f"/api/votes/{vote['id']}/closing", {})
    [ballot, _] = api.get(f"/api/votes/{vote['id']}")["ballots"]
    assert (ballot["member"]["name"], ballot["against_instruction"]) == (
        "Boris Ek",
        cast["against_instruction"],
    )
    first = api.act(region.ana, f"/api/motions/{upper['id']}/referendum-signatures", {})
    assert (first["signatures"], first["needed"], first["vote"]) == (1, 2, None)
    second = api.act(region.vera, f"/api/motions/{upper['id']}/referendum-signatures", {})
    referendum_vote = second["vote"]
    assert referendum_vote is not None
    for member in (region.ana, region.vera, region.boris):
        api.act(member, f"/api/votes/{referendum_vote}/ballots", {"choice": "yes"})
    clock.advance(days=VOTING_DAYS)
    api.act(region.vera, f"/api/votes/{referendum_vote}/closing", {})
    [decision] = api.get("/api/councils/north/decisions")
    assert decision["overturned_by"] == first["referendum"]
    assert (decision["referendum"]["passed"], decision["referendum"]["yes"]) == (True, 3)


def test_a_referendum_that_overturns_a_charter_amendment_restores_the_charter_and_says_so(
    api: Api, region: Region, clock: Clock
) -> None:
    body = {
        "title": "A higher quorum",
        "text": "Three fifths must vote.",
        "kind": "charter_amendment",
        "matter": "charter",
        "effects": [{"kind": "amend_charter", "changes": {"quorum": 0.6}}],
    }
    amendment = api.act(region.gleb, "/api/councils/north/motions", body)["motion"]
    vote_through(api, clock, amendment, [(region.gleb, "yes"), (region.boris, "yes")], 30)
    assert api.get("/api/councils/north")["council"]["charter"]["quorum"] == 0.6
    api.act(region.ana, f"/api/motions/{amendment['id']}/referendum-signatures", {})
    call = api.act(region.vera, f"/api/motions/{amendment['id']}/referendum-signatures", {})
    for member in (region.ana, region.vera, region.boris):
        api.act(member, f"/api/votes/{call['vote']}/ballots", {"choice": "yes"})
    clock.advance(days=VOTING_DAYS)
    api.act(region.vera, f"/api/votes/{call['vote']}/closing", {})
    decision = api.get(f"/api/motions/{amendment['id']}")["decision"]
    assert decision["overturned_by"] == call["referendum"]
    assert decision["overturn"] == ["The quorum is restored to its value before the amendment."]
    assert api.get("/api/councils/north")["council"]["charter"]["quorum"] == 0.5


def test_a_congress_amends_its_charter_to_vote_in_hours_and_a_referendum_restores_the_days(
    api: Api, region: Region, clock: Clock
) -> None:
    """The congress votes within its session from now on: no days, two hours. Less than
    an hour is refused, naming the rule, and writes nothing; the members beneath overturn
    the amendment, and votes last the seven days again."""

    def amending(hours: int) -> dict[str, Any]:
        changes = {"voting_period_days": 0, "voting_period_hours": hours}
        return {
            "title": "Vote in our session",
            "text": "Delegates vote within the session: two hours.",
            "kind": "charter_amendment",
            "matter": "charter",
            "effects": [{"kind": "amend_charter", "changes": changes}],
        }

    before = api.record_size()
    refused = api.client.post(
        "/api/councils/north/motions", json=amending(0), headers=region.gleb.headers
    )
    assert refused.status_code == 422, refused.text
    assert "a vote is open at least an hour" in refused.json()["error"]
    assert api.record_size() == before
    amendment = api.act(region.gleb, "/api/councils/north/motions", amending(2))["motion"]
    vote_through(api, clock, amendment, [(region.gleb, "yes"), (region.boris, "yes")], 30)
    charter = api.get("/api/councils/north")["council"]["charter"]
    assert (charter["voting_period_days"], charter["voting_period_hours"]) == (0, 2)
    motion = motion_in(api, region.gleb, "north", "coordination", "Meet again in May")
    clock.advance(days=30)
    [vote] = api.act(region.gleb, f"/api/motions/{motion['id']}/votes", {})["votes"]
    opened, closes = datetime.fromisoformat(vote["opened"]), datetime.fromisoformat(vote["closes"])
    assert closes - opened == timedelta(hours=2)

    api.act(region.ana, f"/api/motions/{amendment['id']}/referendum-signatures", {})
    call = api.act(region.vera, f"/api/motions/{amendment['id']}/referendum-signatures", {})
    for member in (region.ana, region.vera, region.boris):
        api.act(member, f"/api/votes/{call['vote']}/ballots", {"choice": "yes"})
    clock.advance(days=1)
    api.act(region.vera, f"/api/votes/{call['vote']}/closing", {})
    decision = api.get(f"/api/motions/{amendment['id']}")["decision"]
    assert decision["overturn"] == [
        "The voting period and the hours the voting period has beyond its days are restored to "
        "their values before the amendment."
    ]
    charter = api.get("/api/councils/north")["council"]["charter"]
    assert (charter["voting_period_days"], charter["voting_period_hours"]) == (7, 0)


def test_a_council_asks_to_join_and_the_delegate_council_admits_it_by_its_vote(
    api: Api, region: Region, clock: Clock
) -> None:
    dana = api.register("Dana Roe")
    api.act(dana, "/api/councils/base", {"slug": "bakery", "name": "Bakery", "workplace": "site"})
    asked = api.act(dana, "/api/councils/north/constituents", {"constituent": "bakery", "seats": 2})
    assert (asked["joined"], asked["seats"]) == (False, 2)
    assert asked["message"].startswith("Bakery's request to join awaits the decision of North")
    again = api.client.post(
        "/api/councils/north/constituents",
        json={"constituent": "bakery", "seats": 2},
        headers=dana.headers,
    )
    assert again.status_code == 409
    assert "Bakery has asked to join North already" in again.json()["error"]
    assert "bakery" not in [
        c["council"]["slug"] for c in api.get("/api/councils/north")["constituents"]
    ]
    body = {
        "title": "Admit the bakery",
        "text": "The bakery asked to join.",
        "matter": "delegation",
        "effects": [{"kind": "admit_constituent", "constituent": "bakery", "seats": 2}],
    }
    north = api.get("/api/councils/north")
    assert [(c["council"]["slug"], c["seats"]) for c in north["asking"]] == [("bakery", 2)]
    assert [c["slug"] for c in api.get("/api/councils/bakery")["asked"]] == ["north"]
    motion = api.act(region.boris, "/api/councils/north/motions", body)["motion"]
    assert motion["effects"] == body["effects"]
    vote_through(api, clock, motion, [(region.boris, "yes"), (region.gleb, "yes")], 30)
    north = api.get("/api/councils/north")
    assert ("bakery", 2) in [(c["council"]["slug"], c["seats"]) for c in north["constituents"]]
    assert north["asking"] == []
    assert api.get("/api/councils/bakery")["asked"] == []
