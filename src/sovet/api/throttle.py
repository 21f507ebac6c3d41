"""Failed log-ins slow down, per account and per address they come from.

Each account's failures are counted for each address they come from. The first
``free`` failures in a row cost nothing; after them each attempt from that address on
that account waits twice as long as the one before (1 s, 2 s, 4 s ..., at most
``longest``), and a log-in that succeeds clears the count. A guesser on one machine
gets a dozen guesses an hour instead of several a second.

Nobody else is locked out by it: not the member from another address (a guesser
cannot keep a delegate out before a vote), and not the other members behind the same
address (a congress behind one NAT logs in as ever). A guesser spread over many
addresses is slowed only by argon2 and the password pool (``api.passwords``).

The counts are kept in a small SQLite file in the instance's folder (``throttle.db``,
apart from the database, so that counting never waits for the writer of governing
acts): every server process of ``sovet serve --workers N`` reads and writes the same
counts, and a restart keeps them. Servers on other hosts keep their own. Failures older
than ``forget`` are dropped, and at most ``most`` pairs are kept (the least recently
failed go first), so a flood of addresses costs bounded space. Behind a reverse proxy
on the same host, uvicorn takes the address from the proxy's ``X-Forwarded-For``.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from fastapi import Request

from sovet.api.passwords import with_password
from sovet.domain.errors import Refused, TooManyAttempts, Unauthenticated
from sovet.services.log_in import LogIn, Session, log_in
from sovet.services.ports import Storage

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (
    kind TEXT NOT NULL,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    count INTEGER NOT NULL,
    last REAL NOT NULL,
    PRIMARY KEY (kind, email, address)
);
CREATE INDEX IF NOT EXISTS failures_by_time ON failures (kind, last);
"""


class Throttle:
    """Failed attempts of one ``kind`` per (account, address), in the SQLite file at
    ``path`` (shared by every process that opens it; in memory by default);
    thread-safe."""

    def __init__(
        self,
        path: Path | str = ":memory:",
        *,
        kind: str = "log_in",
        free: int = 5,
        longest: float = 300.0,
        forget: float = 900.0,
        most: int = 100_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.kind, self.free, self.longest, self.forget, self.most = (
            kind,
            free,
            longest,
            forget,
            most,
        )
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def check(self, email: str, address: str) -> None:
        """Refuse an attempt that comes before its wait is over, saying how long is left."""
        left = self.wait(email, address)
        if left > 0:
            seconds = math.ceil(left)
            raise TooManyAttempts(
                f"too many failed log-ins to this account from your address: try again in "
                f"{seconds} s",
                retry_after=seconds,
            )

    def wait(self, email: str, address: str) -> float:
        """Seconds before the next attempt on ``email`` from ``address`` is heard."""
        now = self._clock()
        with self._lock:
            row = self._db.execute(
                "SELECT count, last FROM failures WHERE kind = ? AND email = ? AND address = ?",
                (self.kind, *_key(email, address)),
            ).fetchone()
        if row is None or now - row[1] >= self.forget:
            return 0.0
        count, last = row
        beyond = count - self.free
        if beyond < 0:
            return 0.0
        return float(max(0.0, last + min(2.0**beyond, self.longest) - now))

    def failed(self, email: str, address: str) -> None:
        now = self._clock()
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "DELETE FROM failures WHERE kind = ? AND last <= ?", (self.kind, now - self.forget)
            )
            self._db.execute(
                "INSERT INTO failures (kind, email, address, count, last) VALUES (?, ?, ?, 1, ?) "
                "ON CONFLICT (kind, email, address) DO UPDATE SET count = count + 1, last = ?",
                (self.kind, *_key(email, address), now, now),
            )
            over = self._count() - self.most
            if over > 0:
                self._db.execute(
                    "DELETE FROM failures WHERE rowid IN (SELECT rowid FROM failures "
                    "WHERE kind = ? ORDER BY last, rowid LIMIT ?)",
                    (self.kind, over),
                )

    def succeeded(self, email: str, address: str) -> None:
        with self._lock:
            self._db.execute(
                "DELETE FROM failures WHERE kind = ? AND email = ? AND address = ?",
                (self.kind, *_key(email, address)),
            )

    def __len__(self) -> int:
        with self._lock:
            return self._count()

    def _count(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM failures WHERE kind = ?", (self.kind,))
        return int(row.fetchone()[0])


def _key(email: str, address: str) -> tuple[str, str]:
    return email.strip().casefold(), address


async def throttled(
    request: Request,
    email: str,
    work: Callable[[], T],
    *,
    failure: type[Refused] = Unauthenticated,
) -> T:
    """``work``, a use case that checks the password of ``email``'s account, in the
    password pool; unless the account and the request's address must wait first (refused
    with no password checked: a guess that waits costs no argon2 either). ``failure``, the
    refusal of a wrong password, counts against them; a return clears their count."""
    throttle: Throttle = request.app.state.throttle
    address = request.client.host if request.client is not None else ""
    throttle.check(email, address)
    try:
        result = await with_password(work)
    except failure:
        throttle.failed(email, address)
        raise
    throttle.succeeded(email, address)
    return result


async def throttled_log_in(request: Request, storage: Storage, attempt: LogIn) -> Session:
    """``log_in``, throttled."""
    return await throttled(request, attempt.email, partial(log_in, storage, attempt))
