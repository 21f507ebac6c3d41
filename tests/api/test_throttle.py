"""Failed log-ins slow down per account and address, and lock nobody else out; every
server process of an instance counts in one file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sovet.api.throttle import Throttle
from sovet.domain.errors import TooManyAttempts

ALMA, HOME, CAFE = "alma@example.org", "192.0.2.10", "198.51.100.7"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(clock: Clock) -> Throttle:
    return Throttle(free=5, longest=60.0, forget=900.0, most=100, clock=clock)


def fail(
    throttle: Throttle, clock: Clock, times: int, email: str = ALMA, address: str = HOME
) -> None:
    """``times`` wrong passwords, each as soon as it is heard."""
    for _ in range(times):
        clock.now += throttle.wait(email, address)
        throttle.check(email, address)
        throttle.failed(email, address)


def test_the_first_failures_cost_nothing_then_each_wait_doubles(
    throttle: Throttle, clock: Clock
) -> None:
    fail(throttle, clock, 5)
    waits = []
    for _ in range(4):
        waits.append(throttle.wait(ALMA, HOME))
        fail(throttle, clock, 1)
    assert waits == [1.0, 2.0, 4.0, 8.0]


def test_an_attempt_before_its_wait_is_refused_with_the_seconds_left(
    throttle: Throttle, clock: Clock
) -> None:
    fail(throttle, clock, 7)
    clock.now += 0.5
    with pytest.raises(TooManyAttempts) as refused:
        throttle.check(ALMA, HOME)
    assert refused.value.status == 429
    assert refused.value.retry_after == 4, "3.5 s of the 4 s after the seventh failure"
    assert refused.value.message == (
        "too many failed log-ins to this account from your address: try again in 4 s"
    )


def test_the_wait_is_capped(throttle: Throttle, clock: Clock) -> None:
    fail(throttle, clock, 20)
    assert throttle.wait(ALMA, HOME) == 60.0


def test_nobody_else_waits_for_a_guesser(throttle: Throttle, clock: Clock) -> None:
    fail(throttle, clock, 8)
    assert throttle.wait(ALMA, HOME) > 0
    assert throttle.wait(ALMA, CAFE) == 0, "the member from another address"
    assert throttle.wait("boris@example.org", HOME) == 0, "another member behind the address"


def test_the_account_is_counted_in_any_letter_case(throttle: Throttle, clock: Clock) -> None:
    fail(throttle, clock, 6, email="Alma@Example.org ")
    assert throttle.wait(ALMA, HOME) > 0


def test_a_log_in_that_succeeds_clears_the_count(throttle: Throttle, clock: Clock) -> None:
    fail(throttle, clock, 6)
    clock.now += throttle.wait(ALMA, HOME)
    throttle.check(ALMA, HOME)
    throttle.succeeded(ALMA, HOME)
    fail(throttle, clock, 5)
    assert throttle.wait(ALMA, HOME) == 1.0


def test_failures_are_forgotten_after_a_quiet_spell(throttle: Throttle, clock: Clock) -> None:
    fail(throttle, clock, 9)
    clock.now += 900
    assert throttle.wait(ALMA, HOME) == 0
    fail(throttle, clock, 5)
    assert throttle.wait(ALMA, HOME) == 1.0, "counting starts again"


def test_a_flood_of_addresses_keeps_a_bounded_count(throttle: Throttle, clock: Clock) -> None:
    fail(throttle, clock, 6)
    for number in range(150):
        fail(throttle, clock, 1, address=f"203.0.113.{number}")
    assert len(throttle) == 100
    assert throttle.wait(ALMA, HOME) == 0, "the least recently failed went first"


def test_the_server_processes_share_the_counts_in_one_file(tmp_path: Path) -> None:
    """Another process (a second ``--workers`` process) fails six times; this one makes
    the guesser wait, and a log-in here clears the count there."""
    counts = tmp_path / "throttle.db"
    guessing = (
        "from sovet.api.throttle import Throttle\n"
        f"throttle = Throttle({str(counts)!r})\n"
        f"for _ in range(6): throttle.failed({ALMA!r}, {HOME!r})\n"
    )
    subprocess.run([sys.executable, "-c", guessing], check=True)
    here = Throttle(counts)
    assert 0 < here.wait(ALMA, HOME) <= 2.0
    assert len(here) == 1
    here.succeeded(ALMA, HOME)
    again = Throttle(counts)
    assert (again.wait(ALMA, HOME), len(again)) == (0.0, 0), "and a restart keeps no stale count"


def test_each_kind_of_attempt_keeps_its_own_counts(tmp_path: Path, clock: Clock) -> None:
    counts = tmp_path / "throttle.db"
    log_ins = Throttle(counts, clock=clock)
    asking = Throttle(counts, kind="asking", free=3, clock=clock)
    fail(log_ins, clock, 6)
    assert log_ins.wait(ALMA, HOME) > 0
    assert asking.wait(ALMA, HOME) == 0
    fail(asking, clock, 3)
    assert asking.wait(ALMA, HOME) == 1.0
    assert Throttle(counts, clock=clock).wait(ALMA, HOME) == log_ins.wait(ALMA, HOME)
