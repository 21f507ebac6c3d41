"""Planning through the JSON API: a period opened, proposals and targets filed, a round
published and read back with its balance, the plan moved; and the refusals."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from conftest import Clock
from sovet.bootstrap import Sovet
from sovet.domain.members import Member
from sovet.http import create_app
from sovet.services.add_product import AddProduct, add_product
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council

from .api_steps import Api, Person

AGENDA_DAYS = 14
VOTING_DAYS = 7
OVEN = {
    "code": "oven",
    "product": "bread",
    "unit": "kg",
    "labour": 0.2,
    "capacity": 500,
    "inputs": [],
}


@pytest.fixture
def sqlite_api(sqlite_sovet: Sovet) -> Iterator[Api]:
    with TestClient(create_app(sqlite_sovet)) as client:
        yield Api(client, sqlite_sovet)


def bakery_and_planners(api: Api, clock: Clock) -> tuple[Person, Person, Person]:
    """Pavel keeps the bakery and sits for it in the joint council, elected by the bakery;
    Olga's consumers' council asks for bread; Lev is in no council."""
    pavel, olga, lev = api.register("Pavel"), api.register("Olga"), api.register("Lev")
    with api.sovet.db.transaction() as store:
        baker = store.member(pavel.id)
        consumer = store.member(olga.id)
        assert isinstance(baker, Member) and isinstance(consumer, Member)
        found_base_council(
            store, FoundBaseCouncil("bakery", "Bakery No. 1", "Mill Street"), actor=baker
        )
        found_base_council(
            store,
            FoundBaseCouncil(
                "consumers",
                "Consumers",
                "Mill Street",
                charter={"proposes_demand": ["consumption"]},
            ),
            actor=consumer,
        )
        add_product(store, AddProduct("bakery", "bread", "Bread", "kg"), actor=baker)
        found_delegate_council(
            store,
            FoundDelegateCouncil(
                "joint", "Joint Economic Council", "bakery", charter={"decides": ["planning"]}
            ),
            actor=baker,
        )
    api.elect(clock, "joint", "bakery", [pavel], [pavel])
    return pavel, olga, lev


def asking_for_bread(api: Api, pavel: Person, olga: Person, bread: float) -> str:
    """Pavel's joint council calls for proposals for 2028, the bakery offers its oven and
    Olga's consumers' council asks for ``bread`` kg: the period's path in the API."""
    opened = api.act(
        pavel, "/api/planning/periods", {"council": "joint", "period": "2028", "proposal_days": 0}
    )
    base = f"/api/planning/periods/{opened['id']}"
    api.act(pavel, f"{base}/proposals", {"council": "bakery", "processes": [OVEN]})
    target = {"product": "bread", "quantity": bread, "unit": "kg", "category": "consumption"}
    api.act(olga, f"{base}/targets", {"council": "consumers", "targets": [target]})
    return base


def test_a_planning_round_is_published_and_read_through_the_api(api: Api, clock: Clock) -> None:
    pavel, olga, _ = bakery_and_planners(api, clock)
    base = asking_for_bread(api, pavel, olga, 1000)
    published = api.act(pavel, f"{base}/rounds", {})
    assert published["id"] == 1

    detail = api.get(base)
    assert detail["period"]["state"] == "open"
    [first] = detail["rounds"]
    assert first["scale"] == pytest.approx(0.5)
    assert first["balance"]["bottlenecks"][0]["process"] == "bakery/oven"
    assert set(first["balance"]["accuracy"]) == {"primal_residual", "dual_residual", "gap"}
    assert [p["round"] for p in detail["proposals"]] == [1]
    assert [p["name"] for p in api.get("/api/planning/periods")] == ["2028"]

    api.act(pavel, f"{base}/rounds", {})
    earlier, last = api.get(base)["rounds"]
    assert earlier["balance"] is None
    assert last["balance"]["scale"] == pytest.approx(0.5)
    assert earlier["shortfall"] == pytest.approx(0.5)
    assert api.get(f"{base}/rounds/1") == {**earlier, "balance": first["balance"]}
    missing = api.client.get(f"{base}/rounds/3")
    assert missing.status_code == 404
    assert "round 3: 2 rounds of 2028 have been published" in missing.json()["error"]
    ours = api.client.get(f"{base}/rounds/2/processes.csv", params={"workplace": "bakery"})
    assert ours.text.splitlines()[1].startswith("bakery,bakery/oven,")
    nobody = api.client.get(f"{base}/rounds/2/processes.csv", params={"workplace": "forge"})
    assert nobody.status_code == 404
    assert "workplace: there is no council 'forge'" in nobody.json()["error"]
    assert api.client.get("/api/demand", params={"period": "soon"}).status_code == 422


def test_planning_refusals_through_the_api_append_nothing(sqlite_api: Api, clock: Clock) -> None:
    pavel, _, lev = bakery_and_planners(sqlite_api, clock)
    opened = sqlite_api.act(
        pavel, "/api/planning/periods", {"council": "joint", "period": "2028", "proposal_days": 0}
    )
    base = f"/api/planning/periods/{opened['id']}"
    size = sqlite_api.record_size()
    unknown = {**OVEN, "inputs": [{"product": "rye", "quantity": 1, "unit": "kg"}]}
    for who, path, body, status, words in [
        (lev, f"{base}/rounds", {}, 403, "holds no mandate"),
        (pavel, f"{base}/proposals", {"council": "bakery", "processes": [unknown]}, 404, "'rye'"),
        (pavel, f"{base}/rounds", {}, 422, "no workplace has filed a proposal"),
        (pavel, f"{base}/plan", {}, 409, "has not balanced"),
        (pavel, "/api/planning/periods/999/rounds", {}, 404, "no planning period 999"),
        (pavel, f"/api/planning/periods/{2**63}/rounds", {}, 422, "period_id"),
    ]:
        response = sqlite_api.client.post(path, json=body, headers=who.headers)
        assert response.status_code == status, response.text
        assert words in response.json()["error"]
    assert sqlite_api.record_size() == size


def test_a_round_is_computed_in_the_background_and_followed_through_the_api(
    api: Api, clock: Clock
) -> None:
    pavel, olga, lev = bakery_and_planners(api, clock)
    base = asking_for_bread(api, pavel, olga, 1000)
    none_yet = api.client.get(f"{base}/round-job")
    assert none_yet.status_code == 404
    assert "no round of period" in none_yet.json()["error"]

    asked = api.client.post(f"{base}/round-jobs", json={"round": 1}, headers=pavel.headers)
    assert asked.status_code == 202, asked.text
    assert (asked.json()["round"], asked.json()["member"]) == (1, pavel.id)
    deadline = time.monotonic() + 60
    while (job := api.get(f"{base}/round-job"))["state"] == "running":
        assert time.monotonic() < deadline, f"the round is still being computed: {job}"
        time.sleep(0.05)

    assert (job["id"], job["state"], job["message"]) == (
        asked.json()["id"],
        "published",
        "round 1 was published",
    )
    assert job["finished"] is not None and job["seconds"] >= 0
    assert [r["number"] for r in api.get(base)["rounds"]] == [1]
    size = api.record_size()
    for who, body, status, words in [
        (pavel, {"round": 1}, 409, "round 1: the next round of 2028 is round 2"),
        (pavel, {"round": 0}, 422, "round"),
        (lev, {}, 403, "holds no mandate"),
    ]:
        refused = api.client.post(f"{base}/round-jobs", json=body, headers=who.headers)
        assert refused.status_code == status, refused.text
        assert words in refused.json()["error"]
    assert api.record_size() == size
    assert api.get(f"{base}/round-job")["id"] == job["id"]


def test_a_workplace_s_answer_to_its_part_is_read_with_the_period_until_decided(
    api: Api, clock: Clock
) -> None:
    pavel, olga, _ = bakery_and_planners(api, clock)
    base = asking_for_bread(api, pavel, olga, 400)
    api.act(pavel, f"{base}/rounds", {})
    plan = api.act(pavel, f"{base}/plan", {})
    vote_through(api, clock, pavel, plan["id"], wait=AGENDA_DAYS)
    [sent] = api.get(base)["parts"]
    assert (sent["state"], sent["answers"]) == ("sent", [])

    answer = api.act(pavel, f"{base}/parts/bakery", {"accept": True})
    [answered] = api.get(base)["parts"]
    assert (answered["state"], answered["answers"]) == ("sent", [answer["id"]])

    vote_through(api, clock, pavel, answer["id"], wait=AGENDA_DAYS)
    [accepted] = api.get(base)["parts"]
    assert accepted["state"] == "accepted"
    assert accepted["answers"] == []
    assert accepted["motion"] == answer["id"]


def vote_through(api: Api, clock: Clock, voter: Person, motion: int, *, wait: int) -> None:
    """Wait ``wait`` days for the agenda, open the vote, ``voter`` says yes, close it."""
    clock.advance(days=wait)
    [vote] = api.act(voter, f"/api/motions/{motion}/votes", {})["votes"]
    api.act(voter, f"/api/votes/{vote['id']}/ballots", {"choice": "yes"})
    clock.advance(days=VOTING_DAYS)
    api.act(voter, f"/api/votes/{vote['id']}/closing", {})
