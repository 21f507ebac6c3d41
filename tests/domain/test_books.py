"""The open books' rules: every figure checked against the catalogue, naming the culprit,
and the CSV format read back to the same books."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sovet.domain import books as b
from sovet.domain.books_csv import from_csv, to_csv
from sovet.domain.charter import Charter
from sovet.domain.errors import Invalid, NotFound, Refused

CATALOGUE = {
    "steel": b.Product("steel", "Steel", "t"),
    "coal": b.Product("coal", "Coal", "t"),
    "bread": b.Product("bread", "Bread", "kg"),
}
HEADER = "row,process,product,quantity,unit,period\n"


def blast(**changes: object) -> b.Process:
    fields: dict[str, object] = {
        "code": "blast",
        "product": "steel",
        "unit": "t",
        "labour": 2.0,
        "capacity": 100.0,
        "inputs": (b.Quantity("coal", 0.5, "t"),),
    }
    fields.update(changes)
    return b.Process(**fields)  # type: ignore[arg-type]


def refusal(error: type[Refused], process: b.Process) -> str:
    with pytest.raises(error) as raised:
        b.process(CATALOGUE, process)
    return raised.value.message


def test_a_good_process_is_kept_with_its_inputs_in_order() -> None:
    process = b.process(
        CATALOGUE, blast(inputs=(b.Quantity("steel", 0.1, "t"), b.Quantity("coal", 0.5, "t")))
    )
    assert [item.product for item in process.inputs] == ["coal", "steel"]


def test_an_unknown_product_is_named() -> None:
    message = refusal(NotFound, blast(inputs=(b.Quantity("ore", 1.0, "t"),)))
    assert "'ore'" in message and "'blast'" in message


def test_an_input_in_another_unit_than_the_catalogues_is_named() -> None:
    message = refusal(Invalid, blast(inputs=(b.Quantity("coal", 500.0, "kg"),)))
    assert "'coal' in 'kg'" in message and "'t'" in message


def test_an_output_in_another_unit_is_refused_too() -> None:
    assert "'steel' in 'kg'" in refusal(Invalid, blast(unit="kg"))


def test_a_process_that_needs_a_unit_of_its_own_output_is_not_productive() -> None:
    message = refusal(Invalid, blast(inputs=(b.Quantity("steel", 1.0, "t"),)))
    assert "not productive" in message and "'steel'" in message


@pytest.mark.parametrize("value", ["", "kilogram-per-hour", "k g", "t,kg", "\x00", "kg\u202e", 7])
def test_a_unit_that_cannot_be_shown_in_one_word_is_refused(value: object) -> None:
    with pytest.raises(Invalid, match="is not a unit"):
        b.unit(value)


def test_an_input_listed_twice_is_refused() -> None:
    twice = (b.Quantity("coal", 0.5, "t"), b.Quantity("coal", 0.1, "t"))
    assert "'coal' twice" in refusal(Invalid, blast(inputs=twice))


@given(
    figure=st.sampled_from(["labour", "capacity", "input"]),
    value=st.one_of(
        st.floats(max_value=-1e-12, allow_nan=False, allow_infinity=False),
        st.sampled_from([math.nan, math.inf, -math.inf]),
    ),
)
def test_a_negative_or_endless_figure_is_refused_naming_it(figure: str, value: float) -> None:
    if figure == "input":
        process = blast(inputs=(b.Quantity("coal", value, "t"),))
    else:
        process = blast(**{figure: value})
    message = refusal(Invalid, process)
    assert "'blast'" in message
    assert ("coal" if figure == "input" else figure) in message


@given(
    labour=st.floats(min_value=0, max_value=1e6),
    capacity=st.floats(min_value=0, max_value=1e9),
    coal=st.floats(min_value=0, max_value=1e3),
    steel=st.floats(min_value=0, max_value=0.999),
)
def test_figures_not_below_zero_always_pass_and_export_and_import_unchanged(
    labour: float, capacity: float, coal: float, steel: float
) -> None:
    inputs = (b.Quantity("coal", coal, "t"), b.Quantity("steel", steel, "t"))
    process = b.process(CATALOGUE, blast(labour=labour, capacity=capacity, inputs=inputs))
    books = b.Books(processes=(process,))
    assert from_csv(to_csv(books), CATALOGUE) == books


def test_the_csv_format_reads_every_kind_of_row() -> None:
    csv_text = (
        HEADER + "process,blast,steel,100,t,\nlabour,blast,,2,h,\ninput,blast,coal,0.5,t,\n"
        "stock,,coal,40,t,\noutput,,steel,80,t,2027-Q1\nuse,,coal,40,t,2027-Q1\n"
    )
    books = from_csv(csv_text, CATALOGUE)
    assert books.processes == (b.process(CATALOGUE, blast()),)
    assert books.stocks == (b.Quantity("coal", 40, "t"),)
    assert books.periods() == ["2027-Q1"]
    assert to_csv(books) == csv_text


@pytest.mark.parametrize(
    ("lines", "line", "words"),
    [
        ("process,blast,steel,100,t,\n", 2, "no labour row"),
        ("labour,blast,,2,h,\n", 2, "no process row above"),
        ("process,blast,steel,100,t,\nlabour,blast,,two,h,\n", 3, "'two' is not a number"),
        ("process,blast,steel,-1,t,\n", 2, "negative"),
        ("process,blast,ore,1,t,\n", 2, "unknown product 'ore'"),
        ("stock,,coal,3,kg,\n", 2, "in 'kg'"),
        ("stock,,coal,3,t,\nstock,,coal,4,t,\n", 3, "already appears on line 2"),
        ("output,,steel,3,t,2027-13\n", 2, "not a period"),
        ("stock,,coal,3,t\n", 2, "expected 6 fields"),
        ("melt,,coal,3,t,\n", 2, "row: 'melt'"),
    ],
)
def test_a_bad_line_refuses_the_whole_file_naming_it(lines: str, line: int, words: str) -> None:
    with pytest.raises(Refused) as raised:
        from_csv(HEADER + lines, CATALOGUE)
    assert raised.value.message.startswith(f"line {line}: ")
    assert words in raised.value.message


def test_a_wrong_header_is_refused_on_line_one() -> None:
    with pytest.raises(Invalid, match=r"^line 1: the header"):
        from_csv("product,quantity\nsteel,1\n", CATALOGUE)


def test_members_of_the_workplace_see_everything_and_others_what_the_charter_publishes() -> None:
    charter = Charter(public_figures=("outputs",))
    books = b.Books(
        processes=(b.process(CATALOGUE, blast()),),
        stocks=(b.Quantity("coal", 1, "t"),),
        flows=(b.Flow("2027", "output", "steel", 1, "t"), b.Flow("2027", "use", "coal", 1, "t")),
    )
    inside = b.shown(books, b.hidden_figures(charter, insider=True))
    outside = b.shown(books, b.hidden_figures(charter, insider=False))
    assert inside.hidden == () and inside.processes[0].labour == 2.0
    assert outside.hidden == ("inputs", "labour", "capacities", "stocks", "use")
    [process] = outside.processes
    assert (process.labour, process.capacity, process.inputs) == (None, None, None)
    assert outside.stocks is None
    assert [flow.kind for flow in outside.flows] == ["output"]


def test_a_target_outside_what_the_charter_lets_a_council_propose_is_refused() -> None:
    targets = b.targets_from_json(
        [{"product": "bread", "quantity": 10, "unit": "kg", "category": "investment"}], "targets"
    )
    with pytest.raises(Invalid, match="does not propose demand for investment"):
        b.check_targets(CATALOGUE, Charter(proposes_demand=("consumption",)), "Bakers", targets)
    charter = Charter(proposes_demand=("consumption", "public_services"))
    with pytest.raises(Invalid) as refused:
        b.check_targets(CATALOGUE, charter, "Bakers", targets)
    assert refused.value.message == (
        "Bakers does not propose demand for investment: its charter proposes demand for "
        "consumption, public services (public_services)"
    )
