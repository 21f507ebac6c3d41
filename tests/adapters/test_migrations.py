"""The migrations build exactly the schema that ``adapters/tables.py`` describes, on each
backend: a table, column, index or key added to one and not the other is a difference."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from sovet.adapters import tables
from sovet.adapters.migrate import RECORD_KEPT_SINCE, alembic_config, migrate
from sovet.bootstrap import Sovet
from sovet.domain.errors import Invalid


def test_the_migrated_schema_is_the_one_the_tables_describe(sovet: Sovet) -> None:
    with sovet.db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), tables.metadata)
    assert differences == []


def test_opening_an_instance_at_the_head_revision_does_not_wait_for_its_writer(
    sqlite_sovet: Sovet,
) -> None:
    """A command opened during a voting window only reads the revision: it does not take
    the write lock that the server's writer holds while it commits a vote."""
    database = sqlite_sovet.db.engine.url.database
    assert database is not None
    opened = threading.Event()

    def open_again() -> None:
        migrate(sqlite_sovet.db.engine)
        opened.set()

    with closing(sqlite3.connect(database, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        threading.Thread(target=open_again, daemon=True).start()
        assert opened.wait(timeout=10), "opening waited for the writer"
        writer.execute("ROLLBACK")


def test_a_database_at_a_newer_sovets_revision_is_refused_in_one_line(sovet: Sovet) -> None:
    """After sovet is rolled back, its database may be at a revision it does not know."""
    with sovet.db.engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    try:
        with pytest.raises(Invalid) as refused:
            migrate(sovet.db.engine)
    finally:
        with sovet.db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    assert refused.value.message == (
        f"the database is at revision 9999, newer than this sovet's newest, {head}: upgrade sovet"
    )


def test_the_record_tables_are_as_the_newest_revision_has_them_since_the_one_named(
    tmp_path: Path,
) -> None:
    """A command that only reads the record reads a database of any revision since
    ``RECORD_KEPT_SINCE`` as it stands: a revision that changes the record's tables
    must be named there instead."""
    engine = create_engine(f"sqlite:///{tmp_path / 'sovet.db'}")
    config = alembic_config()

    def record_tables() -> dict[str, list[tuple[str, str, bool]]]:
        with engine.connect() as conn:
            found = inspect(conn)
            return {
                table: [
                    (column["name"], str(column["type"]), column["nullable"])
                    for column in found.get_columns(table)
                ]
                for table in ("record_entries", "record_checkpoints")
            }

    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, RECORD_KEPT_SINCE)
        then = record_tables()
        migrate(engine)
        assert record_tables() == then
    finally:
        engine.dispose()
