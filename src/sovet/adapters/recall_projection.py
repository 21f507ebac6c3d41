"""The projection of offices and of mandates ended early: by recall, or with the mandate
they were held through.

Like ``projection``, each handler turns one entry into writes and reads nothing: every
value it writes is in the entry. A successor's mandate has the ``mandate.ended`` entry's
position as its id.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, update

from sovet.adapters import tables as t
from sovet.adapters.mandate_rows import mandate_writes, office_write
from sovet.adapters.motion_projection import Handler, Write
from sovet.record.entry import Entry

INSERT_VACANCY = insert(t.vacancies)


def _office_filled(entry: Entry) -> list[Write]:
    """An office filled at its council's founding by one member's act, in a record written
    before offices were filled only by election: read still, written no more
    (``record.kinds.RETIRED``)."""
    return [office_write(entry.position, entry.payload, founding=entry.payload["founding"])]


def _mandate_ended(entry: Entry) -> list[Write]:
    p = entry.payload
    table = t.offices if p["office"] else t.mandates
    ended = (
        update(table)
        .where(table.c.id == p["mandate"])
        .values(ended_on=date.fromisoformat(p["on"]), end_reason=p["reason"])
    )
    writes: list[Write] = [(ended, {})]
    successor = p["successor"]
    if successor is not None:
        writes += mandate_writes(entry.position, successor, founding=False)
    vacancy = p["vacancy"]
    if vacancy is not None:
        row = {
            "mandate_id": p["mandate"],
            "council_id": vacancy["council"],
            "constituency_id": vacancy["constituency"],
            "seat_number": vacancy["seat"],
            "office": vacancy["office"],
            "opened": entry.time,
            "entry": entry.position,
        }
        writes.append((INSERT_VACANCY, row))
    return writes


HANDLERS: dict[tuple[str, int], Handler] = {
    ("office.filled", 1): _office_filled,
    ("mandate.ended", 1): _mandate_ended,
}
