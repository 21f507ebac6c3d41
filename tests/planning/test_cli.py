"""``sovet plan`` and ``sovet import-io`` on files, through a Typer app that wires them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from sovet.planning import planray
from sovet.planning.cli import import_io_command, plan_command, read_model, write_model
from sovet.planning.synthetic import random_economy, random_targets, with_capacities

app = typer.Typer()
app.command(name="plan")(plan_command)
app.command(name="import-io")(import_io_command)
runner = CliRunner()


def write_books(folder: Path, *, steel_capacity: str = "100") -> list[Path]:
    files = {
        "products.csv": "code,unit,name\nsteel,t,Steel\ncoal,t,Coal\nbread,kg,Bread\n",
        "processes.csv": (
            "process,workplace,product,labour,capacity,inputs\n"
            f"blast,Lenin Steelworks,steel,2,{steel_capacity},coal:0.5\n"
            "pit,Donbas Pit 4,coal,1,,steel:0.05\n"
            "bakery,Bakery No. 1,bread,0.2,,coal:0.01;steel:0.001\n"
        ),
        "targets.csv": "product,target\nsteel,50\nbread,1000\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def test_plan_prints_the_plan_ray_its_accuracy_and_the_bottleneck(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", *map(str, write_books(tmp_path)), "--labour", "1e6"])
    assert result.exit_code == 0, result.output
    assert "plan ray" in result.output and "gap" in result.output
    assert "the capacity of process 'blast' of workplace 'Lenin Steelworks'" in result.output


def test_plan_draws_no_progress_where_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", *map(str, write_books(tmp_path)), "--labour", "1e6"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_plan_by_highs_prints_the_report_without_highs_own_banner(tmp_path: Path) -> None:
    # HiGHS writes its banner once a process, straight to the file descriptor: a
    # process of its own shows it where CliRunner would not.
    command = [sys.executable, "-c", "from sovet.cli import app; app()", "plan"]
    options = ["--labour", "1e6", "--method", "highs"]
    result = subprocess.run(
        [*command, *map(str, write_books(tmp_path)), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("economy "), result.stdout
    assert "(highs-simplex, " in result.stdout
    assert "Running HiGHS" not in result.stdout + result.stderr


def test_plan_refuses_bad_books_naming_the_culprit_with_exit_code_2(tmp_path: Path) -> None:
    files = write_books(tmp_path, steel_capacity="-5")
    result = runner.invoke(app, ["plan", *map(str, files)])
    assert result.exit_code == 2
    assert "blast" in result.output and "Lenin Steelworks" in result.output


def test_plan_refuses_books_that_limit_nothing_in_one_line(tmp_path: Path) -> None:
    files = write_books(tmp_path, steel_capacity="")
    result = runner.invoke(app, ["plan", *map(str, files)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: the plan ray is unbounded: nothing limits the target mix (no capacity binds "
        "on the cheapest technique, and labour does not limit it); give --labour or capacities"
    ]
    limited = runner.invoke(app, ["plan", *map(str, files), "--labour", "1e6"])
    assert limited.exit_code == 0, limited.output


@pytest.mark.reference_data
def test_a_national_table_imports_as_a_model_economy_that_plans(
    reference_data: Path, tmp_path: Path
) -> None:
    table = reference_data / "io/eurostat_manual_examples/germany_1995_siot_6x6.csv"
    imported = runner.invoke(app, ["import-io", str(table), "--out", str(tmp_path)])
    assert imported.exit_code == 0, imported.output
    assert "imported 6 products" in imported.output
    files = [tmp_path / name for name in ("products.csv", "processes.csv", "targets.csv")]
    planned = runner.invoke(app, ["plan", *map(str, files), "--labour", "36428"])
    assert planned.exit_code == 0, planned.output
    assert "the labour available" in planned.output


def test_plan_on_the_gpu_is_refused_in_one_line_where_there_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planray, "gpu_available", lambda: False)
    result = runner.invoke(app, ["plan", *map(str, write_books(tmp_path)), "--method", "gpu"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: method: 'gpu' needs CuPy and a CUDA device, and none was found"
    )


def test_plan_writes_quantities_grouped_without_an_exponent(tmp_path: Path) -> None:
    files = write_books(tmp_path)
    (tmp_path / "targets.csv").write_text("product,target\nsteel,50\nbread,1000000\n")
    result = runner.invoke(app, ["plan", *map(str, files), "--labour", "1e7"])
    assert result.exit_code == 0, result.output
    bread = next(line for line in result.output.splitlines() if line.startswith("bread "))
    assert bread.split()[2] == "1,000,000"
    shortfall = next(line for line in result.output.splitlines() if line.startswith("  bread:"))
    assert re.fullmatch(r"  bread: \d{3},\d{3}(\.\d+)?", shortfall), shortfall


def test_plan_stops_at_its_time_limit_and_says_the_plan_is_not_certified(
    tmp_path: Path,
) -> None:
    files = write_books(tmp_path)
    with (tmp_path / "processes.csv").open("a", encoding="utf-8") as processes:
        processes.write("mill,Red Mill,bread,0.3,500,coal:0.005\n")
    limited = runner.invoke(
        app, ["plan", *map(str, files), "--labour", "1e6", "--time-limit", "1e-9"]
    )
    assert limited.exit_code == 0, limited.output
    assert "stopped at the time or iteration limit" in limited.output
    assert "(shortfall, in the plan reached so far: not certified)" in limited.output
    unlimited = runner.invoke(app, ["plan", *map(str, files), "--labour", "1e6"])
    assert unlimited.exit_code == 0, unlimited.output
    assert "optimal: the residuals and the gap are within the tolerance" in unlimited.output
    assert "not certified" not in unlimited.output


@pytest.mark.parametrize("limit", ["0", "-3", "nan"])
def test_plan_refuses_a_time_limit_that_is_not_positive_in_one_line(
    tmp_path: Path, limit: str
) -> None:
    result = runner.invoke(app, ["plan", *map(str, write_books(tmp_path)), "--time-limit", limit])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: --time-limit: must be a positive number of seconds, got {float(limit)}"
    ]


def plan_refusal(files: list[Path], *options: str) -> list[str]:
    result = runner.invoke(app, ["plan", *map(str, files), "--labour", "1e6", *options])
    assert result.exit_code == 2, result.output
    return result.output.strip().splitlines()


@pytest.mark.parametrize(
    ("name", "row", "fault"),
    [
        ("processes.csv", "p1,,A,1", "line 5: the row ends before column 'capacity'"),
        (
            "processes.csv",
            "mill,Red Mill,bread,0.3,,coal:0.1,steel:0.1",
            "line 5: more values than the header has columns",
        ),
        ("processes.csv", "mill,Red Mill,bread,lots,,", "line 5: 'lots' is not a number"),
        ("targets.csv", "A", "line 4: the row ends before column 'target'"),
        (
            "targets.csv",
            "steel,60",
            "line 4: product 'steel' is listed twice in the targets (first on line 2)",
        ),
        ("targets.csv", "iron,5", "line 4: product 'iron' is not in the products file"),
        (
            "processes.csv",
            "mill,Red Mill,bread,0.3,,coal:0.1;steel:0.01;coal:0.2",
            "line 5: process 'mill' of workplace 'Red Mill' lists input 'coal' twice",
        ),
        ("products.csv", ",kg,Nothing", "line 5: the product has no code"),
        (
            "processes.csv",
            "mill,Red Mill,,0.3,,coal:0.1",
            "line 5: process 'mill' of workplace 'Red Mill' names no product",
        ),
        ("processes.csv", ",Red Mill,bread,0.3,,coal:0.1", "line 5: the process has no code"),
        (
            "processes.csv",
            "blast,Red Mill,steel,3,,coal:0.1",
            "line 5: process 'blast' of workplace 'Red Mill' is listed twice",
        ),
        ("products.csv", "coal,t,Coal", "line 5: product 'coal' is listed twice in the catalogue"),
    ],
)
def test_plan_refuses_a_bad_row_in_one_line_naming_its_file_and_line(
    tmp_path: Path, name: str, row: str, fault: str
) -> None:
    files = write_books(tmp_path)
    with (tmp_path / name).open("a", encoding="utf-8") as file:
        file.write(f"{row}\n")
    assert plan_refusal(files) == [f"error: {tmp_path / name} {fault}"]


def test_the_spaces_around_a_code_are_no_part_of_it_as_in_the_books_csv(
    tmp_path: Path,
) -> None:
    (tmp_path / "plain").mkdir()
    plain = read_model(write_books(tmp_path / "plain"))
    spaced = write_books(tmp_path)
    for path in spaced:
        lines = path.read_text(encoding="utf-8").splitlines()
        cells = [",".join(f" {cell} " for cell in line.split(",")) for line in lines[1:]]
        path.write_text("\n".join([lines[0], *cells, ""]), encoding="utf-8")
    assert " steel , t " in spaced[0].read_text(encoding="utf-8")
    model = read_model(spaced)
    assert model.economy.products == plain.economy.products == ("steel", "coal", "bread")
    assert model.economy.units == plain.economy.units
    assert model.economy.process_codes == plain.economy.process_codes
    assert model.economy.workplaces == plain.economy.workplaces
    assert (model.economy.inputs != plain.economy.inputs).nnz == 0
    assert model.targets.tolist() == plain.targets.tolist()

    with spaced[0].open("a", encoding="utf-8") as file:
        file.write(" coal ,t,Coal again\n")
    assert plan_refusal(spaced) == [
        f"error: {spaced[0]} line 5: product 'coal' is listed twice in the catalogue"
    ]


def test_plan_refuses_a_product_no_process_makes_naming_the_row_that_needs_it(
    tmp_path: Path,
) -> None:
    files = write_books(tmp_path)
    products, processes = tmp_path / "products.csv", tmp_path / "processes.csv"
    with products.open("a", encoding="utf-8") as file:
        file.write("iron,t,Iron ore\n")
    assert plan_refusal(files) == [
        f"error: {products} line 5: no process makes product 'iron': every product in the "
        "economy needs one"
    ]
    with processes.open("a", encoding="utf-8") as file:
        file.write("mill,Red Mill,bread,0.3,,coal:0.1\nforge,Red Forge,steel,4,,iron:1.2\n")
    assert plan_refusal(files) == [
        f"error: {processes} line 6: process 'forge' of workplace 'Red Forge' uses product "
        "'iron', which no process makes: every product in the economy needs one"
    ]


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("code,unit,name\n", ": no products below the header"),
        ("", " line 1: no header; expected that of a products, processes or targets file"),
    ],
)
def test_plan_refuses_a_file_with_no_rows_in_one_line_naming_it(
    tmp_path: Path, text: str, fault: str
) -> None:
    files = write_books(tmp_path)
    (tmp_path / "products.csv").write_text(text, encoding="utf-8")
    assert plan_refusal(files) == [f"error: {tmp_path / 'products.csv'}{fault}"]


def test_plan_refuses_a_second_file_of_one_kind_in_one_line(tmp_path: Path) -> None:
    files = write_books(tmp_path)
    more = tmp_path / "more_targets.csv"
    more.write_text("product,target\ncoal,5\n", encoding="utf-8")
    assert plan_refusal([*files, more]) == [
        f"error: {more}: a second targets file (the first is {files[2]})"
    ]


def test_plan_refuses_a_negative_top_in_one_line(tmp_path: Path) -> None:
    assert plan_refusal(write_books(tmp_path), "--top", "-1") == [
        "error: --top: must not be negative, got -1"
    ]


GERMANY = (
    "iotables_row,esa_code,farm,mill,total,total_final_use\n"
    "farm,A,10,20,30,70\n"
    "mill,C,5,15,20,80\n"
    "output,P1,100,100,200,\n"
    "employment_domestic_total,EMP,3,4,7\n"
)


def test_a_small_table_in_the_eurostat_germany_format_imports(tmp_path: Path) -> None:
    table = tmp_path / "germany.csv"
    table.write_text(GERMANY, encoding="utf-8")
    result = runner.invoke(app, ["import-io", str(table), "--out", str(tmp_path / "model")])
    assert result.exit_code == 0, result.output
    assert "imported 2 products" in result.output


def germany(*changes: tuple[str, str]) -> str:
    text = GERMANY
    for old, new in changes:
        text = text.replace(old, new)
    return text


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("", ": the file is empty"),
        (germany(("farm,A,10", "farm,A,x")), " line 2, column 'farm': 'x' is not a number"),
        (
            germany(("30,70", "30,nan")),
            " line 2, column 'total_final_use': 'nan' is not a finite number",
        ),
        (
            germany(("farm,A,10", "farm,A,inf"), ("output,P1,100", "output,P1,0")),
            " line 2, column 'farm': 'inf' is not a finite number",
        ),
        (
            germany(("output,P1,100", "output,P1,inf")),
            " line 4, column 'farm': 'inf' is not a finite number",
        ),
        (germany(("mill,total,", "mill,sum,")), " line 1: no column 'total'"),
        (germany(("output,P1,100,100,200,\n", "")), ": no row 'output'"),
        (
            germany(("20,80", "20")),
            " line 3: the row ends before column 'total_final_use'",
        ),
        (
            GERMANY + "farm,A,1,2,3,4\n",
            " line 6: row 'farm' already appears on line 2",
        ),
    ],
)
def test_import_io_refuses_a_bad_table_in_one_line_naming_its_file_and_line(
    tmp_path: Path, text: str, fault: str
) -> None:
    table = tmp_path / "germany.csv"
    table.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import-io", str(table), "--out", str(tmp_path / "model")])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [f"error: {table}{fault}"]
    assert not (tmp_path / "model").exists()


def test_import_io_refuses_a_product_missing_from_the_wiod_accounts_naming_the_file(
    tmp_path: Path,
) -> None:
    flows = tmp_path / "usa_niot.csv"
    flows.write_text(
        "Code,Description,farm,mill,CONS_h,GO\nfarm,Farming,10,20,70,100\nmill,Milling,5,15,80,100\n",
        encoding="utf-8",
    )
    accounts = tmp_path / "usa_sea.csv"
    accounts.write_text("code,country,H_EMPE\nfarm,USA,3\n", encoding="utf-8")
    result = runner.invoke(
        app, ["import-io", str(flows), str(accounts), "--out", str(tmp_path / "model")]
    )
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [f"error: {accounts}: no row 'mill'"]


def test_a_file_that_is_not_utf8_is_refused_in_one_line_naming_it(tmp_path: Path) -> None:
    files = write_books(tmp_path)
    files[0].write_bytes(b"code,unit\nst\xffeel,t\n")
    assert plan_refusal(files) == [
        f"error: {files[0]}: 'utf-8' codec can't decode byte 0xff in position 12: invalid "
        "start byte"
    ]
    table = tmp_path / "germany.csv"
    table.write_bytes(GERMANY.encode().replace(b"farm,A", b"f\xffrm,A"))
    result = runner.invoke(app, ["import-io", str(table), "--out", str(tmp_path / "model")])
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"error: {table}: 'utf-8' codec can't decode")


def test_a_model_written_to_files_reads_back_to_the_same_figures(tmp_path: Path) -> None:
    economy = with_capacities(
        random_economy(30, inputs_per_process=4, alternatives=0.3, seed=5),
        np.where(np.arange(39) % 3 == 0, np.inf, np.linspace(0.5, 9.5, 39)),
    )
    targets = random_targets(economy, seed=5)

    model = read_model(write_model(economy, targets, tmp_path))

    read = model.economy
    assert read.products == economy.products
    assert read.process_codes == economy.process_codes
    assert read.workplaces == economy.workplaces
    np.testing.assert_array_equal(read.makes, economy.makes)
    np.testing.assert_array_equal(read.labour, economy.labour)
    np.testing.assert_array_equal(read.capacity, economy.capacity)
    assert (read.inputs != economy.inputs).nnz == 0
    np.testing.assert_array_equal(model.targets, targets)
