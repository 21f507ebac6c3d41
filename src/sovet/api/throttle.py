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

The counts live in each server process's memory: ``sovet serve --workers N`` allows N
times the attempts, and a restart forgets them. Failures older than ``forget`` are
dropped, and at most ``most`` pairs are kept (the least recently failed go first), so
a flood of addresses costs bounded memory. Behind a reverse proxy on the same host,
uvicorn takes the address from the proxy's ``X-Forwarded-For``.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from fastapi import Request

from sovet.api.passwords import with_password
from sovet.domain.errors import Refused, TooManyAttempts, Unauthenticated
from sovet.services.log_in import LogIn, Session, log_in
from sovet.services.ports import Storage

T = TypeVar("T")


@dataclass
class _Failures:
    count: int
    last: float


class Throttle:
    """Failed log-ins per (account, address); thread-safe."""

    def __init__(
        self,
        *,
        free: int = 5,
        longest: float = 300.0,
        forget: float = 900.0,
        most: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.longest, self.forget, self.most = free, longest, forget, most
        self._clock = clock
        self._failures: OrderedDict[tuple[str, str], _Failures] = OrderedDict()
        self._lock = threading.Lock()

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
            failures = self._failures.get(_key(email, address))
            if failures is None or now - failures.last >= self.forget:
                return 0.0
            beyond = failures.count - self.free
            if beyond < 0:
                return 0.0
            return max(0.0, failures.last + min(2.0**beyond, self.longest) - now)

    def failed(self, email: str, address: str) -> None:
        now = self._clock()
        key = _key(email, address)
        with self._lock:
            failures = self._failures.pop(key, None)
            if failures is None or now - failures.last >= self.forget:
                failures = _Failures(0, now)
            failures.count += 1
            failures.last = now
            self._failures[key] = failures
            while len(self._failures) > self.most:
                self._failures.popitem(last=False)

    def succeeded(self, email: str, address: str) -> None:
        with self._lock:
            self._failures.pop(_key(email, address), None)

    def __len__(self) -> int:
        return len(self._failures)


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
