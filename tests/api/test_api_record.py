"""Reading the record through the API: what it refuses to prove."""

from __future__ import annotations

from .api_steps import Api


def test_an_empty_record_has_no_checkpoint_to_show(api: Api) -> None:
    response = api.client.get("/api/record/checkpoints/latest")
    assert response.status_code == 404
    assert "no checkpoint has been signed yet" in response.json()["error"]
    assert api.get("/api/record") == {"entries": [], "total": 0, "start": 0, "limit": 50}


def test_a_position_past_the_end_of_the_record_is_not_found(api: Api) -> None:
    api.register("Alma Reyes")
    for path in ("/api/record/1", "/api/record/1/proof"):
        response = api.client.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "there is no entry at position 1"


def test_no_proof_is_made_for_a_size_the_record_never_had(api: Api) -> None:
    api.register("Alma Reyes")
    api.register("Boris Kalnins")

    too_big = api.client.get("/api/record/0/proof?size=3")
    assert too_big.status_code == 422
    assert too_big.json()["error"] == "size: the record has 2 entries, not 3"
    too_small = api.client.get("/api/record/1/proof?size=1")
    assert too_small.status_code == 422
    assert too_small.json()["error"] == "size: entry 1 is not among the first 1 entries"
    backwards = api.client.get("/api/record/consistency?old=2&new=1")
    assert backwards.status_code == 422
    assert backwards.json()["error"] == "old: 2 is larger than new (1)"


def test_a_page_of_the_record_starts_where_asked_and_stops_at_its_limit(api: Api) -> None:
    for name in ("Alma Reyes", "Boris Kalnins", "Carla Moretti", "Dmitri Orlov"):
        api.register(name)

    page = api.get("/api/record?start=1&limit=2")
    assert [entry["payload"]["name"] for entry in page["entries"]] == [
        "Boris Kalnins",
        "Carla Moretti",
    ]
    assert (page["total"], page["start"], page["limit"]) == (4, 1, 2)
    refused = api.client.get("/api/record?limit=501")
    assert refused.status_code == 422
    assert "limit" in refused.json()["error"]
