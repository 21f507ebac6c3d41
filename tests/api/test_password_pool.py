"""Password work runs in a pool of its own, a few at a time, off the request threads:
a rush of log-ins neither grows the server's memory with every one at once nor holds
the threads that votes and pages need (``benchmarks/logins.py`` measures both)."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest

from sovet.api.passwords import THREADS_VARIABLE, password_threads, with_password


def test_the_pool_runs_password_work_a_few_at_a_time_in_threads_of_its_own() -> None:
    running, most, names = 0, 0, set()
    lock = threading.Lock()

    def check(number: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            names.add(threading.current_thread().name)
        time.sleep(0.02)
        with lock:
            running -= 1
        return number

    async def rush() -> list[int]:
        return await asyncio.gather(
            *(with_password(check, n) for n in range(4 * password_threads() + 4))
        )

    assert asyncio.run(rush()) == list(range(4 * password_threads() + 4))
    assert most == password_threads()
    assert all(name.startswith("sovet-password") for name in names)


@pytest.mark.parametrize(
    ("configured", "threads"), [("3", 3), ("", None), ("0", None), ("many", None)]
)
def test_the_operator_sets_how_many_passwords_are_checked_at_once(
    monkeypatch: pytest.MonkeyPatch, configured: str, threads: int | None
) -> None:
    monkeypatch.setenv(THREADS_VARIABLE, configured)
    assert password_threads() == (threads or (os.cpu_count() or 1))
