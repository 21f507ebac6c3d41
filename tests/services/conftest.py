"""Fixtures for the use-case tests: each runs on SQLite and on PostgreSQL (``sovet``)."""

from __future__ import annotations

import pytest

from sovet.bootstrap import Sovet

from .deliberation import Steps
from .electing import Electing, Seats, build_seats
from .federation import Clock, ElectDelegates, Federation, Region, build_region


@pytest.fixture
def federation(sovet: Sovet, elect_delegates: ElectDelegates) -> Federation:
    return Federation(sovet, elect_delegates)


@pytest.fixture
def region(federation: Federation) -> Region:
    return build_region(federation)


@pytest.fixture
def sqlite_federation(sqlite_sovet: Sovet, elect_delegates: ElectDelegates) -> Federation:
    """The federation on SQLite only, for refusals and details."""
    return Federation(sqlite_sovet, elect_delegates)


@pytest.fixture
def steps(federation: Federation, clock: Clock) -> Steps:
    """The steps of deliberation (filing, supporting, voting) on the test's clock."""
    return Steps(federation, clock)


@pytest.fixture
def seated(region: Region, federation: Federation) -> Region:
    """The region with Boris seated for the works and Gleb for the mill."""
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    return region


@pytest.fixture
def seats(federation: Federation) -> Seats:
    """The tractor works and the textile mill, which fill seats in the regional council."""
    return build_seats(federation)


@pytest.fixture
def electing(federation: Federation, clock: Clock) -> Electing:
    """Acts in elections on the test's clock."""
    return Electing(federation, clock)
