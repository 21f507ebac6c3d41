"""Every refused act in an election names the problem and leaves no entry and no state."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from sovet.bootstrap import Sovet
from sovet.domain.elections import Election
from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.services.authority import OPERATOR

from .electing import Electing, Seats, build_seats
from .federation import ElectDelegates, Federation

VOTING_FROM_7 = "voting_days: a whole number of days from 7 (the charter's voting period is 7 days)"


@pytest.fixture
def federation(sqlite_sovet: Sovet, elect_delegates: ElectDelegates) -> Federation:
    return Federation(sqlite_sovet, elect_delegates)


@pytest.fixture
def seats(federation: Federation) -> Seats:
    return build_seats(federation, {"max_concurrent_mandates": 1, "term_limit": 1})


@pytest.fixture
def voting(seats: Seats, electing: Electing) -> Election:
    return electing.to_the_vote(seats)


def union_seat(federation: Federation, seats: Seats, member_name: str) -> None:
    """A seat for the works in the textile union, filled by ``member_name``."""
    union = federation.found_delegate(seats.ana, "union", "Union", seats.works, seats=1)
    member = next(m for m in seats.workers if m.name == member_name)
    federation.elect(union, seats.works, member)


def test_a_ballot_ranking_a_candidate_twice_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    ballot = electing.voting(seats.lev, voting, (seats.ana.id, seats.lev.id, seats.ana.id))
    federation.refused(Invalid, ballot, "Ana is ranked twice")


def test_a_ballot_ranking_a_member_who_is_not_standing_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    ballot = electing.voting(seats.lev, voting, (seats.yuri.id,))
    federation.refused(Invalid, ballot, f"member {seats.yuri.id} is not a candidate")


def test_a_nomination_without_consent_is_not_counted(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    ballot = electing.voting(seats.lev, voting, (seats.dasha.id, seats.lev.id))
    federation.refused(Invalid, ballot, f"member {seats.dasha.id} is not a candidate")


def test_a_ballot_with_a_gap_in_its_ranks_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    ranked = electing.voting(seats.lev, voting, (seats.lev.id, None, seats.ana.id))
    federation.refused(Invalid, ranked, "rank 2 is skipped")
    marked = electing.voting(seats.lev, voting, marks={seats.lev.id: 1, seats.ana.id: 3})
    federation.refused(Invalid, marked, "rank 2 is skipped")


def test_a_second_ballot_from_the_same_voter_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    electing.vote(seats.lev, voting, seats.lev)
    again = electing.voting(seats.lev, voting, (seats.ana.id,))
    federation.refused(Conflict, again, "Lev has already voted")


def test_a_ballot_from_outside_the_frozen_register_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    electing.vote(seats.lev, voting, seats.lev)
    ballot = electing.voting(seats.vera, voting, (seats.lev.id,))
    federation.refused(Forbidden, ballot, "Vera is not on the register")


def test_a_ballot_after_voting_closed_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    electing.until_voting_closes(voting)
    electing.close(seats.ana, voting)
    ballot = electing.voting(seats.lev, voting, (seats.lev.id,))
    federation.refused(Conflict, ballot, "closed at")


def test_an_election_shorter_than_the_charters_periods_is_refused_and_a_longer_one_opens(
    federation: Federation, seats: Seats, electing: Electing
) -> None:
    """The audit's snap election: one member opens an election with a day of nominations
    and a day of voting, against the charter's 14 and 7. Whoever opens an election may
    lengthen the charter's periods, never shorten them."""
    charter = seats.regional.charter
    assert (charter.agenda_period_days, charter.voting_period_days) == (14, 7)
    snap = electing.opening(seats.ana, seats, 1, 1)
    federation.refused(
        Invalid, snap, "nomination_days: a whole number of days from 14 (the charter's period)"
    )
    for nominating, voting, said, value in (
        (1, None, "nomination_days: a whole number of days from 14 (the charter's period)", 1),
        (13, 7, "nomination_days: a whole number of days from 14 (the charter's period)", 13),
        (None, 1, VOTING_FROM_7, 1),
        (14, 6, VOTING_FROM_7, 6),
    ):
        federation.refused(
            Invalid,
            electing.opening(seats.ana, seats, nominating, voting),
            said,
            f"not {value}",
        )
    longer = federation.act(electing.opening(seats.ana, seats, 21, 10))
    assert longer.nominations_close - longer.opened == timedelta(days=21)
    assert longer.closes - longer.nominations_close == timedelta(days=10)


def test_a_congress_voting_in_hours_elects_over_its_hours_or_whole_days_no_shorter(
    federation: Federation, electing: Electing
) -> None:
    """A congress's charter votes in two hours (and a day and a half in the council of
    36 hours): their elections vote for as long, unless opened for whole days, never
    fewer than its period covers."""
    congress = build_seats(federation, {"voting_period_days": 0, "voting_period_hours": 2})
    election = federation.act(electing.opening(congress.ana, congress, None, None))
    assert election.closes - election.nominations_close == timedelta(hours=2)
    federation.refused(
        Invalid,
        electing.opening(congress.ana, congress, None, 0),
        "voting_days: a whole number of days from 1 (the charter's voting period is 2 hours)"
        " to 60, not 0",
    )
    long_congress = federation.found_delegate(
        congress.vera,
        "long-congress",
        "Long Congress",
        congress.mill,
        seats=1,
        charter={"voting_period_days": 1, "voting_period_hours": 12},
    )
    long_seats = replace(congress, regional=long_congress, works=congress.mill)
    federation.refused(
        Invalid,
        electing.opening(congress.vera, long_seats, None, 1),
        "voting_days: a whole number of days from 2 (the charter's voting period is "
        "1 day and 12 hours) to 60, not 1",
    )
    longer = federation.act(electing.opening(congress.vera, long_seats, None, 2))
    assert longer.closes - longer.nominations_close == timedelta(days=2)


def test_nominating_a_member_over_the_cap_on_mandates_is_refused(
    federation: Federation, seats: Seats, electing: Electing
) -> None:
    union_seat(federation, seats, "Yuri")
    election = electing.open(seats.ana, seats)
    act = electing.nominating(seats.ana, election, seats.yuri)
    federation.refused(Conflict, act, "Yuri already holds 1 mandates", "caps")


def test_nominating_a_member_at_the_term_limit_is_refused(
    federation: Federation, seats: Seats, electing: Electing
) -> None:
    federation.elect(seats.regional, seats.works, seats.boris, seats.lev)
    election = electing.open(seats.ana, seats)
    act = electing.nominating(seats.ana, election, seats.boris)
    federation.refused(Conflict, act, "Boris has served 1 terms", "term limit is 1")


def test_consent_is_refused_to_a_nominee_over_the_cap_by_then(
    federation: Federation, seats: Seats, electing: Electing
) -> None:
    election = electing.open(seats.ana, seats)
    electing.nominate(seats.ana, election, seats.yuri)
    union_seat(federation, seats, "Yuri")
    federation.refused(Conflict, electing.consenting(seats.yuri, election), "caps")


def test_nominating_a_member_of_another_constituency_is_refused(
    federation: Federation, seats: Seats, electing: Electing
) -> None:
    election = electing.open(seats.ana, seats)
    act = electing.nominating(seats.ana, election, seats.vera)
    federation.refused(Forbidden, act, "Vera cannot stand for Tractor Works")


def test_nominating_twice_and_after_nominations_close_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    federation.refused(Conflict, electing.nominating(seats.ana, voting, seats.ana), "closed at")


def test_a_second_election_while_one_is_under_way_is_refused(
    federation: Federation, seats: Seats, electing: Electing
) -> None:
    election = electing.open(seats.ana, seats)
    federation.refused(
        Conflict, electing.opening(seats.boris, seats), f"election {election.id}", "under way"
    )
    electing.nominate(seats.ana, election, seats.ana)
    again = electing.nominating(seats.boris, election, seats.ana)
    federation.refused(Conflict, again, "Ana is already nominated")


def test_closing_before_voting_ends_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    federation.refused(Conflict, electing.closing(seats.ana, voting), "open until")


def test_the_operator_can_neither_open_nor_vote_in_an_election(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    federation.refused(Forbidden, electing.opening(OPERATOR, seats), "no governance powers")
    ballot = electing.voting(OPERATOR, voting, (seats.lev.id,))
    federation.refused(Forbidden, ballot, "no governance powers")


def test_a_statement_from_someone_not_standing_is_refused(
    federation: Federation, seats: Seats, electing: Electing, voting: Election
) -> None:
    act = electing.stating(seats.dasha, voting, "I never agreed to stand.")
    federation.refused(Forbidden, act, "Dasha is not a candidate")


def test_an_election_nobody_stands_in_lapses_when_nominations_close(
    federation: Federation, seats: Seats, electing: Electing
) -> None:
    election = electing.open(seats.ana, seats)
    electing.until_voting_closes(election)
    federation.refused(Conflict, electing.voting(seats.ana, election, (seats.ana.id,)), "closed")
    closed = electing.close(seats.ana, election)
    assert closed.phase == "lapsed"
    assert federation.entries()[-1].kind == "election.lapsed"


def test_nominating_a_member_in_the_rotation_pause_is_refused(
    federation: Federation, electing: Electing
) -> None:
    seats = build_seats(
        federation, {"rotation_after_terms": 1, "rotation_pause_months": 6, "term_limit": 5}
    )
    federation.elect(seats.regional, seats.works, seats.boris, seats.lev)
    election = electing.open(seats.ana, seats)
    act = electing.nominating(seats.ana, election, seats.boris)
    federation.refused(Conflict, act, "Boris has served 1 terms in a row", "pause of 6 months")
