"""State is a projection of the record: replaying the record alone into an empty database
gives the same state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from sovet.adapters import tables
from sovet.adapters.audit import projection_differences, replay, state_before, verify_database
from sovet.adapters.migrate import migrate
from sovet.adapters.sql import Database, make_engine

from .federation import Federation, build_busy_federation


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated, empty SQLite database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'replayed.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def test_replaying_the_record_rebuilds_the_same_state(
    federation: Federation, empty: Engine
) -> None:
    build_busy_federation(federation)
    db = federation.sovet.db
    count = replay(db.bodies(), db.checkpoints(), empty)
    assert count == federation.record_size()
    assert projection_differences(db.engine, empty) == []
    replayed = Database(empty, federation.sovet.key)
    assert [entry.body() for entry in replayed.entries()] == list(db.bodies())
    assert replayed.checkpoints() == db.checkpoints()
    report = verify_database(replayed)
    assert report.ok, report.problems
    assert report.entries == count


def test_replaying_in_small_batches_gives_the_same_state(
    federation: Federation, empty: Engine
) -> None:
    build_busy_federation(federation)
    db = federation.sovet.db
    progress: list[int] = []
    replay(db.bodies(), db.checkpoints(), empty, batch=3, progress=progress.append)
    assert projection_differences(db.engine, empty) == []
    assert progress[-1] == federation.record_size()
    assert progress == sorted(progress)


def test_the_state_before_an_entry_is_the_record_up_to_it_replayed(
    federation: Federation,
) -> None:
    region = build_busy_federation(federation)
    db = federation.sovet.db
    entries = federation.entries()
    lev = next(
        e.position for e in entries if e.kind == "member.registered" and e.payload["name"] == "Lev"
    )
    admitted = next(
        e.position for e in entries if e.kind == "member.admitted" and e.payload["member"] == lev
    )
    progress: list[int] = []
    with state_before(db, admitted, progress=progress.append) as then:
        assert len(list(then.bodies())) == admitted
        with then.reading() as store:
            assert store.member(lev) is not None
            assert not store.is_member(region.works.id, lev)
    assert progress[-1] == admitted
    with db.reading() as store:
        assert store.is_member(region.works.id, lev)


def test_a_projection_that_differs_from_the_record_is_reported(
    federation: Federation, empty: Engine
) -> None:
    region = build_busy_federation(federation)
    db = federation.sovet.db
    replay(db.bodies(), db.checkpoints(), empty)
    with empty.begin() as conn:
        conn.execute(
            update(tables.members).where(tables.members.c.id == region.boris.id).values(name="Koba")
        )
        conn.execute(
            tables.memberships.delete().where(tables.memberships.c.council_id == region.mill.id)
        )
    differences = projection_differences(db.engine, empty)
    assert any(
        line.startswith(f"members ({region.boris.id},)") and "Koba" in line for line in differences
    )
    assert any(line.startswith(f"memberships ({region.mill.id}, ") for line in differences)
    assert sum(line.startswith("memberships") for line in differences) == 4


def test_replay_refuses_a_database_that_already_has_a_record(
    federation: Federation, empty: Engine
) -> None:
    federation.register("Ana")
    db = federation.sovet.db
    replay(db.bodies(), db.checkpoints(), empty)
    with pytest.raises(ValueError, match="replay needs an empty database"):
        replay(db.bodies(), db.checkpoints(), empty)
