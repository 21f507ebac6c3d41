"""State as a projection of the record: each kind of entry and the rows it writes.

This is the only code that writes projection tables, live and in replay alike, so a
replayed database equals the live one by construction. A handler turns one entry into
writes; consecutive writes with the same statement run as one batch in a replay.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Executable, Insert, Table, delete, insert, update

from sovet.adapters import (
    books_projection,
    election_projection,
    motion_projection,
    office_election_projection,
    planning_projection,
    recall_projection,
)
from sovet.adapters import tables as t
from sovet.adapters.mandate_rows import mandate_writes
from sovet.record.entry import Entry, canonical

Write = motion_projection.Write
Handler = motion_projection.Handler

INSERT_MEMBER = insert(t.members)
INSERT_COUNCIL = insert(t.councils)
INSERT_MEMBERSHIP = insert(t.memberships)
INSERT_CONSTITUENT = insert(t.constituents)
INSERT_JOIN_REQUEST = insert(t.join_requests)


def _member_registered(entry: Entry) -> list[Write]:
    p = entry.payload
    return [(INSERT_MEMBER, {"id": entry.position, "name": p["name"], "registered": entry.time})]


def _council_founded(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "slug": p["slug"],
        "name": p["name"],
        "kind": p["kind"],
        "workplace": p["workplace"],
        "charter": canonical(p["charter"]),
        "founded": entry.time,
    }
    return [(INSERT_COUNCIL, row)]


def _member_admitted(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "council_id": p["council"],
        "member_id": p["member"],
        "admitted": entry.time,
        "entry": entry.position,
    }
    return [(INSERT_MEMBERSHIP, row)]


def _council_joined(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "council_id": p["council"],
        "constituent_id": p["constituent"],
        "seats": p["seats"],
        "joined": entry.time,
    }
    return [(INSERT_CONSTITUENT, row)]


def _membership_ended(entry: Entry) -> list[Write]:
    """The membership ends; ``member.left`` (the member's own act) alike."""
    p = entry.payload
    membership = t.memberships.c
    ended = delete(t.memberships).where(
        membership.council_id == p["council"], membership.member_id == p["member"]
    )
    return [(ended, {})]


def _council_left(entry: Entry) -> list[Write]:
    """The constituent keeps its row, which its delegates' ended mandates name, with no
    seats: it fills none, and sits in the council no more. Its request to join is spent
    and its seats left vacant are gone: to come back it asks again."""
    p = entry.payload
    constituents, requests, vacancies = t.constituents.c, t.join_requests.c, t.vacancies.c
    left = (
        update(t.constituents)
        .where(
            constituents.council_id == p["council"], constituents.constituent_id == p["constituent"]
        )
        .values(seats=0)
    )
    request = delete(t.join_requests).where(
        requests.council_id == p["council"], requests.constituent_id == p["constituent"]
    )
    vacant = delete(t.vacancies).where(
        vacancies.council_id == p["council"], vacancies.constituency_id == p["constituent"]
    )
    return [(left, {}), (request, {}), (vacant, {})]


def _council_rejoined(entry: Entry) -> list[Write]:
    """A council admitted again after it left: its row, kept with no seats, takes them."""
    p = entry.payload
    constituents = t.constituents.c
    rejoined = (
        update(t.constituents)
        .where(
            constituents.council_id == p["council"], constituents.constituent_id == p["constituent"]
        )
        .values(seats=p["seats"], joined=entry.time)
    )
    return [(rejoined, {})]


def _join_requested(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "council_id": p["council"],
        "constituent_id": p["constituent"],
        "seats": p["seats"],
        "requested": entry.time,
        "entry": entry.position,
    }
    return [(INSERT_JOIN_REQUEST, row)]


def _mandate_assigned(entry: Entry) -> list[Write]:
    """A founding delegate named by one member's act, in a record written before every
    seat was filled only by election: read still, written no more
    (``record.kinds.RETIRED``)."""
    return mandate_writes(entry.position, entry.payload, founding=entry.payload["founding"])


HANDLERS: dict[tuple[str, int], Handler] = {
    ("member.registered", 1): _member_registered,
    ("council.founded", 1): _council_founded,
    ("member.admitted", 1): _member_admitted,
    ("member.expelled", 1): _membership_ended,
    ("member.left", 1): _membership_ended,
    ("council.joined", 1): _council_joined,
    ("council.join_requested", 1): _join_requested,
    ("council.left", 1): _council_left,
    ("council.rejoined", 1): _council_rejoined,
    ("mandate.assigned", 1): _mandate_assigned,
    **motion_projection.HANDLERS,
    **books_projection.HANDLERS,
    **planning_projection.HANDLERS,
    **recall_projection.HANDLERS,
    **election_projection.HANDLERS,
    **office_election_projection.HANDLERS,
}


def writes_for(entry: Entry) -> list[Write]:
    try:
        handler = HANDLERS[entry.kind, entry.version]
    except KeyError:
        raise ValueError(
            f"entry {entry.position}: no projection for {entry.kind} version {entry.version}"
        ) from None
    return handler(entry)


def apply(conn: Connection, entry: Entry) -> None:
    for statement, params in writes_for(entry):
        conn.execute(statement, params)


def apply_batched(conn: Connection, writes: Iterable[Write]) -> None:
    """Run writes with as few round trips as order allows.

    Inserts between two other writes are grouped by table and run one table at a time in
    foreign-key order, each as one executemany; any other write keeps its place.
    """
    pending: dict[Table, list[dict[str, Any]]] = {}
    for statement, params in writes:
        table = _inserted_table(statement)
        if table is None:
            _insert_all(conn, pending)
            conn.execute(statement, params)
        else:
            pending.setdefault(table, []).append(params)
    _insert_all(conn, pending)


def _inserted_table(statement: Executable) -> Table | None:
    if isinstance(statement, Insert) and isinstance(statement.table, Table):
        return statement.table
    return None


def _insert_all(conn: Connection, pending: dict[Table, list[dict[str, Any]]]) -> None:
    for table in t.metadata.sorted_tables:
        rows = pending.pop(table, None)
        if rows:
            conn.execute(insert(table), rows)
