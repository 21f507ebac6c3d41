"""Bring a database's schema up to date with Alembic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from sovet.adapters.sql import for_writing
from sovet.domain.errors import Invalid

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
RECORD_KEPT_SINCE = "0001"
"""The first revision whose record tables (``record_entries``, ``record_checkpoints``)
every later one keeps as they are: a command that reads only the record reads a database
at this revision or after it as the database stands."""


@dataclass(frozen=True)
class Schema:
    """The revision a database was at when it was opened, and this sovet's newest."""

    found: str | None
    """None where the database had no tables of sovet's."""
    head: str

    @property
    def current(self) -> bool:
        return self.found == self.head

    def holds_the_record(self) -> bool:
        """Whether the database's record tables are those this sovet reads."""
        if self.found is None:
            return False
        scripts = ScriptDirectory.from_config(alembic_config())
        return RECORD_KEPT_SINCE in {
            script.revision for script in scripts.iterate_revisions(self.found, "base")
        }


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def schema_of(engine: Engine) -> Schema:
    """The database's revision and this sovet's newest, read without writing. One at a
    revision this sovet does not know (a newer sovet's) is refused: ``Invalid``."""
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    assert head is not None
    with engine.connect() as conn:
        found = MigrationContext.configure(conn).get_current_revision()
    if found is not None and found not in {script.revision for script in scripts.walk_revisions()}:
        raise Invalid(
            f"the database is at revision {found}, newer than this sovet's newest, "
            f"{head}: upgrade sovet"
        )
    return Schema(found, head)


def migrate(engine: Engine) -> Schema:
    """Apply every migration the database lacks; the revision it was at, and the head.
    A database at the head revision is only read, so that opening an instance never
    waits for its writer (a vote being cast). One at a revision this sovet does not know
    (a newer sovet's) is refused: ``Invalid``."""
    schema = schema_of(engine)
    if not schema.current:
        with for_writing(engine.connect()) as conn:
            upgrade(conn)
            conn.commit()
    return schema


def upgrade(conn: Connection) -> None:
    """Apply every migration the database lacks on ``conn``, in the transaction it has
    begun, if any: the caller commits, or rolls the new schema back with its own work."""
    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def holds_record(engine: Engine) -> bool:
    """Whether the database holds a record already. An SQLite file not made yet is not
    created by asking."""
    database = engine.url.database
    if engine.dialect.name == "sqlite" and (
        not database or database == ":memory:" or not Path(database).is_file()
    ):
        return False
    with engine.connect() as conn:
        if not inspect(conn).has_table("record_entries"):
            return False
        return conn.execute(text("SELECT 1 FROM record_entries LIMIT 1")).first() is not None


def migrate_afresh(engine: Engine) -> None:
    """Empty a scratch PostgreSQL database (tests, benchmarks) and migrate it afresh.

    Drops the whole current schema, so tables of any revision go, not only those this
    version of sovet knows."""
    with engine.begin() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    migrate(engine)
