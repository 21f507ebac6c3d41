"""Every command's help, as ``sovet --help`` and each group's list it."""

from __future__ import annotations

import inspect

import click
import typer.main
from typer.testing import CliRunner

from sovet.cli import app


def commands(group: click.Command, path: str = "sovet") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in getattr(group, "commands", {}).items():
        found.append((f"{path} {name}", command))
        found.extend(commands(command, f"{path} {name}"))
    return found


def test_every_command_sums_itself_up_in_one_line_for_the_list() -> None:
    listed = commands(typer.main.get_command(app))
    assert len(listed) > 40
    for name, command in listed:
        summary = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert summary, f"{name} has no help"
        assert "\n" not in summary, f"{name}: its summary runs over lines: {summary!r}"


def test_a_groups_list_shows_each_summary_whole_and_the_commands_help_the_rest() -> None:
    runner = CliRunner()
    listing = runner.invoke(app, ["recall", "--help"], terminal_width=200)
    assert "Sign a recall petition of your constituency." in listing.output
    assert "At the charter's threshold" not in listing.output
    own = runner.invoke(app, ["recall", "sign", "--help"], terminal_width=200)
    assert "At the charter's threshold its vote is scheduled and opens by itself" in own.output
