"""``sovet count FILE.blt``: any method, the full report, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sovet.voting.cli import count_command

from .test_blt import EXAMPLE

app = typer.Typer()
app.command(name="count")(count_command)
runner = CliRunner()


@pytest.fixture
def blt_file(tmp_path: Path) -> Path:
    path = tmp_path / "works.blt"
    path.write_text(EXAMPLE, encoding="utf-8")
    return path


def test_count_prints_the_scottish_stv_report_by_default(blt_file: Path) -> None:
    result = runner.invoke(app, [str(blt_file)])
    assert result.exit_code == 0, result.output
    assert "scottish-stv: SSI 2007/42" in result.output
    assert "quota 9.00000" in result.output
    assert "stage 2: surplus of Ada" in result.output
    assert "transfer value 1.00000 -> 0.35714" in result.output
    assert "lost to rounding: 0.00004" in result.output
    assert "elected: Ada, Bea" in result.output


@pytest.mark.parametrize(
    ("method", "elected"),
    [
        ("meek", ["Ada", "Bea"]),
        ("irv", ["Ada"]),
        ("schulze", ["Ada"]),
        ("approval", ["Ada", "Bea"]),
    ],
)
def test_count_runs_any_method_and_can_print_json(
    blt_file: Path, method: str, elected: list[str]
) -> None:
    result = runner.invoke(app, [str(blt_file), "--method", method, "--json", "--seed", "x"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["format"] == "sovet.count/1"
    assert report["elected"] == elected
    assert report["seed"] == "x"


def test_count_names_the_line_of_a_malformed_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.blt"
    path.write_text(EXAMPLE.replace("3 3 0", "3 3 3 0"), encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 2
    assert f"error: {path}: line 5: candidate 3 is ranked twice" in result.output


def test_count_refuses_a_missing_file_and_a_bad_seat_number(tmp_path: Path, blt_file: Path) -> None:
    missing = runner.invoke(app, [str(tmp_path / "none.blt")])
    assert missing.exit_code == 2
    assert "No such file" in missing.output
    seats = runner.invoke(app, [str(blt_file), "--seats", "9"])
    assert seats.exit_code == 2
    assert "error: seats: 9 seats for 3 candidates" in seats.output


def test_a_tie_needing_a_lot_without_a_seed_exits_with_1(tmp_path: Path) -> None:
    path = tmp_path / "tie.blt"
    path.write_text('3 1\n5 1 0\n3 2 0\n3 3 0\n0\n"A"\n"B"\n"C"\n"T"\n', encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 1
    assert "give a seed" in result.output
