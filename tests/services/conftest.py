"""Fixtures for the use-case tests: each runs on SQLite and on PostgreSQL (``sovet``)."""

from __future__ import annotations

import pytest

from sovet.bootstrap import Sovet

from .federation import Federation, Region, build_region


@pytest.fixture
def federation(sovet: Sovet) -> Federation:
    return Federation(sovet)


@pytest.fixture
def region(federation: Federation) -> Region:
    return build_region(federation)


@pytest.fixture
def sqlite_federation(sqlite_sovet: Sovet) -> Federation:
    """The federation on SQLite only, for refusals and details."""
    return Federation(sqlite_sovet)
