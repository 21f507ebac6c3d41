"""A base council expels a member only by its decision, a resolution on membership; when
it passes, the membership ends, and so do the seats and offices held under it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import ElectOfficer
from sovet.adapters.record_names import CouncilName, RecordNames
from sovet.domain.errors import Forbidden, Invalid
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.recall import EXPELLED
from sovet.web.record_view import Names, describe

from .deliberation import AGENDA_DAYS, VOTING_DAYS, Steps, build_works
from .federation import Federation, Region
from .membership import on_membership, passed, refusing


def expelling(member: int, grounds: str = "conduct") -> dict[str, Any]:
    return {"kind": "expel_member", "member": member, "grounds": grounds}


def test_a_passed_expulsion_ends_the_membership_and_the_seat_held_for_it(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation)
    joint = federation.found_delegate(works.ana, "joint", "Joint Council", works.council)
    [seat] = federation.elect(joint, works.council, works.gleb, substitutes=[works.dasha])
    motion = on_membership(steps, works, "Expel Gleb", expelling(works.gleb.id))
    size = federation.record_size()

    passed(steps, works, motion, works.ana, works.boris, works.vera)

    assert not federation.is_member(works.council, works.gleb)
    entries = federation.entries(size)
    [expelled] = [e for e in entries if e.kind == "member.expelled"]
    assert expelled.payload == {
        "council": works.council.id,
        "member": works.gleb.id,
        "grounds": "conduct",
        "motion": motion.id,
    }
    council = CouncilName(works.council.id, works.council.slug, works.council.name)
    names = Names(RecordNames(members={works.gleb.id: "Gleb"}, councils={council.id: council}))
    assert str(describe(expelled, names)) == (
        "Gleb expelled from Tractor Works by its decision (grounds: conduct)"
    )
    [ended] = [e for e in entries if e.kind == "mandate.ended"]
    assert ended.position > expelled.position
    assert (ended.payload["mandate"], ended.payload["reason"]) == (seat.id, EXPELLED)
    assert ended.payload["successor"]["member"] == works.dasha.id
    with federation.sovet.db.reading() as store:
        holders = [m.member_id for m in store.mandates_in(joint.id) if m.ended_on is None]
    assert holders == [works.dasha.id]


def test_an_expelled_officer_loses_the_office_and_may_not_act_in_the_council(
    federation: Federation, steps: Steps, elect_officer: ElectOfficer
) -> None:
    works = build_works(federation, {"offices": {"secretary": ["moderate"]}})
    electors = [works.ana, works.boris, works.vera, works.gleb, works.dasha]
    office = elect_officer(federation.sovet, works.council.slug, "secretary", works.gleb, electors)
    motion = on_membership(steps, works, "Expel Gleb", expelling(works.gleb.id))
    passed(steps, works, motion, works.ana, works.boris, works.vera)

    with federation.sovet.db.reading() as store:
        [held] = [m for m in store.offices_in(works.council.id) if m.id == office.id]
    assert held.end_reason == EXPELLED
    federation.refused(
        Forbidden,
        steps.filing(works.gleb, works.council),
        "Gleb is not a member of Tractor Works",
    )


def test_a_vote_opened_before_the_expulsion_takes_no_ballot_from_the_expelled(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation)
    expulsion = on_membership(steps, works, "Expel Gleb", expelling(works.gleb.id))
    steps.clock.advance(days=1)
    other = steps.support(works.boris, steps.file(works.ana, works.council))
    steps.clock.advance(days=AGENDA_DAYS - 1)
    [vote] = steps.open(works.ana, expulsion)
    for voter in (works.ana, works.boris, works.vera):
        steps.cast(voter, vote, "yes")
    steps.clock.advance(days=1)
    [still_open] = steps.open(works.ana, other)
    steps.clock.advance(days=VOTING_DAYS - 1)
    steps.close(works.vera, vote)
    assert not federation.is_member(works.council, works.gleb)
    assert steps.clock() < still_open.closes
    federation.refused(
        Forbidden,
        lambda store: cast_vote(store, CastVote(still_open.id, "no"), actor=works.gleb),
        "your membership of Tractor Works ended",
    )


def test_an_expulsion_lapses_when_the_member_was_expelled_first(
    federation: Federation, steps: Steps, tmp_path: Path
) -> None:
    """Two resolutions expel Gleb: the second to pass lapses. The record replays to the
    same state."""
    works = build_works(federation)
    first = on_membership(steps, works, "Expel Gleb", expelling(works.gleb.id))
    second = on_membership(steps, works, "Expel Gleb", expelling(works.gleb.id, "left_workplace"))
    steps.clock.advance(days=AGENDA_DAYS)
    [one] = steps.open(works.ana, first)
    [two] = steps.votes_on(second)
    for vote in (one, two):
        for voter in (works.ana, works.boris, works.vera):
            steps.cast(voter, vote, "yes")
    steps.clock.advance(days=VOTING_DAYS)
    steps.close(works.vera, one)

    closed = [e.payload for e in federation.entries() if e.kind == "vote.closed"]
    assert [c["decision"]["lapsed"] for c in closed] == [
        None,
        f"member {works.gleb.id} is no longer a member of Tractor Works",
    ]
    assert [e.kind for e in federation.entries()].count("member.expelled") == 1
    federation.replays_the_same(tmp_path)


def test_an_expulsion_of_a_non_member_twice_or_off_membership_is_refused(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation)
    lev = federation.register("Lev")
    refused = refusing(federation, steps, works)
    refused([expelling(lev.id)], "effects: Lev is not a member of Tractor Works")
    refused(
        [expelling(works.gleb.id), expelling(works.dasha.id)],
        "effects: a resolution expels one member at most",
    )
    refused(
        [expelling(works.gleb.id)],
        "matter: a resolution that expels a member is on 'membership', not 'workplace organisation'",
        matter="workplace_organisation",
    )


def test_a_delegate_council_expels_nobody(
    seated: Region, federation: Federation, steps: Steps
) -> None:
    federation.refused(
        Invalid,
        steps.filing(
            seated.boris,
            seated.regional,
            matter="membership",
            effects=[expelling(seated.boris.id)],
        ),
        "Northern Regional Council is a delegate council: it has no members to expel",
    )
