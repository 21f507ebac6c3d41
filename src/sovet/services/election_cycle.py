"""The phases of an election, carried out by the clock: nobody can stop or delay them.

When nominations close, voting opens with the register of electors (the constituency's
members, or in a delegate constituency its delegates) and the list of consenting
candidates frozen as they stand; with no candidate the election lapses. When voting
closes, the ballot box is published in one entry, in the order of the receipts' hashes,
and emptied. The seed for any tie the rules leave to lot is that entry's leaf hash in the
record: published before the count, and unknown to anyone until the box was. The count
follows with its full report, and each winner takes a mandate for the charter's term,
with the other candidates, in the count's order, as ordered substitutes; a by-election's
winners take the vacant seats for the rest of their term, and an office's winner takes
the office (``election_seats``).

Like ``agenda.advance``, the transitions run at the next act of any member in the
election, or when any member asks once they are due (``close_election``).
"""

from __future__ import annotations

from sovet.domain.elections import Candidate, Count, Election, count
from sovet.domain.errors import Forbidden, NotFound
from sovet.domain.federation import Council
from sovet.domain.mandates import add_months, check_can_take_office, check_can_take_seat
from sovet.domain.members import Member
from sovet.services.agenda import Acting, council_with_id, register_of
from sovet.services.authority import standing
from sovet.services.election_seats import seats_to_fill
from sovet.services.holdings import held_by
from sovet.services.ports import Store


def election_named(store: Store, election_id: int) -> Election:
    election = store.election(election_id)
    if election is None:
        raise NotFound(f"there is no election {election_id}")
    return election


def seats_and_constituency(store: Store, election: Election) -> tuple[Council, Council]:
    return (
        council_with_id(store, election.council_id),
        council_with_id(store, election.constituency_id),
    )


def member_numbered(store: Store, member_id: int) -> Member:
    member = store.member(member_id)
    if member is None:
        raise NotFound(f"member: there is no member {member_id}")
    return member


def check_may_stand(store: Store, election: Election, member: Member) -> str:
    """Refuse a candidate who is not of the constituency, or who could not take the seat
    when the term starts (the cap on mandates, seats and offices together, the term limit,
    the rotation pause), or the office (the cap, and one office per council).
    Returns the standing the candidate acts under."""
    council, constituency = seats_and_constituency(store, election)
    try:
        under = standing(store, constituency, member)
    except Forbidden:
        raise Forbidden(
            f"{member.name} cannot stand for {constituency.name}: not one of its members"
        ) from None
    held = held_by(store, member.id)
    if election.office is not None:
        check_can_take_office(
            member_name=member.name,
            council_name=council.name,
            council_id=council.id,
            cap=council.charter.max_concurrent_mandates,
            held=held,
            today=election.term_starts,
        )
        return under
    check_can_take_seat(
        member_name=member.name,
        council_name=council.name,
        charter=council.charter,
        council_id=council.id,
        mandates_of_member=held,
        today=election.term_starts,
    )
    return under


def standing_candidates(store: Store, election: Election) -> dict[int, str]:
    """The candidates who consented, by member id, with their names."""
    return {
        candidate.member_id: member_numbered(store, candidate.member_id).name
        for candidate in store.candidates(election.id)
        if candidate.consented
    }


def electors_count(store: Store, election: Election) -> int:
    """How many may vote in ``election``: its register's once voting opened. Until then
    (during nominations, and once they close until the first act in the election carries
    the opening out) the constituency's register as it stands, which that act freezes."""
    if election.eligible is not None:
        return election.eligible
    return len(register_of(store, council_with_id(store, election.constituency_id)))


def advance_election(store: Store, election: Election, acting: Acting) -> Election:
    """Carry out every transition of ``election`` that is due; the election as it is then."""
    now = store.now()
    if election.phase == "nominating" and now >= election.nominations_close:
        _open_voting(store, election, acting)
        election = election_named(store, election.id)
    if election.phase == "voting" and now >= election.closes:
        _close(store, election, acting)
        election = election_named(store, election.id)
    return election


def _open_voting(store: Store, election: Election, acting: Acting) -> None:
    candidates = standing_candidates(store, election)
    if not candidates:
        store.append(
            "election.lapsed",
            {"election": election.id, "reason": "nobody consented to stand"},
            actor=acting.member,
            under=acting.under,
        )
        return
    _, constituency = seats_and_constituency(store, election)
    register = register_of(store, constituency)
    store.append(
        "election.voting_opened",
        {
            "election": election.id,
            "candidates": sorted(candidates),
            "eligible": len(register),
            "register": [[member, under] for member, under in register],
        },
        actor=acting.member,
        under=acting.under,
    )


def _close(store: Store, election: Election, acting: Acting) -> None:
    box = store.ranked_ballot_box(election.id)
    closed = store.append(
        "election.closed",
        {
            "election": election.id,
            "ballots": [
                {"receipt": receipt.hex(), "ranking": list(ranking)} for receipt, ranking in box
            ],
        },
        actor=acting.member,
        under=acting.under,
    )
    store.empty_ranked_ballot_box(election.id)
    seed = closed.leaf_hash().hex()
    result = count(
        election.method,
        seats=election.seats,
        candidates=standing_candidates(store, election),
        rankings=[ranking for _, ranking in box],
        seed=seed,
    )
    store.append(
        "election.counted",
        {
            "election": election.id,
            "seed": seed,
            "message": result.message,
            "report": None if result.report is None else result.report.to_dict(),
            "places": [[member, place, outcome] for place, member, outcome in result.places()],
        },
        actor=acting.member,
        under=acting.under,
    )
    _give_mandates(store, election, result, acting)


def _give_mandates(store: Store, election: Election, result: Count, acting: Acting) -> None:
    if election.office is not None:
        _give_office(store, election, result, acting)
        return
    substitutes = list(result.substitutes)
    for (seat, ends), member in zip(seats_to_fill(store, election), result.elected, strict=False):
        store.append(
            "mandate.elected",
            {
                "election": election.id,
                "council": election.council_id,
                "constituency": election.constituency_id,
                "seat": seat,
                "member": member,
                "starts": election.term_starts.isoformat(),
                "ends": ends.isoformat(),
                "via": _via(store, election, member),
                "substitutes": substitutes,
            },
            actor=acting.member,
            under=acting.under,
        )


def _give_office(store: Store, election: Election, result: Count, acting: Acting) -> None:
    """The winner holds the office for the charter's term (through their seat in a
    delegate council, so that recalling the seat ends the office too)."""
    for member in result.elected[:1]:
        ends = add_months(election.term_starts, election.term_months)
        store.append(
            "office.elected",
            {
                "election": election.id,
                "council": election.council_id,
                "office": election.office,
                "member": member,
                "starts": election.term_starts.isoformat(),
                "ends": ends.isoformat(),
                "via": _via(store, election, member),
            },
            actor=acting.member,
            under=acting.under,
        )


def _via(store: Store, election: Election, member_id: int) -> int | None:
    """The mandate in the constituency through which a delegate's new mandate is held."""
    _, constituency = seats_and_constituency(store, election)
    if constituency.kind == "base":
        return None
    try:
        under = standing(store, constituency, member_numbered(store, member_id))
    except Forbidden:
        return None
    return int(under.split(":")[1])


def candidate_in(store: Store, election: Election, member_id: int) -> Candidate | None:
    return next((c for c in store.candidates(election.id) if c.member_id == member_id), None)
