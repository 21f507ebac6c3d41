"""The record as an auditor handles it: verify, export, and replay into a new database,
whole or up to an entry."""

from __future__ import annotations

import base64
import binascii
import gc
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine, select

from sovet.adapters import projection
from sovet.adapters import tables as t
from sovet.adapters.migrate import migrate
from sovet.adapters.sql import Database, checkpoint_row, make_engine, stored_checkpoints
from sovet.record.checkpoint import Checkpoint
from sovet.record.entry import Entry
from sovet.record.merkle import leaf_hash
from sovet.record.verify import Report, StoredRow, verify_record

EXPORT_FORMAT = "sovet-export/v1"
Progress = Callable[[int], None]


def stored_rows(db: Database) -> Iterator[StoredRow]:
    with db.engine.connect() as conn:
        yield from rows_on(conn)


def rows_on(conn: Connection) -> Iterator[StoredRow]:
    """The record's entries as ``conn`` sees them, in its transaction if it is in one."""
    query = select(t.entries).order_by(t.entries.c.position)
    for row in conn.execute(query, execution_options={"yield_per": 10_000}):
        yield StoredRow(
            position=row.position,
            body=row.body,
            leaf_hash=bytes(row.leaf_hash),
            kind=row.kind,
            actor=row.actor,
            time=row.time,
        )


def verify_database(db: Database, *, trusted: Sequence[Checkpoint] = ()) -> Report:
    return verify_record(
        stored_rows(db), db.checkpoints(), public_key=db.key.public_key, trusted=trusted
    )


def verify_on(conn: Connection, public_key: bytes) -> Report:
    """``verify_database`` on a connection, in its transaction if it is in one."""
    return verify_record(rows_on(conn), stored_checkpoints(conn), public_key=public_key)


def export_record(db: Database, out: IO[str]) -> int:
    """Write the record as JSON lines: a header, then each entry's body, each checkpoint
    after the entry that completes it. Returns the number of entries written."""
    header = {
        "format": EXPORT_FORMAT,
        "public_key": _b64(db.key.public_key),
        "key_id": db.key.key_id,
    }
    out.write(json.dumps(header) + "\n")
    pending = iter(db.checkpoints())
    checkpoint = next(pending, None)
    count = 0
    for body in db.bodies():
        out.write(body + "\n")
        count += 1
        while checkpoint is not None and checkpoint.size == count:
            out.write(json.dumps({"checkpoint": checkpoint.to_json()}) + "\n")
            checkpoint = next(pending, None)
    return count


@dataclass
class Export:
    public_key: bytes
    bodies: list[str]
    checkpoints: list[Checkpoint]

    def rows(self) -> Iterator[StoredRow]:
        """Rows in file order; an export keeps no position column, so order is position."""
        for position, body in enumerate(self.bodies):
            yield StoredRow(position=position, body=body)


def read_export(path: Path) -> Export:
    """Parse an export, raising ValueError naming the first bad line."""
    with path.open(encoding="utf-8") as lines:
        try:
            header = json.loads(next(lines))
        except (StopIteration, json.JSONDecodeError):
            raise ValueError("line 1: not a sovet export header") from None
        if not isinstance(header, dict) or header.get("format") != EXPORT_FORMAT:
            raise ValueError(f"line 1: expected format {EXPORT_FORMAT}")
        try:
            public_key = base64.b64decode(header["public_key"], validate=True)
        except (KeyError, TypeError, binascii.Error):
            raise ValueError("line 1: the header has no public_key in base64") from None
        export = Export(public_key=public_key, bodies=[], checkpoints=[])
        for number, line in enumerate(lines, start=2):
            text = line.rstrip("\n")
            try:
                value = json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"line {number}: not JSON ({error.msg})") from None
            if isinstance(value, dict) and set(value) == {"checkpoint"}:
                try:
                    export.checkpoints.append(Checkpoint.from_json(value["checkpoint"]))
                except (KeyError, ValueError, TypeError) as error:
                    raise ValueError(f"line {number}: bad checkpoint ({error})") from None
            else:
                export.bodies.append(text)
    return export


def verify_export(
    export: Export, *, public_key: bytes | None = None, trusted: Sequence[Checkpoint] = ()
) -> Report:
    return verify_record(
        export.rows(),
        export.checkpoints,
        public_key=public_key or export.public_key,
        trusted=trusted,
    )


CHECKPOINT_FIELDS = ("size", "root", "timestamp", "signature", "key_id")


@dataclass
class Kept:
    """Checkpoints an auditor kept, and the public keys published beside them."""

    checkpoints: list[Checkpoint]
    public_keys: list[bytes]


def read_kept(path: Path) -> Kept:
    """Checkpoints an auditor kept, in any form the instance hands them out: bare, as
    ``Checkpoint.to_json`` writes them; as ``/api/record/checkpoints/latest`` answers,
    ``{"checkpoint": ..., "public_key": ..., "key_id": ...}``; or as an export's
    ``{"checkpoint": ...}`` line. The file holds one of these, a list of them, or one a
    line. Raises ValueError saying what is wrong, and where."""
    kept = Kept(checkpoints=[], public_keys=[])
    for where, value in _json_values(path.read_text(encoding="utf-8")):
        items = value if isinstance(value, list) else [value]
        for number, item in enumerate(items, start=1):
            place = f"{where}item {number}: " if isinstance(value, list) else where
            try:
                checkpoint, public_key = _kept_checkpoint(item)
            except ValueError as error:
                raise ValueError(f"{place}{error}") from None
            kept.checkpoints.append(checkpoint)
            if public_key is not None and public_key not in kept.public_keys:
                kept.public_keys.append(public_key)
    if not kept.checkpoints:
        raise ValueError("holds no checkpoint")
    return kept


def _json_values(text: str) -> list[tuple[str, Any]]:
    """The one JSON value in ``text``, or else one for each line that is not blank,
    each with the words that place it ("line 3: ")."""
    try:
        return [("", json.loads(text))]
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise ValueError(f"not JSON ({error.msg} at line {error.lineno})") from None
    values = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                values.append((f"line {number}: ", json.loads(line)))
            except json.JSONDecodeError as error:
                raise ValueError(f"line {number}: not JSON ({error.msg})") from None
    return values


def _kept_checkpoint(item: Any) -> tuple[Checkpoint, bytes | None]:
    """One kept checkpoint, with the public key published beside it, if any."""
    public_key = None
    data = item
    if isinstance(item, dict) and "checkpoint" in item:
        data = item["checkpoint"]
        if "public_key" in item:
            public_key = _public_key(item["public_key"])
    if not isinstance(data, dict):
        raise ValueError(f"not a checkpoint: a JSON {_json_kind(data)}, not an object")
    missing = [name for name in CHECKPOINT_FIELDS if name not in data]
    if missing:
        raise ValueError(f"not a checkpoint: it has no {_either(missing)}")
    if not isinstance(data["size"], int) or isinstance(data["size"], bool):
        raise ValueError("not a checkpoint: its size is not a whole number")
    for name in ("root", "signature"):
        try:
            base64.b64decode(data[name], validate=True)
        except (TypeError, ValueError):
            raise ValueError(f"not a checkpoint: its {name} is not base64") from None
    try:
        return Checkpoint.from_json(data), public_key
    except ValueError as error:
        raise ValueError(f"not a checkpoint: {error}") from None


def _public_key(text: Any) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (TypeError, ValueError):
        key = b""
    if len(key) != 32:
        raise ValueError("its public_key is not an Ed25519 public key in base64")
    return key


def _json_kind(value: Any) -> str:
    names = {list: "list", str: "string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "number")


def _either(names: list[str]) -> str:
    """``["a", "b", "c"]`` as "a, b or c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def replay(
    bodies: Iterable[str],
    checkpoints: Iterable[Checkpoint],
    target: Engine,
    *,
    progress: Progress | None = None,
    batch: int = 20_000,
) -> int:
    """Rebuild a migrated, empty database from the record alone. Returns the entry count.

    The cycle collector is paused meanwhile: a replay builds millions of short-lived
    objects and no cycles, and collecting would cost a third of the time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _replay(bodies, checkpoints, target, progress=progress, batch=batch)
    finally:
        if collecting:
            gc.enable()


@contextmanager
def state_before(
    db: Database, position: int, *, progress: Progress | None = None
) -> Iterator[Database]:
    """The state as it stood before entry ``position``: the record up to it, replayed
    into a scratch SQLite database that is removed on leaving. ``progress`` is told the
    entries replayed so far, as ``replay`` tells it."""
    with tempfile.TemporaryDirectory(prefix="sovet-state-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'state.db'}")
        try:
            migrate(engine)
            replay(db.bodies(stop=position), (), engine, progress=progress)
            yield Database(engine, db.key, db.clock)
        finally:
            engine.dispose()


def _replay(
    bodies: Iterable[str],
    checkpoints: Iterable[Checkpoint],
    target: Engine,
    *,
    progress: Progress | None,
    batch: int,
) -> int:
    count = 0
    with target.connect() as conn, conn.begin():
        if conn.execute(select(t.entries.c.position).limit(1)).first() is not None:
            raise ValueError("replay needs an empty database; this one already has a record")
        rows: list[dict[str, Any]] = []
        writes: list[projection.Write] = []
        for body in bodies:
            entry = Entry.from_body(body)
            rows.append(
                {
                    "position": entry.position,
                    "kind": entry.kind,
                    "actor": entry.actor,
                    "time": entry.time,
                    "body": body,
                    "leaf_hash": leaf_hash(body.encode()),
                }
            )
            writes.extend(projection.writes_for(entry))
            count += 1
            if len(rows) >= batch:
                _flush(conn, rows, writes)
                if progress:
                    progress(count)
        _flush(conn, rows, writes)
        checkpoint_rows = [checkpoint_row(c) for c in checkpoints]
        if checkpoint_rows:
            conn.execute(t.checkpoints.insert(), checkpoint_rows)
    if progress:
        progress(count)
    return count


def _flush(conn: Any, rows: list[dict[str, Any]], writes: list[projection.Write]) -> None:
    if rows:
        conn.execute(t.entries.insert(), rows)
    projection.apply_batched(conn, writes)
    rows.clear()
    writes.clear()


def projection_differences(live: Engine, replayed: Engine) -> list[str]:
    """Every projection table compared row by row; an empty list means they are equal."""
    differences = []
    for table in t.PROJECTIONS:
        key = list(table.primary_key.columns)
        query = select(table).order_by(*key)
        with live.connect() as a, replayed.connect() as b:
            left = {tuple(getattr(r, c.name) for c in key): tuple(r) for r in a.execute(query)}
            right = {tuple(getattr(r, c.name) for c in key): tuple(r) for r in b.execute(query)}
        for row_key in sorted(set(left) | set(right), key=repr):
            if left.get(row_key) != right.get(row_key):
                differences.append(
                    f"{table.name} {row_key}: live {left.get(row_key)} != replayed {right.get(row_key)}"
                )
    return differences


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")
