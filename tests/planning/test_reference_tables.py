"""The engine reproduces published figures from real input-output tables and the textbook LP."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from sovet.planning import Economy, NotProductive, check_productive, gross_output, labour_values
from sovet.planning.iotables import (
    IOTable,
    read_cockshott,
    read_eurostat_germany,
    read_eurostat_netherlands,
    read_ons,
    read_wiod,
)
from sovet.planning.leontief import solve_leontief
from sovet.planning.solvers.highs import solve_highs

from .lpformat import read_lp

pytestmark = pytest.mark.reference_data


def published_matrix(path: Path, size: int) -> np.ndarray:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))[1 : 1 + size]
    return np.array([[float(value) for value in row[2 : 2 + size]] for row in rows])


@pytest.fixture
def ons(reference_data: Path) -> IOTable:
    return read_ons(reference_data / "io/uk_ons_ioat_2010/uk_2010_iot_domestic_basic_pxp.csv")


@pytest.fixture
def ons_published(reference_data: Path) -> dict[str, np.ndarray]:
    path = reference_data / "io/uk_ons_ioat_2010/uk_2010_published_multipliers_effects.csv"
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return {
        column: np.array([float(row[column]) for row in rows])
        for column in ("Output multiplier", "Employment cost effects", "Employment cost multiplier")
    }


def test_the_ons_uk_2010_leontief_inverse_is_reproduced_to_1e_9_by_iteration(
    ons: IOTable, reference_data: Path
) -> None:
    economy = ons.economy
    published = published_matrix(
        reference_data / "io/uk_ons_ioat_2010/uk_2010_leontief_inverse_pxp.csv",
        economy.n_products,
    )
    identity = np.eye(economy.n_products)
    solution = solve_leontief(economy.technique_matrix(economy.default_technique()), identity)
    assert economy.n_products == 127
    assert solution.success
    assert np.abs(solution.x - published).max() < 1e-9


def test_the_ons_employment_cost_effects_are_the_labour_values_of_compensation(
    ons: IOTable, ons_published: dict[str, np.ndarray]
) -> None:
    values = labour_values(ons.economy)
    assert np.abs(values.values - ons_published["Employment cost effects"]).max() < 1e-9
    paid = ons.economy.labour > 0
    multipliers = values.values[paid] / ons.economy.labour[paid]
    assert np.abs(multipliers - ons_published["Employment cost multiplier"][paid]).max() < 1e-9


def test_the_ons_output_multipliers_are_the_column_sums_of_the_leontief_inverse(
    ons: IOTable, ons_published: dict[str, np.ndarray]
) -> None:
    economy = ons.economy
    ones = np.ones(economy.n_products)
    solution = solve_leontief(
        economy.technique_matrix(economy.default_technique()), ones, transpose=True
    )
    assert np.abs(solution.x - ons_published["Output multiplier"]).max() < 1e-9


def test_wiod_labour_values_in_hours_account_for_every_hour_worked(reference_data: Path) -> None:
    folder = reference_data / "io/wiod2016_usa_niot_sea_clptheory"
    table = read_wiod(folder / "usa_2014_niot_domestic_flows.csv", folder / "usa_2014_sea.csv")
    values = labour_values(table.economy)
    embodied = float(values.values @ table.final_demand)
    assert embodied == pytest.approx(table.labour_total.sum(), rel=1e-9)


def test_wiod_gross_output_for_the_final_demand_is_the_published_gross_output(
    reference_data: Path,
) -> None:
    folder = reference_data / "io/wiod2016_usa_niot_sea_clptheory"
    table = read_wiod(folder / "usa_2014_niot_domestic_flows.csv", folder / "usa_2014_sea.csv")
    solution = solve_leontief(
        table.economy.technique_matrix(table.economy.default_technique()), table.final_demand
    )
    assert np.abs(solution.x - table.gross_output).max() < 1e-9 * table.gross_output.max()


def test_the_eurostat_manual_germany_1995_figures_are_reproduced(reference_data: Path) -> None:
    path = reference_data / "io/eurostat_manual_examples/germany_1995_siot_6x6.csv"
    employment = read_eurostat_germany(path)
    economy = employment.economy
    inverse = solve_leontief(economy.technique_matrix(economy.default_technique()), np.eye(6)).x
    assert np.diag(inverse)[:3] == pytest.approx([1.0339, 1.4292, 1.0289], abs=1e-4)
    published_employment = [0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242]
    assert labour_values(economy).values == pytest.approx(published_employment, abs=5e-5)
    value_added = read_eurostat_germany(path, labour_row="gva")
    published_gva = [0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199]
    assert labour_values(value_added.economy).values == pytest.approx(published_gva, abs=5e-5)


def test_the_eurostat_manual_netherlands_compensation_multipliers_are_reproduced(
    reference_data: Path,
) -> None:
    table = read_eurostat_netherlands(
        reference_data / "io/eurostat_manual_examples/netherlands_2000_siot_6x6.csv"
    )
    multipliers = labour_values(table.economy).values / table.economy.labour
    assert multipliers == pytest.approx([2.466, 2.333, 1.84, 2.372, 1.953, 1.417], abs=5e-4)


def test_cockshotts_example_economy_is_refused_as_not_productive_naming_its_products(
    reference_data: Path,
) -> None:
    economy = read_cockshott(reference_data / "io/cockshott_5yearplan_examples/flows.csv")
    with pytest.raises(NotProductive) as refusal:
        check_productive(economy)
    assert refusal.value.culprit in ("coal", "corn")
    assert "'coal'" in refusal.value.message and "'corn'" in refusal.value.message


def test_the_williams_static_plan_is_the_gross_output_for_constant_demand(
    reference_data: Path,
) -> None:
    lp, _, _ = read_lp(reference_data / "lp/williams_economic_planning_gurobi/StaticModel.lp")
    coefficients = np.eye(3) - lp.matrix.toarray()
    economy = Economy.from_arrays(
        products=["coal", "steel", "transport"],
        inputs=np.clip(coefficients, 0, None),
        labour=np.zeros(3),
    )
    output = gross_output(economy, lp.row_lower)
    assert output.output == pytest.approx([166.40, 105.67, 92.31], abs=5e-3)


def test_the_williams_dynamic_planning_lp_reaches_its_published_optimum(
    reference_data: Path,
) -> None:
    lp, _, sense = read_lp(reference_data / "lp/williams_economic_planning_gurobi/DynamicModel.lp")
    solution = solve_highs(lp, algorithm="simplex", rtol=1e-9)
    assert solution.success, solution.message
    assert sense * solution.objective == pytest.approx(1902.21691, abs=1e-5)
    assert solution.certificate.within(1e-9)
