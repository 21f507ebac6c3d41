"""A proposal's processes are parsed once for each text, and a revised text is parsed anew."""

from __future__ import annotations

import json

from sovet.adapters import planning_store
from sovet.domain.books import Process, Quantity


def _text(capacity: float) -> str:
    return json.dumps(
        [
            {
                "code": "oven",
                "product": "bread",
                "unit": "loaf",
                "labour": 0.1,
                "capacity": capacity,
                "inputs": [{"product": "flour", "quantity": 0.5, "unit": "kg"}],
            }
        ]
    )


def test_the_same_text_is_parsed_once_and_a_revised_one_again() -> None:
    first = planning_store._processes(_text(100.0))
    again = planning_store._processes(_text(100.0))
    revised = planning_store._processes(_text(120.0))
    assert again is first
    assert first == (Process("oven", "bread", "loaf", 0.1, 100.0, (Quantity("flour", 0.5, "kg"),)),)
    assert revised[0].capacity == 120.0
