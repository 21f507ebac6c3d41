"""Recall, offices and indicators through the JSON API: an officer elected by the council
(the only way an office is filled), a petition signed to its threshold, a vote that
recalls, a council's mandates, and the refusals, each a 4xx that names the problem and
writes nothing."""

from __future__ import annotations

from typing import Any

from .api_steps import Api, Clock, Person, wait_until


def elect_secretary(api: Api, clock: Clock, officer: Person, *electors: Person) -> Any:
    """The works elect ``officer`` its secretary: the first elector opens the election and
    nominates them, they consent, every elector ranks them, and the first closes it, each
    when the charter's periods (which no member may shorten) are up."""
    opener = electors[0]
    body = {"constituency": "works", "office": "secretary"}
    election = api.act(opener, "/api/councils/works/elections", body)["election"]
    path = f"/api/elections/{election['id']}"
    api.act(opener, f"{path}/nominations", {"member": officer.id})
    api.act(officer, f"{path}/consent", {})
    wait_until(clock, election["nominations_close"])
    for elector in electors:
        api.act(elector, f"{path}/ballots", {"ranking": [officer.id]})
    wait_until(clock, election["closes"])
    return api.act(opener, f"{path}/closing", {})


def refused(api: Api, who: Person, path: str, status: int, words: str) -> None:
    size = api.record_size()
    response = api.client.post(path, json={}, headers=who.headers)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]
    assert api.record_size() == size


def test_a_constituency_recalls_its_delegate_through_the_api(api: Api, clock: Clock) -> None:
    ana, boris, lev, vera = (api.register(name) for name in ("Ana", "Boris", "Lev", "Vera"))
    charter: dict[str, Any] = {
        "recall_petition_threshold": 0.5,
        "offices": {"secretary": ["moderate"]},
    }
    api.act(
        ana,
        "/api/councils/base",
        {"slug": "works", "name": "Tractor Works", "workplace": "Works", "charter": charter},
    )
    for member in (boris, lev):
        api.act(ana, "/api/councils/works/members", {"member": member.id})
    api.act(
        ana,
        "/api/councils/delegate",
        {"slug": "north", "name": "Northern Council", "constituent": "works", "seats": 1},
    )
    api.elect(clock, "north", "works", [boris], [ana, boris, lev])
    elect_secretary(api, clock, lev, ana, boris)
    works = api.get("/api/councils/works/mandates")
    [office] = works["offices"]
    assert office["describes"] == "the office of secretary of Tractor Works"
    assert {m["holder"]["name"] for m in works["recallable"]} == {"Boris", "Lev"}
    [seat] = [m for m in works["recallable"] if m["office"] is None]

    petition = api.act(
        lev, f"/api/mandates/{seat['id']}/recall-petitions", {"reasons": "He ignores us."}
    )
    assert (petition["signatures"], petition["signatures_needed"]) == (1, 2)
    motion = petition["motion"]["id"]
    refused(api, vera, f"/api/recall-petitions/{motion}/signatures", 403, "Vera is not one")
    signed = api.act(ana, f"/api/recall-petitions/{motion}/signatures", {})
    assert signed["signatures"] == 2 and signed["motion"]["state"] == "on_agenda"
    refused(api, ana, f"/api/recall-petitions/{motion}/signatures", 409, "already signed")
    [listed] = api.get("/api/councils/works/recall-petitions")
    assert listed["mandate"]["id"] == seat["id"] and listed["petition"]["supporters"] == 2

    clock.advance(days=14)
    [vote] = api.act(ana, f"/api/motions/{motion}/votes", {})["votes"]
    assert vote["secret"]
    for voter in (ana, lev):
        api.act(voter, f"/api/votes/{vote['id']}/ballots", {"choice": "yes"})
    clock.advance(days=7)
    assert api.act(ana, f"/api/votes/{vote['id']}/closing", {})["passed"]

    north = api.get("/api/councils/north/mandates")
    [ended] = north["seats"]
    assert ended["end_reason"] == "recalled" and ended["ended_on"] is not None
    assert [v["mandate"] for v in north["vacancies"]] == [seat["id"]]
    found = api.get("/api/indicators")
    assert [(m["member"]["name"], m["mandates"]) for m in found["members"]] == [("Lev", 1)]
    assert {c["council"]["slug"] for c in found["councils"]} == {"works", "north"}

    by_election, elected = api.get("/api/councils/north/elections")
    assert not elected["by_election"] and elected["phase"] == "counted"
    assert by_election["by_election"] and by_election["seats"] == 1
    body = {"constituency": "works", "office": "secretary"}
    opened = api.act(ana, "/api/councils/works/elections", body)["election"]
    assert (opened["office"], opened["seats"], opened["method"]) == ("secretary", 1, "irv")


def test_a_seat_its_election_left_unfilled_is_listed_vacant_through_the_api(
    api: Api, clock: Clock
) -> None:
    ana, boris = (api.register(name) for name in ("Ana", "Boris"))
    works = {"slug": "works", "name": "Tractor Works", "workplace": "Works"}
    api.act(ana, "/api/councils/base", works)
    api.act(ana, "/api/councils/works/members", {"member": boris.id})
    north = {"slug": "north", "name": "Northern Council", "constituent": "works", "seats": 2}
    api.act(ana, "/api/councils/delegate", north)
    api.elect(clock, "north", "works", [boris], [ana, boris])
    [seat] = api.get("/api/councils/north/mandates")["seats"]
    [vacancy] = api.get("/api/councils/north/mandates")["vacancies"]
    assert (vacancy["mandate"], vacancy["seat"], vacancy["ends"]) == (None, 2, seat["ends"])
    opened = api.act(ana, "/api/councils/north/elections", {"constituency": "works"})
    assert opened["election"]["by_election"] and opened["election"]["seats"] == 1


def test_no_member_fills_an_office_by_their_own_act_through_the_api(api: Api, clock: Clock) -> None:
    """The audit's move: one member takes a never-filled office for themselves. There is
    no endpoint for it; the office is held only once the council has elected its holder."""
    ana, boris = (api.register(name) for name in ("Ana", "Boris"))
    charter = {"offices": {"secretary": ["moderate"]}}
    api.act(
        ana,
        "/api/councils/base",
        {"slug": "works", "name": "Tractor Works", "workplace": "Works", "charter": charter},
    )
    api.act(ana, "/api/councils/works/members", {"member": boris.id})
    size = api.record_size()
    body = {"office": "secretary", "member": ana.id}
    taken = api.client.post("/api/councils/works/offices", json=body, headers=ana.headers)
    assert taken.status_code in (404, 405), taken.text
    assert api.record_size() == size
    assert api.get("/api/councils/works/mandates")["offices"] == []

    elect_secretary(api, clock, ana, boris, ana)
    [office] = api.get("/api/councils/works/mandates")["offices"]
    assert (office["holder"]["name"], office["office"]) == ("Ana", "secretary")


def test_a_delegate_stands_down_and_a_member_leaves_through_the_api(api: Api, clock: Clock) -> None:
    ana, boris, lev = (api.register(name) for name in ("Ana", "Boris", "Lev"))
    api.act(ana, "/api/councils/base", {"slug": "works", "name": "Tractor Works", "workplace": "W"})
    for member in (boris, lev):
        api.act(ana, "/api/councils/works/members", {"member": member.id})
    north = {"slug": "north", "name": "Northern Council", "constituent": "works", "seats": 1}
    api.act(ana, "/api/councils/delegate", north)
    api.elect(clock, "north", "works", [boris], [ana, boris, lev])
    [seat] = api.get("/api/councils/north/mandates")["seats"]
    refused(api, ana, f"/api/mandates/{seat['id']}/standing-down", 403, "Ana can stand down only")
    stood = api.act(boris, f"/api/mandates/{seat['id']}/standing-down", {})
    assert stood["id"] == seat["id"] and len(stood["entries"]) == 2, "ended; by-election opened"
    [ended] = api.get("/api/councils/north/mandates")["seats"]
    assert ended["end_reason"] == "stood_down"
    refused(api, boris, f"/api/mandates/{seat['id']}/standing-down", 409, "ended on")

    left = api.act(lev, "/api/councils/works/leaving", {})
    [entry] = left["entries"]
    assert api.get(f"/api/record/{entry}")["entry"]["kind"] == "member.left"
    assert "Lev" not in {m["name"] for m in api.get("/api/councils/works")["members"]}
    refused(api, lev, "/api/councils/works/leaving", 403, "Lev is not a member of Tractor Works")
    refused(api, ana, "/api/councils/north/leaving", 409, "is a delegate council")
