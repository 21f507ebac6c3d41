"""A consistent copy of an SQLite instance's database, taken while it serves.

SQLite's ``VACUUM INTO`` writes the copy from one read transaction, over a read-only
connection: acts that commit meanwhile are not in it and do not restart it (as they
would restart the online backup API's steps), and nothing in the live database changes.
The copy is compacted and checked whole (``PRAGMA integrity_check``) before it is
reported. A PostgreSQL instance is backed up by ``pg_dump``, PostgreSQL's own tool.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from sovet.domain.errors import Conflict, Invalid

POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Backup:
    path: Path
    entries: int
    """The entries of the record in the copy."""
    size: int
    """Bytes."""


def source_of(engine: Engine, target: Path) -> Path:
    """The SQLite file behind ``engine``, to copy to ``target``; refused for another
    database, or a ``target`` that exists or whose folder does not."""
    if engine.dialect.name != "sqlite":
        raise Invalid(
            f"the database is {engine.dialect.name}, not SQLite: back it up with its own "
            "tool (pg_dump --format=custom for PostgreSQL)"
        )
    database = engine.url.database
    if not database or database == ":memory:":
        raise Invalid("the database is in memory: there is no file to back up")
    if target.exists():
        raise Conflict(f"{target} exists already: a backup is written to a new file")
    if not target.parent.is_dir():
        raise Invalid(f"{target.parent} is not a folder")
    return Path(database).resolve()


def back_up(
    source: Path, target: Path, *, progress: Callable[[int, int], None] | None = None
) -> Backup:
    """Copy the SQLite database ``source`` (``source_of``) to ``target``, a new file,
    calling ``progress(written, total)`` with bytes as the copy grows."""
    with closing(_read_only(source)) as live:
        page_size, pages, free = (
            live.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("page_size", "page_count", "freelist_count")
        )
    total = page_size * (pages - free)
    failed: list[sqlite3.Error] = []
    copying = threading.Thread(target=_vacuum_into, args=(source, target, failed))
    copying.start()
    while copying.is_alive():
        if progress is not None:
            progress(min(_size(target), total), total)
        copying.join(POLL_SECONDS)
    if failed:
        target.unlink(missing_ok=True)
        raise Invalid(f"{target}: {failed[0]}")
    try:
        with closing(_read_only(target)) as copy:
            [(verdict,)] = copy.execute("PRAGMA integrity_check").fetchall()
            entries = copy.execute("SELECT count(*) FROM record_entries").fetchone()[0]
    except BaseException:
        target.unlink()
        raise
    if verdict != "ok":
        target.unlink()
        raise Invalid(f"the copy failed SQLite's integrity check: {verdict}")
    size = _size(target)
    if progress is not None:
        progress(size, size)
    return Backup(target, int(entries), size)


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path``, relative to the working folder or not."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _vacuum_into(source: Path, target: Path, failed: list[sqlite3.Error]) -> None:
    try:
        with closing(_read_only(source)) as live:
            live.execute("VACUUM INTO ?", (str(target),))
    except sqlite3.Error as error:
        failed.append(error)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
