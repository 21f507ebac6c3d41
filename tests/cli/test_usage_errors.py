"""A command used wrongly (an option or argument missing, a value not of its kind, an
unknown command or option) is refused in one line with exit code 2, as all bad input
is; asking for help still shows the whole help."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from sovet.cli import app

from .test_help import commands

runner = CliRunner()


def sovet(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), prog_name="sovet")
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["motion", "file", "works", "--as", "ana@works.example"],
            "error: missing option '--title'. See 'sovet motion file --help'.",
        ),
        (["count"], "error: missing argument 'file'. See 'sovet count --help'."),
        (
            ["count", "ballots.blt", "--method", "lottery"],
            "error: invalid value for '--method': 'lottery' is not one of 'stv', 'meek', "
            "'irv', 'schulze', 'approval'. See 'sovet count --help'.",
        ),
        (
            ["serve", "--port", "0"],
            "error: invalid value for '--port': Input should be greater than or equal to 1. "
            "See 'sovet serve --help'.",
        ),
        (
            ["election", "show", "1", "2"],
            "error: got unexpected extra argument(s) (2). See 'sovet election show --help'.",
        ),
        (["vote"], "error: no such command 'vote'. See 'sovet --help'."),
        (
            ["recall", "sing"],
            "error: no such command 'sing'. Did you mean 'sign'? See 'sovet recall --help'.",
        ),
        (
            ["election", "nominate", "1", "2", "--as"],
            "error: option '--as' requires an argument.",
        ),
    ],
)
def test_a_command_used_wrongly_is_refused_in_one_line_naming_its_help(
    args: list[str], line: str
) -> None:
    assert sovet(*args) == (2, f"{line}\n")


def test_every_command_refuses_an_unknown_option_in_one_line() -> None:
    listed = commands(typer.main.get_command(app))
    assert len(listed) > 40
    for name, _ in [("sovet", None), *listed]:
        code, output = sovet(*name.split()[1:], "--zzz")
        assert code == 2, f"{name}: {output}"
        if name in READ_AS_RECEIPT:
            assert output.startswith("error: ") and output.count("\n") == 1, name
        else:
            assert output == f"error: no such option: --zzz. See '{name} --help'.\n", name


READ_AS_RECEIPT = {"sovet motion check-receipt", "sovet election check-receipt"}
"""Commands that read a word beginning with '-' as a receipt, which may begin so."""


def test_help_and_a_group_given_no_command_still_show_the_whole_help() -> None:
    for args in (["election", "show", "--help"], ["election"]):
        result = runner.invoke(app, args, prog_name="sovet", terminal_width=100)
        assert "Usage: sovet election" in result.output
        assert "error:" not in result.output
        assert len(result.output.splitlines()) > 5
    assert sovet("election")[0] == 2
    assert sovet("election", "show", "--help")[0] == 0
