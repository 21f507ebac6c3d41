"""Password work off the request threads, a few at a time.

Checking or setting a password runs argon2 (RFC 9106's low-memory profile: 64 MiB and
about 0.2 s of a core each). Run on the request threads, a rush of log-ins (a congress
opening its voting window) ran as many at once as the server has request threads: 100 of
them took a server process from 0.2 to 2.6 GB, and a page meanwhile waited seconds for a
thread (``benchmarks/logins.py``). The routes that log in, claim an invitation or
register await their use case in a pool of its own instead, ``SOVET_PASSWORD_THREADS``
at once (default: the cores), so a rush waits its turn in memory the size of the pool
and the request threads stay free for votes and pages. A new password is hashed before
the transaction that stores it (``register_member.prepare_registration``,
``log_in.prepare_claim``), not under the one writer's lock that every vote waits for.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from typing import ParamSpec, TypeVar

THREADS_VARIABLE = "SOVET_PASSWORD_THREADS"

P = ParamSpec("P")
T = TypeVar("T")


def password_threads() -> int:
    """How many passwords a server process checks or sets at once."""
    configured = os.environ.get(THREADS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return os.cpu_count() or 1


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(password_threads(), thread_name_prefix="sovet-password")


async def with_password(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``work(*args, **kwargs)``, a use case that checks or sets a password, run in the
    password pool; the caller's request waits without holding a thread."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool(), partial(work, *args, **kwargs))
