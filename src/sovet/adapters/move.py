"""An instance's whole database copied into another, empty one: how an instance that
outgrows SQLite moves to PostgreSQL (or back, or to another file).

``sovet replay --into`` rebuilds only what the record says. Accounts, sessions, the open
ballot boxes and the sender's progress are in no entry, so a move copies every table,
row for row, ids and all, in foreign-key order. The target is migrated, filled and
checked in one transaction: its record must verify with the instance's key at the
source's size and root, and each table must hold as many rows as the source's. Anything
else rolls the whole of it back, the new schema too (PostgreSQL and SQLite both undo
DDL), and the target is left as it was. The source is read in one snapshot, so the copy
is consistent; acts committed after it began are not in it, so the server is stopped
first (``sovet move`` holds ``locks.no_server`` while it moves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, inspect, select

from sovet.adapters import tables as t
from sovet.adapters.audit import verify_on
from sovet.adapters.migrate import upgrade
from sovet.adapters.sql import for_writing
from sovet.domain.errors import Conflict

Progress = Callable[[str, int, int], None]
"""Told what is being done, and how many of the source's rows are copied out of all."""
BATCH = 5_000
ALEMBIC_VERSION = "alembic_version"


class MoveFailed(Exception):
    """The copy did not come out faithful, or could not be made; none of it was kept."""


@dataclass(frozen=True)
class Moved:
    entries: int
    """The entries of the record, in the source and the copy alike."""
    rows: int
    """Rows copied, in every table."""
    tables: int
    root: bytes
    """The record's tree root, the same in both."""


def move(
    source: Engine,
    target: Engine,
    *,
    public_key: bytes,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> Moved:
    """Copy the database of ``source`` into ``target``, an empty database, migrating it
    first; refused (``Conflict``) where ``target`` holds anything, ``MoveFailed`` where
    the copy does not check out. Either way ``target`` is left as it was."""
    tell = progress or _silent
    with for_writing(target.connect()) as into, into.begin():
        _refuse_other_tables(into)
        upgrade(into)
        _refuse_rows(into)
        with _snapshot(source) as reading:
            counts = {table.name: _count(reading, table) for table in t.metadata.sorted_tables}
            total = sum(counts.values())
            tell("checking the instance's record", 0, total)
            report = verify_on(reading, public_key)
            if not report.ok:
                raise MoveFailed(
                    f"the instance's record does not verify ({report.problems[0]}): "
                    "`sovet verify` reports where"
                )
            copied = 0
            for table in t.metadata.sorted_tables:
                for rows in _batches(reading, table, batch):
                    into.execute(table.insert(), rows)
                    copied += len(rows)
                    tell(f"copying {table.name}", copied, total)
        _advance_sequences(into)
        tell("checking the copy", total, total)
        _check(into, counts, report.entries, report.root, public_key)
    return Moved(report.entries, total, len(counts), report.root)


def _silent(*_: object) -> None:
    """No progress is shown."""


def _refuse_other_tables(into: Connection) -> None:
    """Refuse a database that holds tables sovet does not know: another application's."""
    ours = {table.name for table in t.metadata.sorted_tables} | {ALEMBIC_VERSION}
    others = sorted(set(inspect(into).get_table_names()) - ours)
    if others:
        raise Conflict(
            f"it is not empty: it holds tables sovet does not make ({', '.join(others)})"
        )


def _refuse_rows(into: Connection) -> None:
    for table in t.metadata.sorted_tables:
        if into.execute(select(1).select_from(table).limit(1)).first() is not None:
            raise Conflict(f"it is not empty: its table {table.name} has rows")


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that reads the whole database as it stood at its first read."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _batches(conn: Connection, table: Table, size: int) -> Iterator[list[dict[str, Any]]]:
    """The table's rows by primary key (a ballot box's thus stay in the random order of
    their receipts' hashes, linked to no voter), ``size`` at a time."""
    query = select(table).order_by(*table.primary_key.columns)
    result = conn.execute(query, execution_options={"yield_per": size})
    for rows in result.partitions():
        yield [dict(row._mapping) for row in rows]


def _advance_sequences(into: Connection) -> None:
    """Set each PostgreSQL sequence of a generated key (``round_jobs``,
    ``invitation_failures``) past the ids copied, or the next row would take one of them."""
    if into.dialect.name != "postgresql":
        return  # SQLite gives a new row the largest key + 1; no counter to set.
    for table in t.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        following = select(func.coalesce(func.max(column), 0) + 1).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, column.name)
        if into.execute(select(func.setval(sequence, following, False))).scalar() is None:
            raise MoveFailed(f"the copy's {table.name}.{column.name} has no sequence to set")


def _check(
    into: Connection, counts: dict[str, int], entries: int, root: bytes, public_key: bytes
) -> None:
    """The copy's record verifies with the key at the source's size and root, and each
    table holds as many rows as the source's."""
    report = verify_on(into, public_key)
    if not report.ok:
        raise MoveFailed(f"the copy's record does not verify: {report.problems[0]}")
    if (report.entries, report.root) != (entries, root):
        raise MoveFailed(
            f"the copy's record has {report.entries} entries and root {report.root.hex()}, "
            f"the instance's {entries} and {root.hex()}"
        )
    for table in t.metadata.sorted_tables:
        found = _count(into, table)
        if found != counts[table.name]:
            raise MoveFailed(
                f"the copy's table {table.name} has {found} rows, the instance's "
                f"{counts[table.name]}"
            )
