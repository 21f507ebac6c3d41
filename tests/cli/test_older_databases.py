"""A database of an older revision (an old backup, an instance before sovet was upgraded):
the commands that only read leave it byte for byte as it was, reading the record as it
stands or refusing in one line; `sovet upgrade` brings it up to date, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from typer.testing import CliRunner, Result

from sovet.adapters.migrate import alembic_config
from sovet.adapters.sql import for_writing
from sovet.bootstrap import Settings, bootstrap
from sovet.cli import app
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.register_member import RegisterMember, register_member

runner = CliRunner()
OLD = "0001"
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An SQLite instance with seven entries, its database taken back to revision 0001."""
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    sovet = bootstrap(Settings.from_environment(home))
    members = []
    for number, name in enumerate(["Ana Kovac", "Boris Petrov", "Clara Rossi"]):
        with sovet.db.transaction() as store:
            registration = RegisterMember(name, f"m{number}@lathe.example", "a long password")
            members.append(register_member(store, registration))
    with sovet.db.transaction() as store:
        founding = FoundBaseCouncil("lathe", "Lathe Workers' Council", "Lathe Works")
        found_base_council(store, founding, actor=members[0])
    for member in members[1:]:
        with sovet.db.transaction() as store:
            admit_member(store, AdmitMember("lathe", member.id), actor=members[0])
    config = alembic_config()
    with for_writing(sovet.db.engine.connect()) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, OLD)
        conn.commit()
    sovet.db.engine.dispose()
    return home


def sovet_cli(home: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--home", str(home)])


def revision(database: Path) -> str:
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as conn:
            found: str = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            return found
    finally:
        engine.dispose()


def test_an_old_backup_is_verified_exported_and_replayed_as_it_stands(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = home / "sovet.db"
    was = live.read_bytes()
    backup = tmp_path / "old.db"
    backed_up = sovet_cli(home, "backup", str(backup))
    assert backed_up.exit_code == 0, backed_up.output
    assert live.read_bytes() == was
    # The auditor checks the backup, in the journal mode a backup has (not WAL).
    monkeypatch.setenv("SOVET_DATABASE_URL", f"sqlite:///{backup}")
    kept = backup.read_bytes()

    verified = sovet_cli(home, "verify")
    assert verified.exit_code == 0, verified.output
    assert "entries      7" in verified.output
    assert "the record verifies" in verified.output
    exported = sovet_cli(home, "export", str(tmp_path / "record.jsonl"))
    assert exported.exit_code == 0, exported.output
    assert exported.output == f"exported 7 entries to {tmp_path / 'record.jsonl'}\n"
    replayed = sovet_cli(home, "replay")
    assert replayed.exit_code == 0, replayed.output
    assert "replayed 7 entries" in replayed.output
    assert "upgraded" not in verified.output + exported.output + replayed.output

    assert backup.read_bytes() == kept
    assert revision(backup) == OLD
    assert live.read_bytes() == was
    assert revision(live) == OLD


@pytest.mark.parametrize(
    "args",
    [
        ["replay", "--check"],
        ["motion", "agenda", "lathe"],
        ["motion", "show", "1"],
        ["motion", "check-receipt", "1", "A" * 43],
        ["recall", "show", "lathe"],
        ["election", "show", "1"],
        ["election", "list", "lathe"],
        ["election", "check-receipt", "1", "A" * 43],
        ["period", "show", "1"],
    ],
)
def test_a_command_that_reads_the_state_refuses_an_older_database_in_one_line(
    home: Path, args: list[str]
) -> None:
    database = home / "sovet.db"
    was = database.read_bytes()
    result = sovet_cli(home, *args)
    assert result.exit_code == 2
    assert result.output == (
        f"error: the database is at revision {OLD}, older than this sovet's newest, {HEAD}: "
        "`sovet upgrade` brings it up to date (this command only reads, and changed nothing)\n"
    )
    assert database.read_bytes() == was
    assert revision(database) == OLD


def test_sovet_upgrade_brings_an_older_database_up_to_date_and_says_so(home: Path) -> None:
    upgraded = sovet_cli(home, "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert upgraded.output == f"upgraded the database from revision {OLD} to {HEAD}\n"
    assert revision(home / "sovet.db") == HEAD
    agenda = sovet_cli(home, "motion", "agenda", "lathe")
    assert agenda.exit_code == 0, agenda.output
    assert agenda.output.startswith("agenda of Lathe Workers' Council\n")
    again = sovet_cli(home, "upgrade")
    assert again.exit_code == 0, again.output
    assert again.output == f"the database is at this sovet's newest revision, {HEAD}\n"


def test_a_command_that_reads_refuses_an_instance_whose_database_is_gone_creating_none(
    home: Path,
) -> None:
    database = home / "sovet.db"
    database.unlink()
    gone = sovet_cli(home, "verify")
    assert gone.exit_code == 2
    assert gone.output == (
        f"error: the database is sqlite:///{database}: unable to open database file\n"
    )
    assert not database.exists()
    database.touch()
    empty = sovet_cli(home, "export", str(home / "record.jsonl"))
    assert empty.exit_code == 2
    assert empty.output == (
        f"error: the database sqlite:///{database} holds no instance: put back the database "
        f"kept with {home / 'instance.key'}\n"
    )
    assert database.read_bytes() == b""
