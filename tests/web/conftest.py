"""Fixtures for the page tests: an app over a seeded federation, and a logged-in client."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.http import create_app

from .federation import PASSWORD, Federation, seed

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF.search(html)
    assert found is not None, "the page carries no form with a CSRF token"
    return found.group(1)


def record_size(sovet: Sovet) -> int:
    return sum(1 for _ in sovet.db.bodies())


def log_in(client: TestClient, who: str) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "email": Federation.email(who), "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def federation(sqlite_sovet: Sovet) -> Federation:
    return seed(sqlite_sovet)


@pytest.fixture
def client(sqlite_sovet: Sovet) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_sovet)) as test_client:
        yield test_client
