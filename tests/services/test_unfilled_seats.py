"""A seat its constituency's election left unfilled (fewer stood than there are seats) is
vacant for the rest of the term: the constituency's next election is its by-election,
whose winner holds the seat until the term of the other seats ends. Once a by-election
could no longer close inside that term, the next election is of the next term."""

from __future__ import annotations

from pathlib import Path

from sovet.domain.errors import Conflict
from sovet.domain.mandates import Mandate

from .electing import Electing, Seats
from .federation import Clock, Federation


def works_seats(federation: Federation, seats: Seats) -> list[Mandate]:
    """The works' seats in the regional council held today, by seat number."""
    with federation.sovet.db.reading() as store:
        today = store.today()
        held = [
            m
            for m in store.mandates_in(seats.regional.id)
            if m.constituency_id == seats.works.id and m.active_on(today)
        ]
    return sorted(held, key=lambda m: m.seat_number)


def test_a_seat_nobody_was_elected_to_is_filled_by_a_by_election_for_the_rest_of_the_term(
    federation: Federation, seats: Seats, electing: Electing, tmp_path: Path
) -> None:
    [boris] = federation.elect(seats.regional, seats.works, seats.boris)
    with federation.sovet.db.reading() as store:
        [vacancy] = store.open_vacancies(seats.regional.id, store.today())
    assert (vacancy.constituency_id, vacancy.seat_number, vacancy.mandate_id) == (
        seats.works.id,
        2,
        None,
    )
    assert vacancy.ends == boris.ends and vacancy.opened == boris.starts.isoformat()

    by_election = electing.open(seats.ana, seats)
    assert (by_election.by_election, by_election.seats) == (True, 1)
    opened = federation.entries()[-1]
    assert (opened.kind, opened.payload["unfilled"], opened.payload["vacated"]) == (
        "by_election.opened",
        [2],
        [],
    )
    federation.refused(
        Conflict, electing.nominating(seats.ana, by_election, seats.boris), "already holds a seat"
    )
    electing.nominate(seats.lev, by_election, seats.lev)
    electing.until_nominations_close(by_election)
    for voter in seats.workers:
        electing.vote(voter, by_election, seats.lev)
    electing.until_voting_closes(by_election)
    electing.close(seats.ana, by_election)

    held = works_seats(federation, seats)
    assert [(m.member_id, m.seat_number, m.ends) for m in held] == [
        (seats.boris.id, 1, boris.ends),
        (seats.lev.id, 2, boris.ends),
    ]
    with federation.sovet.db.reading() as store:
        assert store.open_vacancies(seats.regional.id, store.today()) == []
    assert not electing.open(seats.ana, seats).by_election, "every seat is held: next term"
    federation.replays_the_same(tmp_path)


def test_near_the_end_of_the_term_the_next_election_is_of_the_next_term(
    federation: Federation, seats: Seats, electing: Electing, clock: Clock
) -> None:
    [boris] = federation.elect(seats.regional, seats.works, seats.boris)
    with federation.sovet.db.reading() as store:
        left = boris.ends - store.today()
    clock.advance(days=left.days - 10)
    election = electing.open(seats.ana, seats)
    assert not election.by_election and election.seats == 2
    assert election.term_starts == election.closes.date() > boris.ends
