"""Building the model economy from books: every bad figure is refused with its culprit named."""

from __future__ import annotations

import numpy as np
import pytest

from sovet.planning import (
    Economy,
    Input,
    MissingProcess,
    NegativeCoefficient,
    PlanningError,
    Process,
    Product,
    UnitMismatch,
    UnknownProduct,
)

from .books import PRODUCTS, processes


def test_the_books_become_sparse_arrays_with_one_column_per_process() -> None:
    economy = Economy.from_books(PRODUCTS, processes())
    assert economy.n_products == 3 and economy.n_processes == 4
    assert not economy.single_technique
    assert list(economy.makes) == [0, 0, 1, 2]
    assert economy.inputs.toarray()[1].tolist() == [0.5, 0.1, 0.0, 0.01]
    assert economy.net_output.toarray()[0].tolist() == [1.0, 1.0, -0.05, -0.001]


def test_a_process_with_an_unknown_product_is_refused_naming_the_product_and_workplace() -> None:
    books = [*processes(), Process("oven", "bread", "Bakery No. 2", 0.3, {"flour": 0.7})]
    with pytest.raises(UnknownProduct) as refusal:
        Economy.from_books(PRODUCTS, books)
    assert refusal.value.culprit == "flour"
    assert "Bakery No. 2" in refusal.value.message and "'oven'" in refusal.value.message


def test_a_negative_input_is_refused_naming_the_process() -> None:
    books = [*processes(), Process("oven", "bread", "Bakery No. 2", 0.3, {"coal": -0.2})]
    with pytest.raises(NegativeCoefficient) as refusal:
        Economy.from_books(PRODUCTS, books)
    assert refusal.value.culprit == "oven"
    assert "Bakery No. 2" in refusal.value.message


def test_negative_labour_in_arrays_is_refused_naming_the_process_and_workplace() -> None:
    with pytest.raises(NegativeCoefficient) as refusal:
        Economy.from_arrays(
            products=["a", "b"],
            inputs=np.zeros((2, 2)),
            labour=[1.0, -1.0],
            workplaces=["Mill", "Forge"],
        )
    assert refusal.value.culprit == "b"
    assert "Forge" in refusal.value.message


def test_an_input_counted_in_another_unit_is_refused_naming_the_product() -> None:
    books = [
        *processes(),
        Process("oven", "bread", "Bakery No. 2", 0.3, [Input("coal", 200.0, unit="kg")]),
    ]
    with pytest.raises(UnitMismatch) as refusal:
        Economy.from_books(PRODUCTS, books)
    assert refusal.value.culprit == "coal"
    assert "'kg'" in refusal.value.message and "'t'" in refusal.value.message


def test_an_output_counted_in_another_unit_is_refused() -> None:
    books = [*processes(), Process("oven", "bread", "Bakery No. 2", 0.3, {}, unit="loaves")]
    with pytest.raises(UnitMismatch) as refusal:
        Economy.from_books(PRODUCTS, books)
    assert refusal.value.culprit == "bread"


def test_a_product_no_process_makes_is_refused() -> None:
    catalogue = [*PRODUCTS, Product("iron ore", "t")]
    with pytest.raises(MissingProcess) as refusal:
        Economy.from_books(catalogue, processes())
    assert refusal.value.culprit == "iron ore"


def test_a_product_no_process_makes_is_refused_naming_the_first_process_that_uses_it() -> None:
    catalogue = [*PRODUCTS, Product("iron ore", "t", source="products.csv line 5")]
    forge = Process("forge", "steel", "Red Forge", 4.0, {"iron ore": 1.2}, source="line 9")
    with pytest.raises(MissingProcess) as refusal:
        Economy.from_books(catalogue, [*processes(), forge])
    assert refusal.value.culprit == "iron ore"
    assert refusal.value.message.startswith(
        "line 9: process 'forge' of workplace 'Red Forge' uses product 'iron ore', which no "
        "process makes"
    )
    with pytest.raises(MissingProcess) as unused:
        Economy.from_books(catalogue, processes())
    assert unused.value.message.startswith("products.csv line 5: no process makes product")


def test_a_product_listed_twice_is_refused() -> None:
    with pytest.raises(PlanningError) as refusal:
        Economy.from_books([*PRODUCTS, Product("coal", "t")], processes())
    assert refusal.value.culprit == "coal"


def test_targets_name_an_unknown_or_negative_product() -> None:
    economy = Economy.from_books(PRODUCTS, processes())
    with pytest.raises(UnknownProduct):
        economy.targets({"butter": 1.0})
    with pytest.raises(NegativeCoefficient) as refusal:
        economy.targets({"bread": -1.0})
    assert refusal.value.culprit == "bread"


def test_planning_errors_are_refusals_and_value_errors() -> None:
    from sovet.domain.errors import Invalid

    with pytest.raises(Invalid):
        Economy.from_books(PRODUCTS, [*processes(), Process("x", "tea", "W", 1.0)])
    with pytest.raises(ValueError, match="labour"):
        Economy.from_arrays(products=["a"], inputs=np.zeros((1, 1)), labour=[1.0, 2.0])


def test_a_process_listed_twice_is_refused() -> None:
    books = [*processes(), Process("pit", "coal", "Donbas Pit 5", 1.0)]
    with pytest.raises(PlanningError) as refusal:
        Economy.from_books(PRODUCTS, books)
    assert refusal.value.culprit == "pit"


def test_an_input_listed_twice_for_one_process_is_refused_not_summed() -> None:
    twice = [Input("coal", 0.5), Input("steel", 0.1), Input("coal", 0.25)]
    books = [*processes(), Process("oven", "bread", "Bakery No. 2", 0.3, twice)]
    with pytest.raises(PlanningError) as refusal:
        Economy.from_books(PRODUCTS, books)
    assert refusal.value.culprit == "oven"
    assert refusal.value.message == (
        "process 'oven' of workplace 'Bakery No. 2' lists input 'coal' twice"
    )


@pytest.mark.parametrize(
    ("catalogue", "process", "message"),
    [
        ([Product("", "t")], Process("oven", "bread", "W", 0.3), "the product has no code"),
        ([], Process("oven", "", "W", 0.3), "process 'oven' of workplace 'W' names no product"),
        ([], Process("", "bread", "W", 0.3), "the process has no code"),
    ],
)
def test_an_empty_code_is_refused_in_words(
    catalogue: list[Product], process: Process, message: str
) -> None:
    with pytest.raises(PlanningError) as refusal:
        Economy.from_books([*PRODUCTS, *catalogue], [*processes(), process])
    assert refusal.value.message == message


def test_a_refusal_begins_with_where_the_product_or_process_was_read() -> None:
    sourced = Process("pit", "coal", "Donbas Pit 5", 1.0, source="processes.csv line 9")
    with pytest.raises(PlanningError) as refusal:
        Economy.from_books(PRODUCTS, [*processes(), sourced])
    assert refusal.value.message == (
        "processes.csv line 9: process 'pit' of workplace 'Donbas Pit 5' is listed twice"
    )
    catalogue = [*PRODUCTS, Product("coal", "t", source="products.csv line 5")]
    with pytest.raises(PlanningError) as refusal:
        Economy.from_books(catalogue, processes())
    assert refusal.value.message == (
        "products.csv line 5: product 'coal' is listed twice in the catalogue"
    )
