"""``sovet move``: an instance's whole database, accounts and open ballot boxes too, moved
into an empty PostgreSQL database (or back to SQLite), checked, all or nothing; the
members log in on the copy as before and the instance carries on there."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine, create_engine, inspect, make_url, select, text
from typer.testing import CliRunner, Result

from conftest import SERVER_STARTUP_S, Clock, serving
from sovet.adapters import tables
from sovet.adapters.move import MoveFailed, move
from sovet.adapters.sql import make_engine
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.cli import app
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.log_in import LogIn, authenticate, log_in, member_for_token
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.ports import Store
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

T = TypeVar("T")
runner = CliRunner()
PASSWORD = "a long password of Ana's"


def act(sovet: Sovet, use_case: Callable[[Store], T]) -> T:
    with sovet.db.transaction() as store:
        return use_case(store)


@pytest.fixture
def instance(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sovet]:
    """An SQLite instance in ``tmp_path / "home"``: Ana, Boris and Vera in the works, a
    motion whose secret vote is open with Boris's ballot in its box, Ana logged in, and
    two invitation e-mails that failed, kept for Ana."""
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    sovet = bootstrap(Settings(home, f"sqlite:///{home / 'sovet.db'}"), clock=clock)
    registrations = [
        RegisterMember("Ana", "ana@works.example", PASSWORD),
        RegisterMember("Boris", "boris@works.example", "Boris's own password"),
        RegisterMember("Vera", "vera@works.example", "Vera's own password"),
    ]
    ana, boris, vera = (
        act(sovet, lambda store, r=registration: register_member(store, r))
        for registration in registrations
    )
    charter = {"support_threshold": 0.3, "secret_vote_share": 0.3}
    founding = FoundBaseCouncil("works", "Tractor Works", "Tractor Works site", charter=charter)
    works = act(sovet, lambda store: found_base_council(store, founding, actor=ana))
    for member in (boris, vera):
        admission = AdmitMember(council="works", member=member.id)
        act(sovet, lambda store, a=admission: admit_member(store, a, actor=ana))
    filing = FileMotion(
        "works", "Six hour shifts", "The works moves to six hours.", "workplace_organisation"
    )
    motion = act(sovet, lambda store: file_motion(store, filing, actor=ana))
    secret = RequestSecretBallot(motion.id)
    act(sovet, lambda store: request_secret_ballot(store, secret, actor=vera))
    clock.advance(days=14)
    [vote] = act(sovet, lambda store: open_vote(store, OpenVote(motion.id), actor=ana))
    assert vote.secret
    act(sovet, lambda store: cast_vote(store, CastVote(vote.id, "yes"), actor=boris))
    with sovet.db.engine.begin() as conn:
        conn.execute(
            tables.invitation_failures.insert(),
            [
                {
                    "council_id": works.id,
                    "importer_id": ana.id,
                    "member_id": member.id,
                    "email": f"{member.name.lower()}@works.example",
                    "attempted": "2026-05-01T09:00:00.000000Z",
                    "reason": "550 no such mailbox here",
                }
                for member in (boris, vera)
            ],
        )
    yield sovet
    sovet.db.engine.dispose()


@pytest.fixture
def empty_postgres(postgres_url: str) -> Iterator[str]:
    """A new PostgreSQL database with nothing in it, beside the test worker's; dropped after."""
    given = make_url(postgres_url)
    name = f"{given.database}_move"
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield given.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def move_into(instance: Sovet, url: str, *, home: Path | None = None) -> Result:
    where = home or instance.settings.home
    return runner.invoke(app, ["move", "--into", url, "--home", str(where)])


def masked(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, by primary key."""
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in tables.metadata.sorted_tables
        }


def table_names(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_moved_instance_lets_its_members_in_and_carries_on_in_postgresql(
    instance: Sovet, empty_postgres: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = log_in(instance.db, LogIn("ana@works.example", PASSWORD))
    before = contents(instance.db.engine)
    assert before["ballot_box"] and before["accounts"] and before["sessions"]

    result = move_into(instance, empty_postgres)

    assert result.exit_code == 0, result.output
    entries = len(before["record_entries"])
    assert f"moved {entries} entries and " in result.output
    assert "the record verifies there" in result.output
    config = instance.settings.config_file
    assert (
        f'now set database_url = "{masked(empty_postgres)}" (the password in place of ***) '
        f"in {config} and restart the server\n"
    ) in result.output
    assert "sovet_test:sovet_test@" not in result.output
    moved = bootstrap(Settings(instance.settings.home, empty_postgres), clock=clock)
    try:
        assert contents(moved.db.engine) == before
        with moved.db.reading() as store:
            assert authenticate(store, "ana@works.example", PASSWORD).name == "Ana"
            assert member_for_token(store, session.token).name == "Ana"
        monkeypatch.setenv("SOVET_DATABASE_URL", empty_postgres)
        verified = runner.invoke(app, ["verify", "--home", str(instance.settings.home)])
        assert verified.exit_code == 0, verified.output
        assert "the record verifies" in verified.output

        clock.advance(days=7)
        [vote] = before["votes"]
        act(moved, lambda store: close_vote(store, CloseVote(vote[0]), actor=session.member))
        assert moved.db.tree().size == entries + 1
        published = contents(moved.db.engine)["published_ballots"]
        assert [ballot[2] for ballot in published] == ["yes"]
        with moved.db.engine.begin() as conn:
            kept = before["invitation_failures"][0]
            row = dict(zip(tables.invitation_failures.c.keys(), kept, strict=True))
            del row["id"]
            inserted = conn.execute(tables.invitation_failures.insert(), row).inserted_primary_key
        assert inserted is not None
        assert inserted[0] == max(r[0] for r in before["invitation_failures"]) + 1
    finally:
        moved.db.engine.dispose()


@pytest.mark.postgres
def test_an_instance_moved_into_postgresql_and_back_to_sqlite_holds_every_row_as_it_was(
    instance: Sovet, empty_postgres: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = contents(instance.db.engine)
    assert move_into(instance, empty_postgres).exit_code == 0
    back = f"sqlite:///{tmp_path / 'back.db'}"
    monkeypatch.setenv("SOVET_DATABASE_URL", empty_postgres)
    result = move_into(instance, back)
    assert result.exit_code == 0, result.output
    assert f'now set database_url = "{back}" in ' in result.output
    assert ", unset SOVET_DATABASE_URL and restart the server" in result.output
    engine = make_engine(back)
    try:
        assert contents(engine) == before
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_move_into_a_database_that_is_not_empty_is_refused_in_one_line(
    instance: Sovet, empty_postgres: str
) -> None:
    assert move_into(instance, empty_postgres).exit_code == 0
    engine = make_engine(empty_postgres)
    try:
        moved = contents(engine)
        result = move_into(instance, empty_postgres)
        assert result.exit_code == 2
        assert result.output == (
            f"error: --into {masked(empty_postgres)}: it is not empty: "
            "its table accounts has rows\n"
        )
        assert contents(engine) == moved
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE payroll (id integer)"))
            for table in reversed(tables.metadata.sorted_tables):
                conn.execute(table.delete())
    finally:
        engine.dispose()
    result = move_into(instance, empty_postgres)
    assert result.exit_code == 2
    assert result.output.endswith(
        ": it is not empty: it holds tables sovet does not make (payroll)\n"
    )


@pytest.mark.postgres
def test_a_move_that_fails_leaves_the_postgresql_database_as_empty_as_it_found_it(
    instance: Sovet, empty_postgres: str
) -> None:
    def failing(step: str, _done: int, _total: int) -> None:
        if step == "checking the copy":
            raise MoveFailed("the disk is full")

    target = make_engine(empty_postgres)
    try:
        with pytest.raises(MoveFailed):
            move(instance.db.engine, target, public_key=instance.key.public_key, progress=failing)
    finally:
        target.dispose()
    assert table_names(empty_postgres) == []


def test_an_instance_whose_record_does_not_verify_is_not_moved(
    instance: Sovet, tmp_path: Path
) -> None:
    with instance.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE record_entries SET body = replace(body, 'Ana', 'Anna') WHERE position = 0")
        )
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    result = move_into(instance, copy)
    assert result.exit_code == 1
    *_bar, said = result.output.splitlines()
    assert said.startswith("error: the instance's record does not verify (position 0: ")
    assert said.endswith(f"; nothing was written to {copy}")
    assert table_names(copy) == []


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql+psycopg://sovet:hunter2-secret@127.0.0.1:1/sovet", "Connection refused"),
        ("postgresql+nodriver://sovet:hunter2-secret@db.example/sovet", "Can't load plugin"),
        ("sqlite:////no/such/folder/sovet.db", "unable to open database file"),
        ("hunter2-secret", "Could not parse"),
    ],
)
def test_a_url_that_is_malformed_or_unreachable_is_refused_in_one_line_without_its_password(
    instance: Sovet, url: str, says: str
) -> None:
    result = move_into(instance, url)
    assert result.exit_code == 2
    assert result.output.startswith("error: --into ")
    assert says in result.output
    assert result.output.count("\n") == 1
    assert "hunter2" not in result.output


def test_a_move_while_a_server_runs_on_the_instance_is_refused_and_copies_nothing(
    instance: Sovet, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    url = f"sqlite:///{copy}"
    with serving(instance.settings.home, workers=2) as (server, _):
        deadline = time.monotonic() + SERVER_STARTUP_S
        while True:  # each worker takes the lock as it starts, the second maybe later
            result = move_into(instance, url)
            assert result.exit_code == 2
            said = result.output
            assert said.startswith("error: a sovet server is running on this instance (pids ")
            assert said.endswith("): stop it, then move\n")
            assert not copy.exists()
            pids = said.split("(pids ")[1].split(")")[0].split(", ")
            if len(pids) == 3 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert str(server.pid) in pids
        assert len(pids) == 3, "the server's process and each of its two workers hold it"
    moved = move_into(instance, url)
    assert moved.exit_code == 0, moved.output
    assert "the record verifies there" in moved.output
