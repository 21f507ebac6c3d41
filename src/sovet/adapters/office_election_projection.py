"""The projection of by-elections, office elections and the offices they fill.

Like ``projection``, each handler turns one entry into writes and reads nothing: every
value it writes is in the entry. The election's id is its opening entry's position; an
elected officer's office has the ``office.elected`` entry's position as its id.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert

from sovet.adapters import tables as t
from sovet.adapters.motion_projection import Handler, Write
from sovet.record.entry import Entry

INSERT_ELECTION = insert(t.elections)
INSERT_OFFICE = insert(t.offices)


def _election_row(
    entry: Entry, *, constituency: int, seats: int, office: str | None, by_election: bool
) -> dict[str, Any]:
    p = entry.payload
    return {
        "id": entry.position,
        "council_id": p["council"],
        "constituency_id": constituency,
        "seats": seats,
        "method": p["method"],
        "phase": "nominating",
        "opened": entry.time,
        "nominations_close": p["nominations_close"],
        "closes": p["closes"],
        "term_starts": date.fromisoformat(p["term_starts"]),
        "term_months": p["term_months"],
        "eligible": None,
        "seed": None,
        "closed": None,
        "ballots_cast": None,
        "report": None,
        "office": office,
        "by_election": by_election,
    }


def _by_election_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    row = _election_row(
        entry, constituency=p["constituency"], seats=p["seats"], office=None, by_election=True
    )
    return [(INSERT_ELECTION, row)]


def _office_election_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    row = _election_row(
        entry,
        constituency=p["council"],
        seats=1,
        office=p["office"],
        by_election=p["by_election"],
    )
    return [(INSERT_ELECTION, row)]


def _office_elected(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "council_id": p["council"],
        "office": p["office"],
        "member_id": p["member"],
        "starts": date.fromisoformat(p["starts"]),
        "ends": date.fromisoformat(p["ends"]),
        "ended_on": None,
        "end_reason": None,
        "via_mandate_id": p["via"],
        "founding": False,
    }
    return [(INSERT_OFFICE, row)]


HANDLERS: dict[tuple[str, int], Handler] = {
    ("by_election.opened", 1): _by_election_opened,
    ("office_election.opened", 1): _office_election_opened,
    ("office.elected", 1): _office_elected,
}
