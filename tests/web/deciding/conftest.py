"""Fixtures for the deciding pages: the seeded federation with the print shop, and the
steps that move its motions along; and, for the browser tests, the browser and pages of
``tests/web/test_browser.py``."""

from __future__ import annotations

import pytest

from sovet.bootstrap import Sovet

from ..federation import Federation
from ..test_browser import browser, page, phone
from .deliberation import Clock, Deliberation

__all__ = ["browser", "page", "phone", "steps"]


@pytest.fixture
def steps(sqlite_sovet: Sovet, federation: Federation, clock: Clock) -> Deliberation:
    steps = Deliberation(sqlite_sovet, federation, clock)
    steps.found_print_shop()
    return steps
