"""Figures kept for overlapping periods (a year, its quarters, their months) are counted
once against a plan's period: the plan's own period wins, else each quarter, else its
months; a period and a period inside it are never added together."""

from __future__ import annotations

import pytest

from sovet.domain.books import Quantity
from sovet.domain.planning import PlanPart, counted, fulfilment, periods_within, totals

BAKERY = 7


def accepted(*outputs: Quantity) -> PlanPart:
    return PlanPart(
        period_id=1,
        council_id=BAKERY,
        round=1,
        outputs=outputs,
        inputs=(),
        labour=0.0,
        state="accepted",
        motion_id=None,
    )


def test_a_yearly_figure_is_not_added_to_its_quarters_and_months() -> None:
    part = accepted(Quantity("bread", 30_000, "kg"))
    recorded = {
        BAKERY: [
            ("2028", "bread", 30_000.0, "kg"),
            ("2028-Q1", "bread", 7_000.0, "kg"),
            ("2028-01", "bread", 2_500.0, "kg"),
        ]
    }
    [row] = fulfilment([part], recorded)
    assert (row.output, row.share) == (30_000, 1.0)
    [total] = totals([row])
    assert total.output == 30_000


def test_without_a_yearly_figure_each_quarter_counts_its_own_figure_or_its_months() -> None:
    part = accepted(Quantity("bread", 40_000, "kg"), Quantity("cake", 10, "kg"))
    recorded = {
        BAKERY: [
            ("2028-Q1", "bread", 7_000.0, "kg"),
            ("2028-01", "bread", 2_500.0, "kg"),
            ("2028-02", "bread", 2_000.0, "kg"),
            ("2028-05", "bread", 3_000.0, "kg"),
            ("2028-06", "bread", 3_500.0, "kg"),
            ("2028-Q4", "bread", 9_000.0, "kg"),
            ("2028-12", "bread", 1_000.0, "kg"),
        ]
    }
    bread, cake = fulfilment([part], recorded)
    assert bread.output == 7_000 + 3_000 + 3_500 + 9_000
    assert cake.output == 0


def test_a_quarterly_figure_wins_over_its_months() -> None:
    part = accepted(Quantity("bread", 6_000, "kg"))
    recorded = {
        BAKERY: [
            ("2029-04", "bread", 3_000.0, "kg"),
            ("2029-05", "bread", 3_000.0, "kg"),
            ("2029-Q2", "bread", 7_500.0, "kg"),
        ]
    }
    [row] = fulfilment([part], recorded)
    assert row.output == 7_500


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("2028", 30_000),
        ("2028-Q1", 7_000),
        ("2028-Q2", 3_000 + 3_500),
        ("2028-Q3", None),
        ("2028-01", 2_500),
        ("2029", None),
    ],
)
def test_only_figures_within_the_plans_period_count_and_none_twice(
    plan: str, expected: float | None
) -> None:
    figures = [
        (("bread",), period, quantity)
        for period, quantity in [
            ("2028", 30_000.0),
            ("2028-Q1", 7_000.0),
            ("2028-01", 2_500.0),
            ("2028-05", 3_000.0),
            ("2028-06", 3_500.0),
        ]
    ]
    assert counted(figures, plan).get(("bread",)) == expected


def test_a_yearly_figure_counts_nothing_towards_a_quarterly_plan() -> None:
    assert counted([(("bread",), "2028", 30_000.0)], "2028-Q2") == {}


def test_the_periods_within_a_year_are_its_quarters_and_months() -> None:
    assert periods_within("2028")[:5] == ["2028", "2028-Q1", "2028-Q2", "2028-Q3", "2028-Q4"]
    assert len(periods_within("2028")) == 17
    assert periods_within("2029-Q2") == ["2029-Q2", "2029-04", "2029-05", "2029-06"]
    assert periods_within("2029-05") == ["2029-05"]
