"""When PostgreSQL drops the instance's connections (a restart, an administrator), the
instance goes on: the pool pings a connection that sat idle before handing it out, and
an act that still meets a dead one (dropped while the server was busy) fails whole,
leaving nothing, and renews the pool."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from sovet.adapters import sql, tables
from sovet.adapters.audit import verify_database
from sovet.adapters.sql import make_engine
from sovet.bootstrap import Sovet
from sovet.services.register_member import RegisterMember, register_member

PASSWORD = "a long enough passphrase"


def register(sovet: Sovet, name: str) -> None:
    with sovet.db.transaction() as store:
        register_member(store, RegisterMember(name, f"{name.lower()}@example.org", PASSWORD))


def drop_every_other_connection(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        dropped = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    engine.dispose()
    return int(dropped)


def names(sovet: Sovet) -> list[str]:
    with sovet.db.reading() as store:
        rows = store.conn.execute(select(tables.members.c.name).order_by(tables.members.c.id))
        return [str(name) for name in rows.scalars()]


@pytest.mark.parametrize("backend_url", ["postgres"], indirect=True)
def test_after_the_server_drops_the_connections_the_next_act_and_read_work(
    sovet: Sovet, backend_url: str
) -> None:
    register(sovet, "Ada")
    assert names(sovet) == ["Ada"]
    assert drop_every_other_connection(backend_url) >= 1
    try:
        register(sovet, "Bea")
    except DBAPIError as lost:
        assert lost.connection_invalidated
        register(sovet, "Bea")
    try:
        seen = names(sovet)
    except DBAPIError as lost:
        assert lost.connection_invalidated
        seen = names(sovet)
    assert seen == ["Ada", "Bea"]
    assert verify_database(sovet.db).ok


@pytest.mark.parametrize("backend_url", ["postgres"], indirect=True)
def test_connections_dropped_while_idle_are_replaced_before_anyone_meets_them(
    sovet: Sovet, backend_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(sovet, "Ada")
    monkeypatch.setattr(sql, "IDLE_PING_S", 0.0)
    assert drop_every_other_connection(backend_url) >= 1
    register(sovet, "Bea")
    assert names(sovet) == ["Ada", "Bea"]
    assert verify_database(sovet.db).ok
