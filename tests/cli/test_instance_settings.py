"""An instance's settings that cannot be used (a ``sovet.toml`` that is not TOML, a
database URL that opens nothing) are refused by every command in one line naming the
setting, never with a traceback; so is a database a newer sovet migrated."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sovet.cli import app

runner = CliRunner()
COMMANDS = [["init"], ["verify"], ["serve"], ["backup", "copy.db"]]
UNREACHABLE = "postgresql+psycopg://sovet:secret@127.0.0.1:1/sovet"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An instance's folder, made by ``sovet init``, whose settings the test then spoils."""
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init", "--home", str(tmp_path)]).exit_code == 0
    return tmp_path


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("toml", "refusal"),
    [
        ("database_url = \n", "{config}: not valid TOML: Invalid value (at line 1, column 16)"),
        (
            "database_url = 5\n",
            "database_url in {config}: a database URL is written in quotes, not as 5",
        ),
        (
            'database_url = "notaurl"\n',
            "database_url in {config} is notaurl: Could not parse SQLAlchemy URL from given URL string",
        ),
        (
            'database_url = "sqlite:///{home}/nowhere/x.db"\n',
            "database_url in {config} is sqlite:///{home}/nowhere/x.db: unable to open database file",
        ),
        (
            'database_url = "mysql://x/y"\n',
            "database_url in {config} is mysql://x/y: its driver is not installed "
            "(No module named 'MySQLdb')",
        ),
    ],
)
def test_a_sovet_toml_that_opens_no_database_is_refused_in_one_line(
    home: Path, command: list[str], toml: str, refusal: str
) -> None:
    config = home / "sovet.toml"
    config.write_text(toml.format(home=home))
    result = runner.invoke(app, [*command, "--home", str(home)])
    assert result.exit_code == 2
    assert result.output == f"error: {refusal.format(config=config, home=home)}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_server_that_cannot_be_reached_is_refused_in_one_line(
    home: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVET_DATABASE_URL", UNREACHABLE)
    result = runner.invoke(app, [*command, "--home", str(home)])
    assert result.exit_code == 2
    assert result.output.startswith(
        "error: SOVET_DATABASE_URL is postgresql+psycopg://sovet:***@127.0.0.1:1/sovet: "
    )
    assert result.output.count("\n") == 1
    assert "secret" not in result.output


def test_a_database_at_a_newer_sovets_revision_is_refused_by_every_command(home: Path) -> None:
    with closing(sqlite3.connect(home / "sovet.db")) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--home", str(home)])
        assert result.exit_code == 2
        assert result.output.startswith("error: the database is at revision 9999, newer than ")
        assert result.output.endswith(": upgrade sovet\n")
        assert result.output.count("\n") == 1
