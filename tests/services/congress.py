"""A delegate council of many seats, every one filled, and what an act reads from the
database: to show that an act costs the same in a congress as in a council of ten."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from sovet.domain.federation import MAX_SEATS_PER_CONSTITUENT, Council
from sovet.domain.members import Member
from sovet.services.import_members import ImportMembers, import_members

from .federation import Federation


def seated_council(
    federation: Federation, name: str, seats: int, charter: dict[str, Any] | None = None
) -> tuple[Council, Member]:
    """A delegate council of ``seats`` seats, every one filled: its constituencies (base
    councils of at most 50 members, all of them its delegates) join it while it is being
    founded, then each elects its members; its charter sets ``charter`` besides a low
    support threshold. The council and its first delegate."""
    council: Council | None = None
    first: Member | None = None
    constituencies: list[tuple[Council, list[Member]]] = []
    for number, start in enumerate(range(0, seats, MAX_SEATS_PER_CONSTITUENT)):
        share = min(MAX_SEATS_PER_CONSTITUENT, seats - start)
        founder = federation.register(f"{name} founder {number}")
        base = federation.found_base(founder, f"{name}-{number}", f"{name} works {number}")
        csv_text = "name,email\n" + "".join(
            f"{name} delegate {number}.{n},{name}.{number}.{n}@example.org\n"
            for n in range(1, share)
        )
        request = ImportMembers(base.slug, csv_text)
        with federation.sovet.db.transaction() as store:
            imported = import_members(store, request, actor=founder)
        if council is None:
            council = federation.found_delegate(
                founder,
                name,
                name.title(),
                base,
                seats=share,
                charter={"support_threshold": 0.001, **(charter or {})},
            )
            first = founder
        else:
            federation.join(founder, council, base, seats=share)
        constituencies.append((base, [founder, *(person.member for person in imported)]))
    assert council is not None and first is not None
    for base, members in constituencies:
        federation.elect(council, base, *members)
    return council, first


def statements_and_rows(federation: Federation, act: Callable[[], object]) -> tuple[int, int]:
    """The statements ``act`` sends to the database, and the rows its reads give back
    (each read is sent again afterwards, on a connection of its own, to count them)."""
    engine = federation.sovet.db.engine
    sent: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        _conn, _cursor, statement, parameters, _context, _many = args
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        act()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    reads = [(sql, values) for sql, values in sent if sql.lstrip().upper().startswith("SELECT")]
    with engine.connect() as conn:
        rows = sum(len(conn.exec_driver_sql(sql, values).all()) for sql, values in reads)
    return len(sent), rows
