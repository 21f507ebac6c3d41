"""``sovet count FILE.blt``: any method, the full report, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sovet.voting.cli import count_command
from sovet.voting.report import tie_words
from sovet.voting.ties import TieBreak

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


@pytest.mark.parametrize("seats", ["0", "-1"])
def test_count_refuses_zero_or_negative_seats_instead_of_the_files(
    blt_file: Path, seats: str
) -> None:
    result = runner.invoke(app, [str(blt_file), "--seats", seats])
    assert result.exit_code == 2
    assert result.output == (
        f"error: seats: {seats} seats for 3 candidates; "
        "give at least 1 and at most one per candidate\n"
    )


@pytest.mark.parametrize(
    "ballots",
    [
        "9223372036854775807 1 0\n1 2 0\n",
        "4611686018427387904 1 0\n4611686018427387904 2 0\n",
        "99999999999999999999999 1 0\n1 2 0\n",
    ],
)
def test_count_refuses_a_ballot_count_too_large_to_count_exactly(
    tmp_path: Path, ballots: str
) -> None:
    path = tmp_path / "huge.blt"
    path.write_text(f'2 1\n{ballots}0\n"A"\n"B"\n"T"\n', encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 2
    count = ballots.split()[0]
    assert result.output == (
        f"error: {path}: line 2: the ballot count {count} is too large (at most 9007199254740991)\n"
    )


def test_count_names_the_line_where_ballot_counts_add_up_too_far(tmp_path: Path) -> None:
    path = tmp_path / "huge.blt"
    half = 2**52
    path.write_text(f'2 1\n{half} 1 0\n{half} 2 0\n0\n"A"\n"B"\n"T"\n', encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {path}: line 3: the ballot counts add up to 9007199254740992 "
        "(at most 9007199254740991)\n"
    )


def test_a_tie_needing_a_lot_without_a_seed_exits_with_1(tmp_path: Path) -> None:
    path = tmp_path / "tie.blt"
    path.write_text('3 1\n5 1 0\n3 2 0\n3 3 0\n0\n"A"\n"B"\n"C"\n"T"\n', encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 1
    assert "give a seed" in result.output


TIED = '3 {seats}\n1 1 0\n1 2 0\n1 3 0\n0\n"Ada"\n"Bea"\n"Cy"\n"T"\n'


@pytest.mark.parametrize(
    ("method", "seats", "ties"),
    [
        (
            "stv",
            1,
            [
                "tie at stage 2 between Ada, Bea, Cy: Ada excluded by lot",
                "tie at stage 3 between Bea, Cy: Cy excluded by lot",
            ],
        ),
        (
            "schulze",
            1,
            [
                "tie at stage 1 between Ada, Bea, Cy: Bea wins by lot",
                "tie at stage 1 between Ada, Cy: Cy takes place 2 by lot",
            ],
        ),
        (
            "approval",
            2,
            [
                "tie at stage 1 between Ada, Bea, Cy: Bea wins seat 1 by lot",
                "tie at stage 1 between Ada, Cy: Ada wins seat 2 by lot",
            ],
        ),
    ],
)
def test_a_tie_broken_by_lot_says_what_the_lot_decided(
    tmp_path: Path, method: str, seats: int, ties: list[str]
) -> None:
    path = tmp_path / "tied.blt"
    path.write_text(TIED.format(seats=seats), encoding="utf-8")
    result = runner.invoke(app, [str(path), "--method", method, "--seed", "s"])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("tie ")] == ties


@pytest.mark.parametrize(
    ("purpose", "by", "words"),
    [
        ("exclusion", "stage 2", "Bea excluded on the votes at stage 2"),
        (
            "surplus to transfer",
            "stage 1",
            "Bea's surplus transferred first on the votes at stage 1",
        ),
        ("last two", "lot", "Bea loses by lot"),
        ("seat 3", "lot", "Bea wins seat 3 by lot"),
        ("place 1", "lot", "Bea wins by lot"),
    ],
)
def test_a_tie_break_is_told_by_what_it_decided(purpose: str, by: str, words: str) -> None:
    tie = TieBreak(stage=3, purpose=purpose, tied=("Ada", "Bea"), chosen="Bea", by=by)
    assert tie_words(tie) == words
    assert tie_words(tie, "Bea Ivanova").startswith("Bea Ivanova")
