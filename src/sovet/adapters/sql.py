"""SQL storage: SQLite by default, PostgreSQL when a URL points at one.

``Database`` opens transactions; within one, ``SqlStore`` reads state and appends
entries. Writers are serialised (the record is one sequence): SQLite takes its write
lock at BEGIN IMMEDIATE, PostgreSQL a transaction-scoped advisory lock.

Acts commit in groups. Acts that arrive (in other threads) while one is running join
its database transaction and run after it, one at a time, each in its own savepoint:
a refused act rolls back to its savepoint and raises in its own caller, leaving the
others' work in place. When the group's last act is done, a checkpoint of the new tree
is signed and stored, and the group commits once: one signature and one durable commit
for many acts. Every caller returns only after that commit; if it fails, each of them
gets ``CommitFailed``. A lone act is a group of one.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    Connection,
    Engine,
    RootTransaction,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, SQLAlchemyError

from sovet.adapters import projection
from sovet.adapters import tables as t
from sovet.adapters.books_store import BooksStore
from sovet.adapters.election_store import ElectionStore
from sovet.adapters.motion_store import MotionStore
from sovet.adapters.planning_store import PlanningStore
from sovet.adapters.recall_store import RecallStore
from sovet.domain.charter import Charter
from sovet.domain.errors import Invalid
from sovet.domain.federation import Council, JoinRequest
from sovet.domain.mandates import Mandate
from sovet.domain.members import Account, CodePurpose, EmailedCode, Member, OpenSession
from sovet.domain.planning import JobOutcome, RoundJob
from sovet.record.checkpoint import Checkpoint, InstanceKey
from sovet.record.entry import Entry
from sovet.record.kinds import KINDS, RETIRED
from sovet.record.merkle import MerkleTree, leaf_hash
from sovet.record.standing import parse_standing

Clock = Callable[[], datetime]
WRITER_LOCK_KEY = 0x50FE7  # PostgreSQL advisory lock held by the one writer
INSERT_ENTRY = insert(t.entries)
MEMBER = select(t.members).where(t.members.c.id == bindparam("id"))
COUNCIL = select(t.councils).where(t.councils.c.id == bindparam("id"))
WORKING = or_(
    and_(t.sessions.c.kind == "web", t.sessions.c.created > bindparam("since_web")),
    and_(t.sessions.c.kind == "api", t.sessions.c.created > bindparam("since_api")),
)
"""A session or token that opened recently enough for its kind to work now."""
SESSION_HOLDER = (
    select(t.members)
    .join(t.sessions, t.sessions.c.member_id == t.members.c.id)
    .where(t.sessions.c.token_hash == bindparam("token_hash"), WORKING)
)
MANDATES_HELD_IN = (
    select(t.mandates)
    .where(
        t.mandates.c.member_id == bindparam("member"),
        t.mandates.c.council_id == bindparam("council"),
    )
    .order_by(t.mandates.c.id)
)
"""Statements every act runs, built once: building one costs more than running it."""
POOL: dict[str, Any] = {"pool_size": 40, "max_overflow": 10}
"""Connections kept open: one for each of the server's worker threads (anyio runs at most
40), so that a busy server does not open and close a connection for each request."""
MAX_GROUP = 64  # acts in one group commit, so that the first of them waits a bounded time
IDLE_PING_S = 2.0
IN_BATCH = 900  # values bound in one IN (...), under the oldest SQLite's limit of 999
"""A PostgreSQL connection idle in the pool longer than this is pinged before use."""


class CommitFailed(RuntimeError):
    """The group of acts this act ran in did not commit: nothing of it was recorded."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def make_engine(url: str, *, reads_only: bool = False) -> Engine:
    """An engine with the settings sovet relies on for each backend.

    One that ``reads_only`` writes nothing to the database: the database refuses its
    writes, and an SQLite file is neither created nor set in WAL mode (a backup's is
    not)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        reading = _read_only_file(parsed) if reads_only else {}
        engine = create_engine(url, connect_args={"timeout": 30}, **reading, **POOL)

        @event.listens_for(engine, "connect")
        def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # sovet issues BEGIN itself
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if reads_only:
                cursor.execute("PRAGMA query_only=ON")  # a URI filename's too
            elif parsed.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    engine = create_engine(url, **POOL)
    event.listen(engine.pool, "checkin", _note_idle)
    if reads_only:
        event.listen(engine, "connect", _read_only_session)

    @event.listens_for(engine.pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        """Ping a connection that has sat idle, so that one the server dropped meanwhile
        (a restart, an administrator) is replaced before an act meets it.

        A busy server's connections come back to the pool within milliseconds; pinging
        each before every use (``pool_pre_ping``) would add a round trip to every request.
        Raising ``DisconnectionError`` makes the pool discard this one and open another."""
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as lost:
            raise DisconnectionError(f"the server dropped an idle connection: {lost}") from lost

    return engine


@contextmanager
def opening(setting: str, url: str) -> Iterator[None]:
    """Turn each way the database at ``url`` fails to open (a malformed URL, a driver not
    installed, a server not reached or refusing the password, a folder that is not there)
    into one line naming ``setting``, where the operator set the URL: ``Invalid``."""
    try:
        yield
    except (SQLAlchemyError, ImportError) as error:
        cause = getattr(error, "orig", None) or error
        reason = (str(cause).splitlines() or [type(cause).__name__])[0]
        if isinstance(error, ImportError):
            reason = f"its driver is not installed ({reason})"
        raise Invalid(f"{setting} is {shown_url(url)}: {reason}") from None


def shown_url(url: str) -> str:
    """``url`` as it may be shown: with its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return url


def _read_only_file(url: URL) -> dict[str, Any]:
    """How to open the SQLite database at ``url`` read-only, by SQLite itself: it writes
    nothing, does not create a file that is not there, and leaves the file's journal mode
    as it is (a backup's is not WAL)."""
    database = url.database
    if database is None or database in ("", ":memory:") or "uri" in url.query:
        return {}
    filename = f"file:{quote(os.path.abspath(database))}?mode=ro"
    connect = functools.partial(
        sqlite3.connect, filename, uri=True, timeout=30, check_same_thread=False
    )
    return {"creator": connect}


def _read_only_session(dbapi_connection: Any, _record: Any) -> None:
    """Make every transaction of a new PostgreSQL connection read-only, those it runs
    without BEGIN too."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET default_transaction_read_only = on")
    cursor.close()
    dbapi_connection.commit()


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


@contextmanager
def read_only(engine: Engine) -> Iterator[Connection]:
    """A connection for reading.

    SQLite reads in a transaction: one snapshot for all the reader's statements.
    PostgreSQL (at READ COMMITTED) takes a snapshot per statement inside a transaction
    or out of it, so its readers run without one and save the round trips of BEGIN and
    COMMIT."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            with conn.begin():
                yield conn
        else:
            yield conn.execution_options(isolation_level="AUTOCOMMIT")


def for_writing(conn: Connection) -> Connection:
    """The connection, set so that SQLite takes its write lock when a transaction begins.

    An execution option, not ``conn.info``: that belongs to the pooled DBAPI connection
    and would make every later reader on it begin IMMEDIATE too, queueing behind the
    writer."""
    return conn.execution_options(sqlite_begin="IMMEDIATE")


@dataclass(eq=False)
class _Group:
    """Acts that share one database transaction, one checkpoint and one commit."""

    joined: int = 0
    unfinished: int = 0
    """Acts that joined and have not finished: the last to finish commits the group."""
    turn: threading.Lock = field(default_factory=threading.Lock)
    """Held by the act running on the group's connection."""
    conn: Connection | None = None
    tx: RootTransaction | None = None
    tree: MerkleTree | None = None
    size: int = 0
    """The record's size when the group began."""
    next_position: int = 0
    latest: datetime | None = None
    """The time of the record's last entry, appended by this group or before it."""
    leaves: list[bytes] = field(default_factory=list)
    error: BaseException | None = None
    """Why the group cannot commit, once it cannot."""
    done: threading.Event = field(default_factory=threading.Event)
    acts: int = 0
    savepoint: _Savepoint | None = None
    """The savepoint of the act running now."""


@dataclass(eq=False)
class _Savepoint:
    """Where one act of a group began, set just before the act's first write.

    An act refused before it writes (most refusals) costs no round trip for it, and
    none is spent releasing it: the group's commit ends every savepoint at once. A
    statement the database refuses before the act's first write leaves no savepoint to
    return to (PostgreSQL aborts the transaction), so it fails the whole group."""

    name: str
    set: bool = False

    def roll_back(self, conn: Connection) -> None:
        if self.set:
            conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {self.name}")


def _before_write(
    group: _Group, conn: Connection, statement: Any, *_arguments: Any, **_options: Any
) -> None:
    """Set the running act's savepoint before its first insert, update or delete."""
    savepoint = group.savepoint
    if savepoint is not None and not savepoint.set and getattr(statement, "is_dml", False):
        savepoint.set = True
        conn.exec_driver_sql(f"SAVEPOINT {savepoint.name}")


class Database:
    """The storage of one instance: engine, signing key, clock and the cached tree."""

    def __init__(self, engine: Engine, key: InstanceKey, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.key = key
        self.clock = clock
        self._tree: MerkleTree | None = None
        self._writer = threading.Lock()
        """Held from a group's BEGIN to the end of its commit (by whichever threads)."""
        self._joining = threading.Lock()
        self._open: _Group | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[SqlStore]:
        """A write transaction for one act, committed with the acts grouped with it.

        If the block raises, its act leaves nothing (its savepoint is rolled back) and
        the exception propagates. Otherwise this returns once the group has committed,
        or raises ``CommitFailed`` if it could not. Either way it returns when the
        group has ended."""
        group = self._join()
        try:
            with group.turn:
                yield from self._act(group)
        except BaseException:
            self._finish(group)
            raise
        self._finish(group)
        if group.error is not None:
            raise CommitFailed(f"the transaction did not commit: {group.error}") from group.error

    def _join(self) -> _Group:
        with self._joining:
            group = self._open
            if group is None or group.joined >= MAX_GROUP:
                group = self._open = _Group()
            group.joined += 1
            group.unfinished += 1
            return group

    def _act(self, group: _Group) -> Iterator[SqlStore]:
        if group.conn is None and group.error is None:
            self._begin(group)
        if group.error is not None:
            raise CommitFailed(f"the transaction did not commit: {group.error}") from group.error
        assert group.conn is not None
        store = SqlStore(
            group.conn, self.clock, next_position=group.next_position, not_before=group.latest
        )
        group.acts += 1
        savepoint = group.savepoint = _Savepoint(f"act_{group.acts}")
        try:
            yield store
        except BaseException as failure:
            try:
                if savepoint.set:
                    savepoint.roll_back(group.conn)
                elif isinstance(failure, DBAPIError):
                    group.error = failure  # PostgreSQL has lost the transaction; fail alike
            except BaseException as error:
                group.error = error
            raise
        finally:
            group.savepoint = None
        group.next_position = store.next_position()
        if store.appended:
            group.latest = _moment(store.appended[-1].time)
        group.leaves.extend(store.leaves)

    def _begin(self, group: _Group) -> None:
        """Open the group's transaction, once the previous group has committed."""
        self._writer.acquire()
        conn = None
        try:
            conn = for_writing(self.engine.connect())
            event.listen(conn, "before_execute", functools.partial(_before_write, group))
            tx = conn.begin()
            if not self.is_sqlite:
                conn.execute(select(func.pg_advisory_xact_lock(WRITER_LOCK_KEY)))
            size = _record_size(conn)
            group.latest = _last_time(conn, size)
            group.tree = self._synced_tree(conn, size)
        except BaseException as error:
            group.error = error
            if conn is not None:
                conn.close()
            self._writer.release()
            raise
        group.conn, group.tx, group.size, group.next_position = conn, tx, size, size

    def _finish(self, group: _Group) -> None:
        """Leave the group: the last act to leave commits it; the others wait for that."""
        with self._joining:
            group.unfinished -= 1
            last = group.unfinished == 0
            if last and self._open is group:
                self._open = None
        if last:
            self._commit(group)
        group.done.wait()

    def _commit(self, group: _Group) -> None:
        """Sign a checkpoint of the group's entries and commit, or roll everything back."""
        try:
            if group.conn is not None:
                self._end(group, group.conn)
        finally:
            group.done.set()

    def _end(self, group: _Group, conn: Connection) -> None:
        assert group.tx is not None and group.tree is not None
        try:
            if group.error is None:
                if group.leaves:
                    group.tree.extend(group.leaves)
                    self._write_checkpoint(conn, group.tree)
                group.tx.commit()
        except BaseException as error:
            group.error = error
        finally:
            if group.error is not None and group.tree.size != group.size:
                self._tree = None
            try:
                conn.close()  # rolls back what did not commit
            finally:
                self._writer.release()

    @contextmanager
    def reading(self) -> Iterator[SqlStore]:
        with read_only(self.engine) as conn:
            yield SqlStore(conn, self.clock, next_position=None)

    def tree(self) -> MerkleTree:
        """The Merkle tree of the committed record.

        It is shared and only ever grows, so a reader asks for roots and proofs at an
        explicit size (a checkpoint's) and gets the same answer while writers append.
        """
        with self._writer, self.engine.connect() as conn:
            return self._synced_tree(conn, _record_size(conn))

    def entries(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        for body in self.bodies(start, stop):
            yield Entry.from_body(body)

    def bodies(self, start: int = 0, stop: int | None = None) -> Iterator[str]:
        query = select(t.entries.c.body).where(t.entries.c.position >= start)
        if stop is not None:
            query = query.where(t.entries.c.position < stop)
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=10_000).execute(
                query.order_by(t.entries.c.position)
            )
            for (body,) in result:
                yield body

    def checkpoints(self) -> list[Checkpoint]:
        with self.engine.connect() as conn:
            return stored_checkpoints(conn)

    def checkpoint(self, size: int | None = None) -> Checkpoint | None:
        """The checkpoint signed at ``size`` entries (default: the latest), if any."""
        query = (
            select(t.checkpoints).order_by(t.checkpoints.c.size.desc())
            if size is None
            else select(t.checkpoints).where(t.checkpoints.c.size == size)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query.limit(1)).first()
        return None if row is None else _checkpoint(row)

    def _synced_tree(self, conn: Connection, size: int) -> MerkleTree:
        """The cached tree, brought up to ``size`` leaves (another process may have written)."""
        if self._tree is None or self._tree.size > size:
            self._tree = MerkleTree()
        if self._tree.size < size:
            rows = conn.execute(
                select(t.entries.c.leaf_hash)
                .where(t.entries.c.position >= self._tree.size)
                .order_by(t.entries.c.position)
            )
            self._tree.extend(bytes(row[0]) for row in rows)
        return self._tree

    def _write_checkpoint(self, conn: Connection, tree: MerkleTree) -> None:
        checkpoint = self.key.sign_checkpoint(tree.size, tree.root(), timestamp(self.clock()))
        conn.execute(t.checkpoints.insert(), [checkpoint_row(checkpoint)])


def checkpoint_row(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "size": checkpoint.size,
        "root": checkpoint.root,
        "timestamp": checkpoint.timestamp,
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }


def stored_checkpoints(conn: Connection) -> list[Checkpoint]:
    """The signed checkpoints as ``conn`` sees them, by size."""
    rows = conn.execute(select(t.checkpoints).order_by(t.checkpoints.c.size))
    return [_checkpoint(row) for row in rows]


def _checkpoint(row: Any) -> Checkpoint:
    return Checkpoint(
        size=row.size,
        root=bytes(row.root),
        timestamp=row.timestamp,
        signature=bytes(row.signature),
        key_id=row.key_id,
    )


def _record_size(conn: Connection) -> int:
    last = conn.execute(select(func.max(t.entries.c.position))).scalar()
    return 0 if last is None else int(last) + 1


def _last_time(conn: Connection, size: int) -> datetime | None:
    if size == 0:
        return None
    query = select(t.entries.c.time).where(t.entries.c.position == size - 1)
    return _moment(conn.execute(query).scalar_one())


def _moment(time: str) -> datetime:
    return datetime.fromisoformat(time)


def _since(opened_since: Mapping[str, datetime]) -> dict[str, str]:
    """The parameters of ``WORKING``."""
    return {f"since_{kind}": timestamp(moment) for kind, moment in opened_since.items()}


class SqlStore(MotionStore, ElectionStore, RecallStore, BooksStore, PlanningStore):
    """State as one transaction sees it; implements ``services.ports.Store``."""

    def __init__(
        self,
        conn: Connection,
        clock: Clock,
        *,
        next_position: int | None,
        not_before: datetime | None = None,
    ) -> None:
        self.conn = conn
        self._clock = clock
        self._next = next_position
        self._not_before = not_before
        self._now: datetime | None = None
        self.appended: list[Entry] = []
        self.leaves: list[bytes] = []

    def now(self) -> datetime:
        """The clock's time, read once per act; for an act that may append, never
        before the record's last entry, so that the record's times follow its order
        even when the system clock steps back (NTP can)."""
        if self._now is None:
            moment = self._clock()
            if self._not_before is not None and moment < self._not_before:
                moment = self._not_before
            self._now = moment
        return self._now

    def today(self) -> date:
        return self.now().date()

    def next_position(self) -> int:
        if self._next is None:
            raise RuntimeError("a read-only view cannot append to the record")
        return self._next

    def append(self, kind: str, payload: dict[str, Any], *, actor: int | None, under: str) -> Entry:
        if kind in RETIRED:
            raise ValueError(f"{kind} is a retired kind: old records hold it, no act writes it")
        if parse_standing(under) is None:
            raise ValueError(
                f"{under!r} is no standing an act is done under (record.standing.FORMS)"
            )
        entry = Entry(
            position=self.next_position(),
            time=timestamp(self.now()),
            kind=kind,
            version=KINDS[kind],
            actor=actor,
            under=under,
            payload=payload,
        )
        body = entry.body()
        leaf = leaf_hash(body.encode())
        row = {
            "position": entry.position,
            "kind": kind,
            "actor": actor,
            "time": entry.time,
            "body": body,
            "leaf_hash": leaf,
        }
        self.conn.execute(INSERT_ENTRY, row)
        projection.apply(self.conn, entry)
        self._next = entry.position + 1
        self.appended.append(entry)
        self.leaves.append(leaf)
        return entry

    def recorded(self, kinds: Collection[str], *, since: int = 0) -> list[Entry]:
        query = (
            select(t.entries.c.body)
            .where(t.entries.c.kind.in_(kinds), t.entries.c.position >= since)
            .order_by(t.entries.c.position)
        )
        return [Entry.from_body(body) for body in self.conn.execute(query).scalars()]

    def member(self, member_id: int) -> Member | None:
        row = self.conn.execute(MEMBER, {"id": member_id}).first()
        return None if row is None else Member(id=row.id, name=row.name)

    def council(self, council_id: int) -> Council | None:
        row = self.conn.execute(COUNCIL, {"id": council_id}).first()
        return None if row is None else council_from_row(row)

    def council_by_slug(self, slug: str) -> Council | None:
        row = self.conn.execute(select(t.councils).where(t.councils.c.slug == slug)).first()
        return None if row is None else council_from_row(row)

    def councils(self) -> list[Council]:
        rows = self.conn.execute(select(t.councils).order_by(t.councils.c.id))
        return [council_from_row(row) for row in rows]

    def council_name_taken(self, name: str) -> bool:
        """Whether a council has ``name`` in any letter case. Compared here, not in SQL:
        SQLite's lower() folds only ASCII letters, so 'Łódź' and 'łódź' would differ."""
        wanted = name.casefold()
        names = self.conn.execute(select(t.councils.c.name)).scalars()
        return any(taken.casefold() == wanted for taken in names)

    def is_member(self, council_id: int, member_id: int) -> bool:
        query = select(t.memberships.c.member_id).where(
            t.memberships.c.council_id == council_id, t.memberships.c.member_id == member_id
        )
        return self.conn.execute(query).first() is not None

    def members_of(self, council_id: int) -> list[int]:
        query = (
            select(t.memberships.c.member_id)
            .where(t.memberships.c.council_id == council_id)
            .order_by(t.memberships.c.member_id)
        )
        return [int(member_id) for member_id in self.conn.execute(query).scalars()]

    def being_founded(self, council_id: int) -> bool:
        vote = select(t.votes.c.id).where(t.votes.c.council_id == council_id).limit(1)
        election = (
            select(t.elections.c.id).where(t.elections.c.constituency_id == council_id).limit(1)
        )
        return (
            self.conn.execute(vote).first() is None and self.conn.execute(election).first() is None
        )

    def constituents(self) -> dict[int, Set[int]]:
        graph: dict[int, set[int]] = {}
        for council_id, constituent_id in self.conn.execute(
            select(t.constituents.c.council_id, t.constituents.c.constituent_id).where(
                t.constituents.c.seats > 0
            )
        ):
            graph.setdefault(council_id, set()).add(constituent_id)
        return dict(graph)

    def seats_of(self, council_id: int, constituency_id: int) -> int:
        query = select(t.constituents.c.seats).where(
            t.constituents.c.council_id == council_id,
            t.constituents.c.constituent_id == constituency_id,
        )
        seats = self.conn.execute(query).scalar()
        return 0 if seats is None else int(seats)

    def join_request(self, council_id: int, constituent_id: int) -> JoinRequest | None:
        query = select(t.join_requests).where(
            t.join_requests.c.council_id == council_id,
            t.join_requests.c.constituent_id == constituent_id,
        )
        row = self.conn.execute(query).first()
        return None if row is None else _join_request(row)

    def join_requests_to(self, council_id: int) -> list[JoinRequest]:
        query = (
            select(t.join_requests)
            .where(t.join_requests.c.council_id == council_id)
            .order_by(t.join_requests.c.entry)
        )
        return [_join_request(row) for row in self.conn.execute(query)]

    def mandates_of_member(self, member_id: int) -> list[Mandate]:
        query = select(t.mandates).where(t.mandates.c.member_id == member_id)
        return [mandate_from_row(row) for row in self.conn.execute(query.order_by(t.mandates.c.id))]

    def mandates_held_in(self, council_id: int, member_id: int) -> list[Mandate]:
        found = {"council": council_id, "member": member_id}
        return [mandate_from_row(row) for row in self.conn.execute(MANDATES_HELD_IN, found)]

    def mandates_in(self, council_id: int) -> list[Mandate]:
        query = select(t.mandates).where(t.mandates.c.council_id == council_id)
        return [mandate_from_row(row) for row in self.conn.execute(query.order_by(t.mandates.c.id))]

    def account_by_email(self, email: str) -> Account | None:
        row = self.conn.execute(select(t.accounts).where(t.accounts.c.email == email)).first()
        return None if row is None else _account(row)

    def account(self, member_id: int) -> Account | None:
        query = select(t.accounts).where(t.accounts.c.member_id == member_id)
        row = self.conn.execute(query).first()
        return None if row is None else _account(row)

    def save_account(
        self,
        *,
        member_id: int,
        email: str,
        contact: str | None,
        password_hash: str | None,
        invitation_hash: bytes | None,
    ) -> None:
        self.conn.execute(
            t.accounts.insert().values(
                member_id=member_id,
                email=email,
                contact=contact,
                password_hash=password_hash,
                invitation_hash=invitation_hash,
            )
        )

    def set_password(self, member_id: int, password_hash: str) -> None:
        self.conn.execute(
            t.accounts.update()
            .where(t.accounts.c.member_id == member_id)
            .values(password_hash=password_hash, invitation_hash=None)
        )

    def notice_addresses(self, member_ids: Collection[int]) -> list[tuple[int, str]]:
        a = t.accounts.c
        members = sorted(set(member_ids))
        found: list[tuple[int, str]] = []
        for start in range(0, len(members), IN_BATCH):
            query = (
                select(a.member_id, a.email)
                .where(a.member_id.in_(members[start : start + IN_BATCH]), a.notices)
                .order_by(a.member_id)
            )
            found += [(int(member), str(email)) for member, email in self.conn.execute(query)]
        return found

    def set_notices(self, member_id: int, wanted: bool) -> None:
        query = t.accounts.update().where(t.accounts.c.member_id == member_id)
        self.conn.execute(query.values(notices=wanted))

    def invitation_hash(self, member_id: int) -> bytes | None:
        query = select(t.accounts.c.invitation_hash).where(t.accounts.c.member_id == member_id)
        value = self.conn.execute(query).scalar()
        return None if value is None else bytes(value)

    def save_session(self, *, token_hash: bytes, member_id: int, kind: str) -> None:
        self.conn.execute(
            t.sessions.insert().values(
                token_hash=token_hash, member_id=member_id, kind=kind, created=timestamp(self.now())
            )
        )

    def session_holder(
        self, token_hash: bytes, *, opened_since: Mapping[str, datetime]
    ) -> Member | None:
        found = {"token_hash": token_hash, **_since(opened_since)}
        row = self.conn.execute(SESSION_HOLDER, found).first()
        return None if row is None else Member(id=row.id, name=row.name)

    def drop_session(self, token_hash: bytes) -> None:
        self.conn.execute(t.sessions.delete().where(t.sessions.c.token_hash == token_hash))

    def sessions_of(
        self, member_id: int, *, besides: bytes, opened_since: Mapping[str, datetime]
    ) -> list[OpenSession]:
        s = t.sessions.c
        query = (
            select(s.kind, s.created)
            .where(s.member_id == member_id, s.token_hash != besides, WORKING)
            .order_by(s.created)
        )
        rows = self.conn.execute(query, _since(opened_since))
        return [OpenSession(row.kind, row.created) for row in rows]

    def drop_ended_sessions(self, member_id: int, *, opened_since: Mapping[str, datetime]) -> None:
        s = t.sessions.c
        ended = t.sessions.delete().where(s.member_id == member_id, ~WORKING)
        self.conn.execute(ended, _since(opened_since))

    def drop_sessions(self, member_id: int, *, keeping: bytes | None) -> int:
        s = t.sessions.c
        query = t.sessions.delete().where(s.member_id == member_id)
        if keeping is not None:
            query = query.where(s.token_hash != keeping)
        return int(self.conn.execute(query).rowcount)

    def set_email(self, member_id: int, email: str) -> None:
        query = t.accounts.update().where(t.accounts.c.member_id == member_id)
        self.conn.execute(query.values(email=email))

    def save_emailed_code(self, token_hash: bytes, code: EmailedCode) -> None:
        c = t.emailed_codes.c
        self.conn.execute(t.emailed_codes.delete().where(c.expires <= timestamp(self.now())))
        row = {
            "token_hash": token_hash,
            "member_id": code.member_id,
            "purpose": code.purpose,
            "email": code.email,
            "expires": timestamp(code.expires),
        }
        self.conn.execute(t.emailed_codes.insert().values(**row))

    def emailed_code(self, token_hash: bytes, purpose: CodePurpose) -> EmailedCode | None:
        c = t.emailed_codes.c
        query = select(t.emailed_codes).where(c.token_hash == token_hash, c.purpose == purpose)
        row = self.conn.execute(query).first()
        if row is None:
            return None
        return EmailedCode(row.member_id, row.purpose, row.email, _moment(row.expires))

    def end_emailed_codes(self, member_id: int, purpose: CodePurpose) -> None:
        c = t.emailed_codes.c
        ended = t.emailed_codes.delete().where(c.member_id == member_id, c.purpose == purpose)
        self.conn.execute(ended)

    def start_round_job(self, *, period_id: int, round: int, member_id: int) -> RoundJob:
        now = timestamp(self.now())
        job_id = self.conn.execute(
            t.round_jobs.insert()
            .values(
                period_id=period_id,
                round=round,
                member_id=member_id,
                started=now,
                stage="waiting to start",
                beat=now,
                outcome="running",
            )
            .returning(t.round_jobs.c.id)
        ).scalar_one()
        job = self.round_job(job_id)
        assert job is not None
        return job

    def mark_round_job(
        self,
        job_id: int,
        *,
        stage: str | None = None,
        outcome: JobOutcome | None = None,
        message: str | None = None,
    ) -> None:
        now = timestamp(self.now())
        values: dict[str, Any] = {"beat": now}
        if stage is not None:
            values["stage"] = stage[: t.STAGE_LENGTH]
        if outcome is not None:
            values.update(outcome=outcome, message=message, finished=now)
        self.conn.execute(t.round_jobs.update().where(t.round_jobs.c.id == job_id).values(values))

    def round_job(self, job_id: int) -> RoundJob | None:
        row = self.conn.execute(select(t.round_jobs).where(t.round_jobs.c.id == job_id)).first()
        return None if row is None else _round_job(row)

    def latest_round_job(self, period_id: int) -> RoundJob | None:
        jobs = t.round_jobs.c
        query = select(t.round_jobs).where(jobs.period_id == period_id).order_by(jobs.id.desc())
        row = self.conn.execute(query.limit(1)).first()
        return None if row is None else _round_job(row)


@functools.lru_cache(maxsize=1024)
def stored_charter(text: str) -> Charter:
    """A stored charter, parsed once: charters are immutable, and every act reads one."""
    return Charter.from_json(json.loads(text))


def council_from_row(row: Any) -> Council:
    return Council(
        id=row.id,
        slug=row.slug,
        name=row.name,
        kind=row.kind,
        charter=stored_charter(row.charter),
        workplace=row.workplace,
    )


def mandate_from_row(row: Any) -> Mandate:
    return Mandate(
        id=row.id,
        seat_number=row.seat_number,
        council_id=row.council_id,
        constituency_id=row.constituency_id,
        member_id=row.member_id,
        starts=row.starts,
        ends=row.ends,
        ended_on=row.ended_on,
        end_reason=row.end_reason,
        via_mandate_id=row.via_mandate_id,
    )


def _round_job(row: Any) -> RoundJob:
    return RoundJob(
        id=row.id,
        period_id=row.period_id,
        round=row.round,
        member_id=row.member_id,
        started=datetime.fromisoformat(row.started),
        stage=row.stage,
        beat=datetime.fromisoformat(row.beat),
        outcome=row.outcome,
        message=row.message,
        finished=None if row.finished is None else datetime.fromisoformat(row.finished),
    )


def _account(row: Any) -> Account:
    return Account(
        member_id=row.member_id,
        email=row.email,
        password_hash=row.password_hash,
        contact=row.contact,
        notices=row.notices,
    )


def _join_request(row: Any) -> JoinRequest:
    return JoinRequest(
        council_id=row.council_id,
        constituent_id=row.constituent_id,
        seats=row.seats,
        entry=row.entry,
    )
