"""The projection of by-elections, office elections and the offices they fill.

Like ``projection``, each handler turns one entry into writes and reads nothing: every
value it writes is in the entry. The election's id is its opening entry's position; an
elected officer's office has the ``office.elected`` entry's position as its id.
"""

from __future__ import annotations

from sovet.adapters.mandate_rows import election_write, office_write
from sovet.adapters.motion_projection import Handler, Write
from sovet.record.entry import Entry


def _by_election_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    opened = election_write(
        entry, constituency=p["constituency"], seats=p["seats"], office=None, by_election=True
    )
    return [opened]


def _office_election_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    opened = election_write(
        entry,
        constituency=p["council"],
        seats=1,
        office=p["office"],
        by_election=p["by_election"],
    )
    return [opened]


def _office_elected(entry: Entry) -> list[Write]:
    return [office_write(entry.position, entry.payload, founding=False)]


HANDLERS: dict[tuple[str, int], Handler] = {
    ("by_election.opened", 1): _by_election_opened,
    ("office_election.opened", 1): _office_election_opened,
    ("office.elected", 1): _office_elected,
}
