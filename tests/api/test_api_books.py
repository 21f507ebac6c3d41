"""The open books through the JSON API: the catalogue, a workplace's books as its members
and as other members read them, CSV out and in, demand proposed; and the refusals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.http import create_app

from .api_steps import Api, Person


def bakery_with_bread(api: Api) -> tuple[Person, Person]:
    """Pavel keeps the bakery's books; Lev belongs to no workplace council."""
    pavel, lev = api.register("Pavel"), api.register("Lev")
    api.found_base(pavel, "bakery", "Bakery No. 1")
    for code, name in [("bread", "Bread"), ("flour", "Flour")]:
        body = {"council": "bakery", "code": code, "name": name, "unit": "kg"}
        api.act(pavel, "/api/products", body)
    return pavel, lev


def test_a_workplace_keeps_its_books_through_the_api(api: Api) -> None:
    pavel, lev = bakery_with_bread(api)
    process = {
        "code": "oven",
        "product": "bread",
        "unit": "kg",
        "labour": 0.2,
        "capacity": 500,
        "inputs": [{"product": "flour", "quantity": 0.7, "unit": "kg"}],
    }
    api.act(pavel, "/api/councils/bakery/books/processes", process)
    stock = api.client.put(
        "/api/councils/bakery/books/stocks/flour",
        json={"quantity": 120, "unit": "kg"},
        headers=pavel.headers,
    )
    assert stock.status_code == 200, stock.text
    output = api.client.put(
        "/api/councils/bakery/books/output/2027-Q1",
        json={
            "output": [{"product": "bread", "quantity": 430, "unit": "kg"}],
            "use": [{"product": "flour", "quantity": 301, "unit": "kg"}],
        },
        headers=pavel.headers,
    )
    assert output.status_code == 200, output.text
    assert [p["code"] for p in api.get("/api/products")] == ["bread", "flour"]

    inside = api.get("/api/councils/bakery/books", pavel)
    assert inside["hidden"] == []
    assert inside["stocks"] == [{"product": "flour", "quantity": 120.0, "unit": "kg"}]
    outside = api.get("/api/councils/bakery/books", lev)
    assert outside["hidden"] == ["stocks", "use"]
    assert outside["stocks"] is None
    assert outside["processes"][0]["capacity"] == 500

    exported = api.client.get("/api/councils/bakery/books.csv", headers=pavel.headers)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    size = api.record_size()
    api.act(pavel, "/api/councils/bakery/books", {"csv": exported.text})
    assert api.record_size() == size + 1
    again = api.client.get("/api/councils/bakery/books.csv", headers=pavel.headers)
    assert again.text == exported.text
    filed = api.act(pavel, "/api/councils/bakery/books/motions", {"csv": exported.text})
    motion = api.get(f"/api/motions/{filed['id']}")["motion"]
    assert (motion["kind"], motion["matter"]) == ("books", "books")


@pytest.fixture
def sqlite_api(sqlite_sovet: Sovet) -> Iterator[Api]:
    with TestClient(create_app(sqlite_sovet)) as client:
        yield Api(client, sqlite_sovet)


def test_refused_book_keeping_answers_with_its_status_and_appends_nothing(
    sqlite_api: Api,
) -> None:
    api = sqlite_api
    pavel, lev = bakery_with_bread(api)
    size = api.record_size()
    for who, method, path, body, status, words in [
        (
            lev,
            "post",
            "/api/products",
            {"council": "bakery", "code": "rye", "name": "Rye", "unit": "kg"},
            403,
            "not a member",
        ),
        (
            pavel,
            "put",
            "/api/councils/bakery/books/stocks/flour",
            {"quantity": -1, "unit": "kg"},
            422,
            "negative",
        ),
        (
            pavel,
            "put",
            "/api/councils/bakery/books/stocks/flour",
            {"quantity": 1, "unit": "t"},
            422,
            "'flour' in 't'",
        ),
        (
            pavel,
            "put",
            "/api/councils/bakery/books/stocks/salt",
            {"quantity": 1, "unit": "kg"},
            404,
            "'salt'",
        ),
        (pavel, "post", "/api/councils/bakery/books", {"csv": "row,process\n"}, 422, "line 1"),
        (
            pavel,
            "post",
            "/api/councils/bakery/demand",
            {
                "period": "2027",
                "targets": [
                    {"product": "bread", "quantity": 1, "unit": "kg", "category": "consumption"}
                ],
            },
            422,
            "proposes no demand",
        ),
        (
            None,
            "put",
            "/api/councils/bakery/books/stocks/flour",
            {"quantity": 1, "unit": "kg"},
            401,
            "log in",
        ),
    ]:
        headers = None if who is None else who.headers
        response = api.client.request(method, path, json=body, headers=headers)
        assert response.status_code == status, response.text
        assert words in response.json()["error"]
    assert api.record_size() == size
    hidden = api.client.get("/api/councils/bakery/books.csv", headers=lev.headers)
    assert hidden.status_code == 403
    assert "stocks, use" in hidden.json()["error"]
    assert api.client.get("/api/councils/bakery/books").status_code == 401
