"""Fixtures shared by every tier of the suite.

Services a test needs (PostgreSQL, Chromium, the shared reference data) are found
through the environment. Where one is missing the test skips with the reason, except
under CI (``CI=true``), where a missing service is a failure: CI must run every test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any, Protocol

import httpx2
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, make_url, text

from sovet.adapters import tables
from sovet.adapters.migrate import migrate_afresh
from sovet.adapters.sql import make_engine
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.domain.elections import Election
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.record.checkpoint import InstanceKey
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election

REPO_ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("SOVET_PASSWORD_PROFILE", "cheapest")


def missing(what: str) -> None:
    """Skip (on a developer's machine) or fail (in CI) for a missing service."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI must provide {what}", pytrace=False)
    pytest.skip(f"{what} is not available here")


@pytest.fixture(scope="session", name="missing")
def missing_fixture() -> Callable[[str], None]:
    """``missing`` for tests in folders whose own conftest would shadow this module's name."""
    return missing


@pytest.fixture(scope="session")
def reference_data() -> Path:
    """The shared folder of real public data (``SOVET_REFERENCE_DATA`` overrides it)."""
    path = Path(
        os.environ.get("SOVET_REFERENCE_DATA", REPO_ROOT.parent / "shared" / "reference-data")
    )
    if not path.is_dir():
        missing(f"the reference data at {path} (set SOVET_REFERENCE_DATA)")
    return path


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))


class ElectOfficer(Protocol):
    """The ``elect_officer`` fixture: the council elects ``officer`` to ``office``, the
    only way an office is filled; the office they hold."""

    def __call__(
        self, sovet: Sovet, council: str, office: str, officer: Member, electors: Sequence[Member]
    ) -> Mandate: ...


@pytest.fixture
def elect_officer(clock: Clock) -> ElectOfficer:
    """Fill an office the only way there is: its council elects the officer.

    The office's election runs over the charter's periods of nominations and of voting
    (no member may shorten them), ``officer`` its one candidate (``_hold_election``).
    Returns the office the officer now holds."""

    def elect(
        sovet: Sovet, council: str, office: str, officer: Member, electors: Sequence[Member]
    ) -> Mandate:
        _hold_election(
            sovet, clock, OpenElection(council, council, office=office), [officer], electors
        )
        with sovet.db.reading() as store:
            found = store.council_by_slug(council)
            assert found is not None
            held = [
                held
                for held in store.offices_in(found.id)
                if held.office == office
                and held.member_id == officer.id
                and held.active_on(store.today())
            ]
        assert held, f"{officer.name} was not elected the {office} of {found.name}"
        return held[-1]

    return elect


class ElectDelegates(Protocol):
    """The ``elect_delegates`` fixture: the constituency elects ``delegates`` to its seats
    in the council, the only way a seat is filled; their mandates, in the order of
    ``delegates``."""

    def __call__(
        self,
        sovet: Sovet,
        council: str,
        constituency: str,
        delegates: Sequence[Member],
        electors: Sequence[Member],
        substitutes: Sequence[Member] = (),
    ) -> list[Mandate]: ...


@pytest.fixture
def elect_delegates(clock: Clock) -> ElectDelegates:
    """Fill a constituency's seats in a council the only way there is, the first time
    too: the constituency elects its delegates (``delegates_elected_on`` the test's
    clock)."""
    return delegates_elected_on(clock)


def delegates_elected_on(clock: Clock) -> ElectDelegates:
    """``elect_delegates`` on ``clock``, for seeds that run outside a test's fixtures.

    The first elector opens the election of the constituency's seats (the charter's
    periods) and nominates each of ``delegates`` in order, then each of ``substitutes``;
    each consents unless they nominated themselves. The clock passes the nominations;
    every elector ranks the delegates in order and the substitutes after them; the clock
    passes the vote and the first elector closes it. Every delegate is elected; the
    substitutes stand next in line in the count's order. Returns the delegates' mandates,
    in the order of ``delegates``. Each act is its own transaction, as a member's would be."""

    def elect(
        sovet: Sovet,
        council: str,
        constituency: str,
        delegates: Sequence[Member],
        electors: Sequence[Member],
        substitutes: Sequence[Member] = (),
    ) -> list[Mandate]:
        request = OpenElection(council, constituency)
        election = _hold_election(sovet, clock, request, [*delegates, *substitutes], electors)
        with sovet.db.reading() as store:
            found = store.council_by_slug(council)
            assert found is not None
            elected = {
                mandate.member_id: mandate
                for mandate in store.mandates_in(found.id)
                if mandate.constituency_id == election.constituency_id
                and mandate.starts == election.term_starts
            }
        missed = [delegate.name for delegate in delegates if delegate.id not in elected]
        assert not missed, f"{', '.join(missed)} not elected to {found.name}"
        return [elected[delegate.id] for delegate in delegates]

    return elect


def _hold_election(
    sovet: Sovet,
    clock: Clock,
    request: OpenElection,
    candidates: Sequence[Member],
    electors: Sequence[Member],
) -> Election:
    """The first elector opens the election and nominates each candidate, who consents
    unless they nominated themselves; the clock passes the nominations; every elector
    ranks the candidates in order; the clock passes the vote and the first elector closes
    it. Each act is its own transaction, as a member's would be."""
    opener, *_ = electors
    with sovet.db.transaction() as store:
        election = open_election(store, request, actor=opener)
    for candidate in candidates:
        with sovet.db.transaction() as store:
            nominate(store, Nominate(election.id, candidate.id), actor=opener)
        if candidate.id != opener.id:
            with sovet.db.transaction() as store:
                consent = ConsentToNomination(election.id)
                consent_to_nomination(store, consent, actor=candidate)
    _wait_until(clock, election.nominations_close)
    ranking = tuple(candidate.id for candidate in candidates)
    for elector in electors:
        with sovet.db.transaction() as store:
            ballot = CastRankedBallot(election.id, ranking=ranking)
            cast_ranked_ballot(store, ballot, actor=elector)
    _wait_until(clock, election.closes)
    with sovet.db.transaction() as store:
        close_election(store, CloseElection(election.id), actor=opener)
    return election


def _wait_until(clock: Clock, moment: datetime) -> None:
    if moment > clock.moment:
        clock.advance(seconds=(moment - clock.moment).total_seconds())


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A migrated PostgreSQL database (``SOVET_TEST_POSTGRES_URL``), one per test worker."""
    url = os.environ.get("SOVET_TEST_POSTGRES_URL")
    if not url:
        missing("a PostgreSQL server (set SOVET_TEST_POSTGRES_URL)")
    assert url is not None
    url = _own_database(url)
    engine = make_engine(url)
    migrate_afresh(engine)
    engine.dispose()
    return url


def _own_database(url: str) -> str:
    """Under pytest-xdist, the worker's own database beside the given one, made if new."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    given = make_url(url)
    name = f"{given.database}_{worker}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if found is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def _empty_postgres(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(table.name for table in tables.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names}"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite and on PostgreSQL; every test starts empty."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sovet.db'}"
    url: str = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    return url


@pytest.fixture
def sovet(backend_url: str, tmp_path: Path, clock: Clock) -> Iterator[Sovet]:
    """An instance on each backend, with a fixed key and a clock the test controls."""
    instance = bootstrap(
        Settings(home=tmp_path, database_url=backend_url),
        clock=clock,
        key=InstanceKey.from_seed(bytes(range(32))),
    )
    yield instance
    instance.db.engine.dispose()


@pytest.fixture
def sqlite_sovet(tmp_path: Path, clock: Clock) -> Iterator[Sovet]:
    """An instance on SQLite only, for tests of layers above storage."""
    instance = bootstrap(
        Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'sovet.db'}"),
        clock=clock,
        key=InstanceKey.from_seed(bytes(range(32))),
    )
    yield instance
    instance.db.engine.dispose()


@dataclass
class Inbox:
    """What the SMTP server of the ``inbox`` fixture was handed: each message with its
    envelope's recipients, but for the addresses in ``refused``."""

    url: str = ""
    messages: list[tuple[list[str], Message]] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    """Addresses the server refuses, as a server refuses a mailbox it does not know."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self) -> list[str]:
        return sorted(address for recipients, _ in self.messages for address in recipients)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SERVER_STARTUP_S = 60.0


@contextmanager
def serving(
    home: Path, *, workers: int, database_url: str | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``sovet serve --workers`` on the instance in ``home`` (on ``database_url`` where
    given), answering, until the block ends: its process and its address."""
    port = free_port()
    environment = {**os.environ, "SOVET_PASSWORD_PROFILE": "cheapest"}
    if database_url is not None:
        environment["SOVET_DATABASE_URL"] = database_url
    command = [sys.executable, "-c", "from sovet.cli import app; app()", "serve"]
    options = ["--home", str(home), "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen([*command, *options], env=environment)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_STARTUP_S
    try:
        while True:
            assert server.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not answer in time"
            try:
                httpx2.get(f"{base}/api/councils", timeout=5).raise_for_status()
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=30)


INBOX_SITE = "https://sovet.works.example"
"""The instance's public address while the ``inbox`` fixture serves."""


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd) on the loopback, set as the instance's mail server."""
    found = Inbox()
    port = free_port()
    server = Controller(found, hostname="127.0.0.1", port=port)
    server.start()
    found.url = f"smtp://127.0.0.1:{port}?starttls=no"
    monkeypatch.setenv("SOVET_SMTP_URL", found.url)
    monkeypatch.setenv("SOVET_MAIL_FROM", "council@works.example")
    monkeypatch.setenv("SOVET_PUBLIC_URL", INBOX_SITE + "/")
    yield found
    server.stop()
