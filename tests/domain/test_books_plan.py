"""From the books of every workplace to the planning engine's economy."""

from __future__ import annotations

import numpy as np
import pytest

from sovet.domain import books as b
from sovet.domain.books_plan import economy_of, final_demand
from sovet.planning import MissingProcess, UnitMismatch, UnknownProduct, labour_values

CATALOGUE = {
    "steel": b.Product("steel", "Steel", "t"),
    "coal": b.Product("coal", "Coal", "t"),
    "ore": b.Product("ore", "Iron ore", "t"),
}


def process(code: str, product: str, labour: float, **inputs: float) -> b.Process:
    unit = CATALOGUE[product].unit if product in CATALOGUE else "t"
    return b.Process(
        code=code,
        product=product,
        unit=unit,
        labour=labour,
        capacity=100.0,
        inputs=tuple(b.Quantity(name, qty, "t") for name, qty in inputs.items()),
    )


BOOKS = {
    "steelworks": b.Books(processes=(process("blast", "steel", 2.0, coal=0.5),)),
    "pit": b.Books(processes=(process("shaft", "coal", 1.0, steel=0.1),)),
}


def test_each_workplace_process_becomes_one_of_the_economys_named_by_its_workplace() -> None:
    economy = economy_of(CATALOGUE, BOOKS)
    assert economy.products == ("coal", "steel")
    assert economy.process_codes == ("pit/shaft", "steelworks/blast")
    assert economy.workplaces == ("pit", "steelworks")
    values = labour_values(economy).values
    # v_coal = 1 + 0.1 v_steel and v_steel = 2 + 0.5 v_coal
    assert values == pytest.approx(np.array([1.2 / 0.95, 2.5 / 0.95]))


def test_a_product_used_but_made_by_nobody_is_refused_by_the_engine_naming_it() -> None:
    books = {"steelworks": b.Books(processes=(process("blast", "steel", 2.0, ore=1.5),))}
    with pytest.raises(MissingProcess, match="'ore'"):
        economy_of(CATALOGUE, books)


def test_the_engine_checks_the_units_and_products_again() -> None:
    wrong_unit = b.Process("blast", "steel", "kg", 2.0, 1.0)
    with pytest.raises(UnitMismatch, match="'steel'"):
        economy_of(CATALOGUE, {"steelworks": b.Books(processes=(wrong_unit,))})
    unknown = process("mill", "flour", 1.0)
    with pytest.raises(UnknownProduct, match="'flour'"):
        economy_of(CATALOGUE, {"mill": b.Books(processes=(unknown,))})


def test_final_demand_sums_the_targets_by_product() -> None:
    targets = [
        b.Target("steel", 3.0, "t", "investment"),
        b.Target("steel", 2.0, "t", "public_services"),
        b.Target("coal", 1.0, "t", "consumption"),
    ]
    assert final_demand(targets) == {"steel": 5.0, "coal": 1.0}
