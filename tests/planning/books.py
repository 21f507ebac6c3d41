"""A small federation's books: steel, coal and bread, two steelworks."""

from __future__ import annotations

from sovet.planning import Process, Product

PRODUCTS = [
    Product("steel", "t", "Steel"),
    Product("coal", "t", "Coal"),
    Product("bread", "kg", "Bread"),
]


def processes(*, steel_capacity: float = 100.0, mill_capacity: float = 1e9) -> list[Process]:
    return [
        Process(
            "blast",
            "steel",
            "Lenin Steelworks",
            labour=2.0,
            inputs={"coal": 0.5},
            capacity=steel_capacity,
        ),
        Process(
            "electric",
            "steel",
            "Red October Mill",
            labour=3.0,
            inputs={"coal": 0.1},
            capacity=mill_capacity,
        ),
        Process("pit", "coal", "Donbas Pit 4", labour=1.0, inputs={"steel": 0.05}),
        Process(
            "bakery", "bread", "Bakery No. 1", labour=0.2, inputs={"coal": 0.01, "steel": 0.001}
        ),
    ]
