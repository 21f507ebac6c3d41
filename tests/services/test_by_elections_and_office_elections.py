"""A recall that leaves a seat with no substitute able to take it opens a by-election,
whose winner fills the seat for the rest of its term; an office is elected by its council;
the cap on concurrent mandates counts offices wherever a seat is taken; and a replay of
the record rebuilds the same mandates and offices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from conftest import ElectOfficer
from sovet.domain.elections import Candidate, Election
from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.services.authority import Actor
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.ports import Store
from sovet.services.stand_down import StandDown, stand_down

from .federation import Clock, Federation
from .recalling import build_recallable, carry_recall

OFFICES = {"offices": {"secretary": ["moderate"], "chair": ["moderate"]}}


def opening(
    actor: Actor, council: Council, constituency: Council, office: str | None = None
) -> Callable[[Store], Election]:
    request = OpenElection(council.slug, constituency.slug, office=office)
    return lambda store: open_election(store, request, actor=actor)


def nominating(actor: Actor, election: Election, member: Member) -> Callable[[Store], Candidate]:
    return lambda store: nominate(store, Nominate(election.id, member.id), actor=actor)


def wait_until(clock: Clock, moment: datetime) -> None:
    if moment > clock.moment:
        clock.advance(seconds=(moment - clock.moment).total_seconds())


def elect(
    federation: Federation,
    clock: Clock,
    election: Election,
    candidates: tuple[Member, ...],
    ballots: dict[Member, Member],
) -> None:
    """Each candidate nominates themselves; each voter ranks one of them; the count."""
    for candidate in candidates:
        federation.act(nominating(candidate, election, candidate))
    wait_until(clock, election.nominations_close)
    for voter, choice in ballots.items():
        request = CastRankedBallot(election.id, ranking=(choice.id,))
        federation.act(lambda store, r=request, v=voter: cast_ranked_ballot(store, r, actor=v))
    wait_until(clock, election.closes)
    closer = next(iter(ballots))
    federation.act(lambda store: close_election(store, CloseElection(election.id), actor=closer))


def in_progress(
    federation: Federation,
    council: Council,
    constituency: Council,
    office: str | None = None,
    *,
    by_election: bool,
) -> Election:
    with federation.sovet.db.reading() as store:
        election = store.election_in_progress(
            council.id, constituency.id, office, by_election=by_election
        )
    assert election is not None
    return election


def held(federation: Federation, council: Council) -> list[Mandate]:
    """The seats and offices of ``council`` held today."""
    with federation.sovet.db.reading() as store:
        today = store.today()
        every = [*store.mandates_in(council.id), *store.offices_in(council.id)]
    return [mandate for mandate in every if mandate.active_on(today)]


def test_a_recall_with_no_substitute_able_to_sit_opens_a_by_election_and_offices_are_elected(
    federation: Federation, clock: Clock, tmp_path: Path, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(
        federation, works_charter=OFFICES, regional_charter={"max_concurrent_mandates": 1}
    )
    elect_officer(federation.sovet, fed.works.slug, "secretary", fed.lev, (fed.ana, fed.dasha))
    carry_recall(
        federation,
        clock,
        fed.seat,
        petitioner=fed.dasha,
        signers=(fed.ana,),
        voters=(fed.ana, fed.dasha, fed.lev),
    )
    by_election = in_progress(federation, fed.regional, fed.works, by_election=True)
    assert by_election.by_election and by_election.seats == 1
    assert in_progress(federation, fed.congress, fed.regional, by_election=True).seats == 1
    with federation.sovet.db.reading() as store:
        [vacancy] = store.open_vacancies(fed.regional.id, store.today())
    assert vacancy.mandate_id == fed.seat.id

    elect(
        federation,
        clock,
        by_election,
        (fed.ana, fed.dasha),
        {fed.dasha: fed.dasha, fed.lev: fed.dasha, fed.ana: fed.ana},
    )
    [seat] = [m for m in held(federation, fed.regional) if m.constituency_id == fed.works.id]
    assert (seat.member_id, seat.seat_number, seat.ends) == (fed.dasha.id, 1, fed.seat.ends)
    with federation.sovet.db.reading() as store:
        assert store.open_vacancies(fed.regional.id, store.today()) == []

    chair = federation.act(opening(fed.ana, fed.works, fed.works, "chair"))
    assert (chair.office, chair.seats, chair.method) == ("chair", 1, "irv")
    elect(federation, clock, chair, (fed.boris,), {fed.boris: fed.boris, fed.ana: fed.boris})
    officers = {m.office: m.member_id for m in held(federation, fed.works)}
    assert officers == {"secretary": fed.lev.id, "chair": fed.boris.id}

    federation.replays_the_same(tmp_path)


def test_the_cap_on_mandates_counts_offices_at_nomination_and_consent(
    sqlite_federation: Federation, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    union = sqlite_federation.found_delegate(
        fed.ana, "union", "Metal Workers' Union", fed.works, charter={"max_concurrent_mandates": 1}
    )
    works = sqlite_federation.sovet, fed.works.slug
    elect_officer(*works, "secretary", fed.lev, (fed.ana, fed.dasha))
    election = sqlite_federation.act(opening(fed.ana, union, fed.works))
    sqlite_federation.refused(
        Conflict, nominating(fed.ana, election, fed.lev), "Lev already holds 1 mandates"
    )
    sqlite_federation.act(nominating(fed.ana, election, fed.dasha))
    elect_officer(*works, "chair", fed.dasha, (fed.ana, fed.lev))
    sqlite_federation.refused(
        Conflict,
        lambda store: consent_to_nomination(
            store, ConsentToNomination(election.id), actor=fed.dasha
        ),
        "Dasha already holds 1 mandates",
        "caps concurrent mandates at 1",
    )


def test_an_office_election_is_refused_for_an_unknown_office_another_constituency_or_twice(
    sqlite_federation: Federation, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    sqlite_federation.refused(
        Invalid, opening(fed.ana, fed.works, fed.works, "treasurer"), "no office 'treasurer'"
    )
    sqlite_federation.refused(
        Invalid,
        opening(fed.vera, fed.regional, fed.mill, "chair"),
        "elected by Northern Regional Council itself",
    )
    elect_officer(sqlite_federation.sovet, fed.works.slug, "secretary", fed.lev, (fed.ana,))
    election = sqlite_federation.act(opening(fed.ana, fed.works, fed.works, "chair"))
    sqlite_federation.refused(
        Conflict,
        opening(fed.dasha, fed.works, fed.works, "chair"),
        f"election {election.id} of the chair of Tractor Works is already under way",
    )
    sqlite_federation.refused(
        Conflict, nominating(fed.lev, election, fed.lev), "Lev already holds an office"
    )
    sqlite_federation.refused(
        Forbidden, nominating(fed.ana, election, fed.vera), "Vera cannot stand for Tractor Works"
    )


def test_a_recall_during_the_election_of_the_next_term_still_opens_a_by_election(
    sqlite_federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(sqlite_federation, substitutes=False)
    request = OpenElection(fed.regional.slug, fed.works.slug, nomination_days=30)
    election = sqlite_federation.act(lambda store: open_election(store, request, actor=fed.ana))
    sqlite_federation.act(nominating(fed.lev, election, fed.lev))
    carry_recall(
        sqlite_federation,
        clock,
        fed.seat,
        petitioner=fed.dasha,
        signers=(fed.ana,),
        voters=(fed.ana, fed.dasha, fed.lev),
    )
    assert in_progress(sqlite_federation, fed.regional, fed.works, by_election=False) == election
    by_election = in_progress(sqlite_federation, fed.regional, fed.works, by_election=True)
    assert by_election.term_starts < election.term_starts
    sqlite_federation.refused(
        Conflict,
        opening(fed.lev, fed.regional, fed.works),
        f"by-election {by_election.id} of Tractor Works's seats in Northern Regional Council "
        "is already under way",
    )
    sqlite_federation.act(nominating(fed.dasha, by_election, fed.dasha))
    elect(sqlite_federation, clock, election, (), {fed.lev: fed.lev})
    elect(sqlite_federation, clock, by_election, (), {fed.dasha: fed.dasha})
    [now] = [m for m in held(sqlite_federation, fed.regional) if m.constituency_id == fed.works.id]
    assert (now.member_id, now.ends) == (fed.dasha.id, fed.seat.ends)
    with sqlite_federation.sovet.db.reading() as store:
        [later] = [m for m in store.mandates_in(fed.regional.id) if m.member_id == fed.lev.id]
    assert later.starts == election.term_starts


def test_an_old_record_with_an_office_filled_at_founding_still_replays(
    sqlite_federation: Federation, tmp_path: Path
) -> None:
    """Records written before every office was elected may hold ``office.filled``; no act
    writes it any more, but the projection reads it still."""
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    payload = {
        "council": fed.works.id,
        "office": "secretary",
        "member": fed.lev.id,
        "starts": "2026-05-01",
        "ends": "2027-05-01",
        "via": None,
        "founding": True,
    }
    under = f"membership:{fed.works.id}"
    with sqlite_federation.replayed_with_retired(
        tmp_path, "office.filled", actor=fed.ana.id, under=under, payload=payload
    ) as (legacy, store):
        [office] = store.offices_in(fed.works.id)
    assert (office.id, office.member_id) == (legacy.position, fed.lev.id)
    assert office.office == "secretary"


def test_while_a_seat_is_vacant_the_next_terms_election_opens_to_close_after_its_term(
    sqlite_federation: Federation, clock: Clock
) -> None:
    """Boris stood down and his seat's by-election is under way: opening an election now
    is refused with the day the vacant seat's term ends, and one that closes then is
    the election of the next term."""
    fed = build_recallable(
        sqlite_federation, substitutes=False, regional_charter={"term_months": 4}
    )
    sqlite_federation.act(lambda store: stand_down(store, StandDown(fed.seat.id), actor=fed.boris))
    sqlite_federation.refused(
        Conflict,
        opening(fed.lev, fed.regional, fed.works),
        "is already under way",
        f"unless it closes on or after {fed.seat.ends.isoformat()}, when the vacant seat's "
        "term ends, or is opened for the next term",
    )
    days = (fed.seat.ends - clock.moment.date()).days
    voting_days = max(7, days - 90)
    request = OpenElection(
        fed.regional.slug,
        fed.works.slug,
        nomination_days=days - voting_days,
        voting_days=voting_days,
    )
    election = sqlite_federation.act(lambda store: open_election(store, request, actor=fed.lev))
    assert not election.by_election
    assert election.term_starts == fed.seat.ends
    assert in_progress(sqlite_federation, fed.regional, fed.works, by_election=True).by_election


def test_an_election_opened_for_the_next_term_elects_it_while_a_seat_is_vacant(
    sqlite_federation: Federation, clock: Clock, tmp_path: Path
) -> None:
    """Boris stood down: his seat's by-election fills it until its term ends, and an
    election opened for the next term, beside it, elects the seat from then on."""
    fed = build_recallable(sqlite_federation, substitutes=False)
    sqlite_federation.act(lambda store: stand_down(store, StandDown(fed.seat.id), actor=fed.boris))
    request = OpenElection(fed.regional.slug, fed.works.slug, next_term=True)
    election = sqlite_federation.act(lambda store: open_election(store, request, actor=fed.lev))
    assert (election.by_election, election.term_starts) == (False, fed.seat.ends)
    assert election.closes.date() < fed.seat.ends
    by_election = in_progress(sqlite_federation, fed.regional, fed.works, by_election=True)
    sqlite_federation.refused(
        Conflict,
        lambda store: open_election(store, request, actor=fed.ana),
        f"election {election.id} of Tractor Works's seats in Northern Regional Council is "
        "already under way",
    )
    sqlite_federation.act(nominating(fed.dasha, by_election, fed.dasha))
    sqlite_federation.act(nominating(fed.lev, election, fed.lev))
    wait_until(clock, election.nominations_close)
    for voted, chosen in ((by_election, fed.dasha), (election, fed.lev)):
        request = CastRankedBallot(voted.id, ranking=(chosen.id,))
        sqlite_federation.act(lambda store, r=request: cast_ranked_ballot(store, r, actor=fed.ana))
    wait_until(clock, election.closes)
    for closing in (election, by_election):
        request = CloseElection(closing.id)
        sqlite_federation.act(lambda store, r=request: close_election(store, r, actor=fed.ana))
    with sqlite_federation.sovet.db.reading() as store:
        seats = [
            m for m in store.mandates_in(fed.regional.id) if m.seat_number == fed.seat.seat_number
        ]
    terms = {m.member_id: (m.starts, m.ends) for m in seats if m.constituency_id == fed.works.id}
    assert terms[fed.dasha.id][1] == fed.seat.ends
    assert terms[fed.lev.id][0] == fed.seat.ends
    sqlite_federation.replays_the_same(tmp_path)


def test_an_office_election_opened_for_the_next_term_elects_the_term_after_the_vacant_one(
    sqlite_federation: Federation, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    elect_officer(sqlite_federation.sovet, fed.works.slug, "secretary", fed.lev, (fed.ana,))
    [office] = held(sqlite_federation, fed.works)
    sqlite_federation.act(lambda store: stand_down(store, StandDown(office.id), actor=fed.lev))
    assert in_progress(sqlite_federation, fed.works, fed.works, "secretary", by_election=True)
    sqlite_federation.refused(
        Conflict,
        opening(fed.ana, fed.works, fed.works, "secretary"),
        "While the secretary is vacant, its election is the by-election, unless it closes "
        f"on or after {office.ends.isoformat()}",
    )
    request = OpenElection(fed.works.slug, fed.works.slug, office="secretary", next_term=True)
    election = sqlite_federation.act(lambda store: open_election(store, request, actor=fed.ana))
    assert (election.by_election, election.term_starts) == (False, office.ends)
