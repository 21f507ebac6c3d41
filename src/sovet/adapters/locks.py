"""Advisory file locks in the instance's folder, which keep apart the processes that must
not run together on one instance: two senders of notices (``notify.lock``), and a move of
the database and the servers that write to it (``serve.lock``: each server process holds
it shared while it serves, and ``sovet move`` takes it alone).

They are ``flock`` locks: the system releases one when its process ends, however it
ends, and only processes on this machine see them. A server on another machine, sharing
a PostgreSQL database, holds none here.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sovet.domain.errors import Conflict

NOTIFY_LOCK = "notify.lock"
SERVE_LOCK = "serve.lock"
PROC_LOCKS = Path("/proc/locks")


class Locked(Conflict):
    """Another process holds the lock in a way that this one's cannot be held beside."""

    def __init__(self, message: str, *, path: Path, holders: list[int]) -> None:
        super().__init__(message)
        self.path = path
        self.holders = holders
        """Their process ids, where the system lists them (Linux); else none."""


@contextmanager
def file_lock(path: Path, *, refusal: str, shared: bool = False) -> Iterator[None]:
    """Hold the lock on the file at ``path`` (made if missing), alone or ``shared`` with
    other holders that share it, without waiting. Where it is held otherwise, ``Locked``
    says ``refusal``, its ``{holders}`` in words: ``pid 1234``, ``pids 1234, 1235``, or,
    where the system lists no locks, ``it holds PATH``."""
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            found = holders(path)
            pids = ", ".join(map(str, found))
            words = f"pid {pids}" if len(found) == 1 else f"pids {pids}"
            message = refusal.format(holders=words if found else f"it holds {path}")
            raise Locked(message, path=path, holders=found) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def sole_sender(home: Path) -> AbstractContextManager[None]:
    """Held alone while sending notices, so that two senders never send the same ones."""
    return file_lock(
        home / NOTIFY_LOCK, refusal="another sovet notify is sending for this instance ({holders})"
    )


def serving(home: Path) -> AbstractContextManager[None]:
    """Held, shared, by each process that serves the instance, while it serves."""
    return file_lock(
        home / SERVE_LOCK,
        shared=True,
        refusal="sovet move is copying this instance's database ({holders}): serve it once "
        "the move is done",
    )


def no_server(home: Path) -> AbstractContextManager[None]:
    """Held alone while the instance's database is moved: refused while it is served."""
    return file_lock(
        home / SERVE_LOCK,
        refusal="a sovet server is running on this instance ({holders}): stop it, then move",
    )


def holders(path: Path) -> list[int]:
    """The processes holding a ``flock`` lock on the file at ``path``, as ``/proc/locks``
    lists them (each line: ``1: FLOCK  ADVISORY  READ  1234 fe:00:56789 0 EOF``, with
    ``->`` before ``FLOCK`` for one waiting); none where the system lists no locks."""
    try:
        status = path.stat()
        lines = PROC_LOCKS.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    inode = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    found: set[int] = set()
    for line in lines:
        fields = line.split()
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == inode:
            found.add(int(fields[4]))
    return sorted(pid for pid in found if pid > 0)  # 0: one in another pid namespace
