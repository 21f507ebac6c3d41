"""Rows that several projections write alike: elections, mandates with their substitutes,
and offices.

Each function builds writes from values that are all in the entry; the caller says which
payload part holds them and what the entry leaves implicit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import insert

from sovet.adapters import tables as t
from sovet.adapters.motion_projection import Write
from sovet.record.entry import Entry

INSERT_ELECTION = insert(t.elections)
INSERT_MANDATE = insert(t.mandates)
INSERT_SUBSTITUTE = insert(t.substitutes)
INSERT_OFFICE = insert(t.offices)


def election_write(
    entry: Entry, *, constituency: int, seats: int, office: str | None, by_election: bool
) -> Write:
    """The row of an election opened by ``entry``, still taking nominations."""
    p = entry.payload
    row = {
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
    return (INSERT_ELECTION, row)


def _term(position: int, p: Mapping[str, Any], *, founding: bool) -> dict[str, Any]:
    return {
        "id": position,
        "council_id": p["council"],
        "member_id": p["member"],
        "starts": date.fromisoformat(p["starts"]),
        "ends": date.fromisoformat(p["ends"]),
        "ended_on": None,
        "end_reason": None,
        "via_mandate_id": p["via"],
        "founding": founding,
    }


def mandate_writes(position: int, p: Mapping[str, Any], *, founding: bool) -> list[Write]:
    """The mandate with id ``position`` that ``p`` describes, then its ranked substitutes."""
    row = _term(position, p, founding=founding)
    row["constituency_id"] = p["constituency"]
    row["seat_number"] = p["seat"]
    return [(INSERT_MANDATE, row)] + [
        (INSERT_SUBSTITUTE, {"mandate_id": position, "rank": rank, "member_id": member})
        for rank, member in enumerate(p["substitutes"], start=1)
    ]


def office_write(position: int, p: Mapping[str, Any], *, founding: bool) -> Write:
    """The office with id ``position`` that ``p`` describes."""
    row = _term(position, p, founding=founding)
    row["office"] = p["office"]
    return (INSERT_OFFICE, row)
