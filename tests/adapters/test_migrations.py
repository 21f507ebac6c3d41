"""The migrations build exactly the schema that ``adapters/tables.py`` describes, on each
backend: a table, column, index or key added to one and not the other is a difference."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sovet.adapters import tables
from sovet.bootstrap import Sovet


def test_the_migrated_schema_is_the_one_the_tables_describe(sovet: Sovet) -> None:
    with sovet.db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), tables.metadata)
    assert differences == []
