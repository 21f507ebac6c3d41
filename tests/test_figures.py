"""How figures are written for people: quantities whatever the solver's noise, counts."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from sovet.figures import duration, plural, quantity


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0, "0"),
        (18.0, "18"),
        (10.8, "10.8"),
        (350.811234, "350.811"),
        (0.70164321, "0.701643"),
        (1_500_000.0, "1,500,000"),
        (1_234_567.8, "1,234,568"),
        (7.28306e-14, "0"),
        (-3e-12, "0"),
        (-42.5, "-42.5"),
        (0.0000123, "0.000012"),
        (999_999.7, "1,000,000"),
        (math.inf, "inf"),
    ],
)
def test_a_quantity_is_shown_in_six_significant_digits_without_an_exponent(
    value: float, shown: str
) -> None:
    assert quantity(value) == shown


def test_a_count_names_its_noun_in_the_singular_only_for_one() -> None:
    assert plural(1, "pivot") == "1 pivot"
    assert plural(0, "pivot") == "0 pivots"
    assert plural(1477, "pivot") == "1,477 pivots"
    assert plural(2, "body", "bodies") == "2 bodies"


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        (timedelta(days=7), "7 days"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(days=1, hours=12), "1 day and 12 hours"),
        (timedelta(hours=2, minutes=30), "2 hours"),
    ],
)
def test_a_period_is_shown_in_days_and_hours(period: timedelta, shown: str) -> None:
    assert duration(period) == shown
