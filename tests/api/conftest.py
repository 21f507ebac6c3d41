"""An HTTP client over each backend's instance."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.http import create_app

from .api_steps import Api


@pytest.fixture
def client(sovet: Sovet) -> Iterator[TestClient]:
    with TestClient(create_app(sovet)) as client:
        yield client


@pytest.fixture
def api(client: TestClient, sovet: Sovet) -> Api:
    return Api(client, sovet)
