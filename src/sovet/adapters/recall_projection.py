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
from sovet.adapters.motion_projection import Handler, Write
from sovet.record.entry import Entry

INSERT_OFFICE = insert(t.offices)
INSERT_MANDATE = insert(t.mandates)
INSERT_SUBSTITUTE = insert(t.substitutes)
INSERT_VACANCY = insert(t.vacancies)


def _office_filled(entry: Entry) -> list[Write]:
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
        "founding": p["founding"],
    }
    return [(INSERT_OFFICE, row)]


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
        row = {
            "id": entry.position,
            "council_id": successor["council"],
            "constituency_id": successor["constituency"],
            "seat_number": successor["seat"],
            "member_id": successor["member"],
            "starts": date.fromisoformat(successor["starts"]),
            "ends": date.fromisoformat(successor["ends"]),
            "ended_on": None,
            "end_reason": None,
            "via_mandate_id": successor["via"],
            "founding": False,
        }
        writes.append((INSERT_MANDATE, row))
        writes += [
            (INSERT_SUBSTITUTE, {"mandate_id": entry.position, "rank": rank, "member_id": member})
            for rank, member in enumerate(successor["substitutes"], start=1)
        ]
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
