"""Pure rules of planning in rounds: when a plan balances, which books' periods fall within
a plan's period, and how a balance splits into each workplace's part."""

from __future__ import annotations

import pytest

from sovet.domain.planning import is_balanced, parts_of, within


@pytest.mark.parametrize(
    ("flow", "plan", "inside"),
    [
        ("2028", "2028", True),
        ("2028-03", "2028", True),
        ("2028-Q2", "2028", True),
        ("2029-01", "2028", False),
        ("2028-05", "2028-Q2", True),
        ("2028-07", "2028-Q2", False),
        ("2028-Q2", "2028-Q2", True),
        ("2028-05", "2028-05", True),
        ("2028", "2028-Q2", False),
    ],
)
def test_books_kept_for_a_month_or_quarter_count_within_the_plans_period(
    flow: str, plan: str, inside: bool
) -> None:
    assert within(flow, plan) is inside


def test_a_plan_balances_at_a_plan_ray_of_one_less_the_tolerance() -> None:
    assert is_balanced(1.0, 0.0)
    assert not is_balanced(0.97, 0.0)
    assert is_balanced(0.97, 0.05)


def test_a_balance_splits_into_each_workplaces_outputs_inputs_and_hours() -> None:
    process = {"council": 7, "product": "bread", "unit": "kg", "level": 100.0, "labour": 20.0}
    balance = {
        "processes": [
            {**process, "inputs": [{"product": "coal", "unit": "t", "quantity": 1.0}]},
            {**process, "level": 50.0, "labour": 5.0, "inputs": []},
            {
                "council": 3,
                "product": "coal",
                "unit": "t",
                "level": 1.0,
                "labour": 2.0,
                "inputs": [],
            },
        ]
    }
    assert parts_of(balance) == [
        {
            "council": 3,
            "outputs": [{"product": "coal", "quantity": 1.0, "unit": "t"}],
            "inputs": [],
            "labour": 2.0,
        },
        {
            "council": 7,
            "outputs": [{"product": "bread", "quantity": 150.0, "unit": "kg"}],
            "inputs": [{"product": "coal", "quantity": 1.0, "unit": "t"}],
            "labour": 25.0,
        },
    ]
