"""Elections end to end: nominations with consent, secret ranked ballots, a count by the
charter's method with its seed published first, and mandates with ordered substitutes,
all rebuilt the same by a replay of the record."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from sovet.adapters import tables
from sovet.services.cast_vote import receipt_hash

from .electing import Electing, Seats
from .federation import Federation


def test_an_election_from_nomination_to_mandates_with_substitutes_replays_the_same(
    federation: Federation, seats: Seats, electing: Electing, tmp_path: Path
) -> None:
    election = electing.to_the_vote(seats)
    federation.act(electing.stating(seats.lev, election, "Safety first."))
    ana, boris, lev = seats.ana, seats.boris, seats.lev
    receipts = [
        electing.vote(ana, election, ana, boris).receipt,
        electing.vote(boris, election, boris, ana).receipt,
        electing.vote(lev, election, lev).receipt,
        electing.vote(seats.dasha, election, ana, lev).receipt,
        electing.vote(seats.yuri, election, lev, boris).receipt,
    ]
    start = federation.record_size()
    electing.until_voting_closes(election)
    closed = electing.close(seats.yuri, election)

    kinds = [entry.kind for entry in federation.entries(start)]
    assert kinds == ["election.closed", "election.counted", "mandate.elected", "mandate.elected"]
    published, counted = federation.entries(start)[:2]
    assert counted.payload["seed"] == published.leaf_hash().hex() == closed.seed
    assert counted.payload["report"]["method"] == "scottish-stv"
    assert closed.phase == "counted" and closed.ballots_cast == 5
    places = {c.member_id: (c.place, c.outcome) for c in electing.candidates(election)}
    assert places[seats.dasha.id] == (None, None)
    elected = {m for m, (_, outcome) in places.items() if outcome == "elected"}
    assert elected == {ana.id, lev.id}
    assert places[boris.id] == (3, "substitute")

    with federation.sovet.db.reading() as store:
        mandates = [m for m in store.mandates_in(seats.regional.id) if m.member_id in elected]
    assert sorted(m.seat_number for m in mandates) == [1, 2]
    assert all(m.starts == closed.term_starts for m in mandates)
    with federation.sovet.db.engine.connect() as conn:
        substitutes = conn.execute(select(tables.substitutes)).all()
        box = conn.execute(select(tables.ranked_ballot_box)).all()
        rankings = dict(conn.execute(select(tables.published_rankings.c[1:])).all())
    assert sorted((row.rank, row.member_id) for row in substitutes) == [
        (1, boris.id),
        (1, boris.id),
    ]
    assert box == []
    assert {receipt_hash(receipt) for receipt in receipts} == set(rankings)

    federation.replays_the_same(tmp_path)
    assert json.loads(closed_report(federation, election.id))["elected"]


def closed_report(federation: Federation, election_id: int) -> str:
    with federation.sovet.db.engine.connect() as conn:
        report = conn.execute(
            select(tables.elections.c.report).where(tables.elections.c.id == election_id)
        ).scalar_one()
    assert isinstance(report, str)
    return report
