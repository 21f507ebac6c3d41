"""``sovet backup``: a consistent copy of an SQLite instance's database while it serves,
whose record verifies and replays to the same state; the refusals in one line."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner, Result

from sovet.adapters.audit import verify_database
from sovet.adapters.backup import back_up, source_of
from sovet.adapters.sql import Database
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.cli import app
from sovet.domain.errors import Invalid
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.register_member import RegisterMember, register_member

runner = CliRunner()


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sovet:
    """An SQLite instance in ``tmp_path / "home"`` with a member and her council."""
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    sovet = bootstrap(Settings.from_environment(tmp_path / "home"))
    with sovet.db.transaction() as store:
        ana = register_member(
            store, RegisterMember("Ana Kovac", "ana@lathe.example", "a long password")
        )
        found_base_council(store, FoundBaseCouncil("lathe", "Lathe Works", "Lathe"), actor=ana)
    return sovet


def backup(instance: Sovet, target: Path) -> Result:
    return runner.invoke(app, ["backup", str(target), "--home", str(instance.settings.home)])


def bodies(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            query = text("SELECT body FROM record_entries ORDER BY position")
            return list(conn.execute(query).scalars())
    finally:
        engine.dispose()


def test_a_backup_holds_the_record_as_committed_and_verifies(
    instance: Sovet, tmp_path: Path
) -> None:
    live = str(instance.db.engine.url)
    result = backup(instance, tmp_path / "copy.db")
    assert result.exit_code == 0, result.output
    committed = bodies(live)
    assert f"backed up {len(committed)} entries" in result.output
    assert "instance.key) is not in it" in result.output
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    assert bodies(copy) == committed
    engine = create_engine(copy)
    try:
        assert verify_database(Database(engine, instance.key)).ok
    finally:
        engine.dispose()


def test_a_backup_to_a_relative_path_is_written_and_checked(
    instance: Sovet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    result = backup(instance, Path("out/b1.db"))
    assert result.exit_code == 0, result.output
    assert f"backed up {len(bodies(str(instance.db.engine.url)))} entries" in result.output
    assert bodies(f"sqlite:///{tmp_path / 'out' / 'b1.db'}") == bodies(str(instance.db.engine.url))


def test_a_backup_taken_during_a_write_holds_only_what_was_committed(
    instance: Sovet, tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    source = source_of(instance.db.engine, target)
    seen: list[tuple[int, int]] = []
    with closing(sqlite3.connect(source, isolation_level=None)) as writing:
        writing.execute("BEGIN IMMEDIATE")
        writing.execute("UPDATE members SET name = 'Uncommitted'")
        copy = back_up(source, target, progress=lambda done, total: seen.append((done, total)))
        writing.execute("ROLLBACK")
    assert copy.entries == len(bodies(str(instance.db.engine.url)))
    assert seen[-1] == (copy.size, copy.size) == (target.stat().st_size,) * 2
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("SELECT name FROM members").fetchall() == [("Ana Kovac",)]


def test_a_backup_is_never_written_over_a_file(instance: Sovet, tmp_path: Path) -> None:
    kept = tmp_path / "kept.db"
    kept.write_bytes(b"an older backup")
    result = backup(instance, kept)
    assert result.exit_code == 2
    assert result.output == f"error: {kept} exists already: a backup is written to a new file\n"
    assert kept.read_bytes() == b"an older backup"


def test_a_backup_into_a_missing_folder_is_refused(instance: Sovet, tmp_path: Path) -> None:
    result = backup(instance, tmp_path / "nowhere" / "copy.db")
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path / 'nowhere'} is not a folder\n"
    assert not (tmp_path / "nowhere").exists()


def test_a_postgresql_database_is_left_to_pg_dump(tmp_path: Path) -> None:
    engine = create_engine("postgresql+psycopg://sovet@db.example/sovet")
    with pytest.raises(Invalid) as refused:
        source_of(engine, tmp_path / "copy.db")
    assert "not SQLite: back it up with its own tool (pg_dump" in refused.value.message
