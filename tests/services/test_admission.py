"""A delegate council whose delegates sit gains a constituent only by its own decision,
at that constituent's own request: nobody packs it by joining with seats of their choice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from sovet.domain.errors import Conflict, Invalid, NotFound
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import AdmitConstituent, Motion
from sovet.services.authority import Actor
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.join_delegate_council import (
    JoinDelegateCouncil,
    Joining,
    join_delegate_council,
)
from sovet.services.open_election import OpenElection, open_election
from sovet.services.ports import Store

from .deliberation import Steps
from .federation import Federation, Region


@dataclass(frozen=True)
class Bakery:
    """A workplace outside the region: Dasha founded it, Lena works there."""

    dasha: Member
    lena: Member
    council: Council


@pytest.fixture
def bakery(federation: Federation) -> Bakery:
    dasha, lena = federation.register("Dasha"), federation.register("Lena")
    council = federation.found_base(dasha, "bakery", "Mill Street Bakery")
    federation.admit(dasha, council, lena)
    return Bakery(dasha, lena, council)


def joining(
    actor: Actor, council: Council | str, constituent: Council, seats: Any = 1
) -> Callable[[Store], Joining]:
    slug = council if isinstance(council, str) else council.slug
    request = JoinDelegateCouncil(council=slug, constituent=constituent.slug, seats=seats)
    return lambda store: join_delegate_council(store, request, actor=actor)


def admitting(constituent: Any, seats: Any = 1) -> dict[str, Any]:
    return {"kind": "admit_constituent", "constituent": constituent, "seats": seats}


def seats_of(federation: Federation, council: Council, constituent: Council) -> int:
    with federation.sovet.db.reading() as store:
        return store.seats_of(council.id, constituent.id)


def filed(
    steps: Steps, actor: Member, council: Council, *effects: dict[str, Any], **fields: Any
) -> Motion:
    return steps.file(
        actor,
        council,
        title="Admit the bakery",
        matter="delegation",
        effects=effects,
        **fields,
    )


def passed(steps: Steps, motion: Motion, voters: list[Member]) -> Motion:
    """Wait out the agenda, vote ``motion`` through with ``voters`` and close it."""
    vote = steps.to_the_vote(voters[0], motion)
    steps.vote_and_close(vote, dict.fromkeys(voters, "yes"), voters[0])
    return steps.motion(motion)


def test_an_outsider_cannot_pack_a_delegate_council_whose_delegates_sit(
    seated: Region, federation: Federation
) -> None:
    """The audit's attack: a shell council of 50 imported accounts joins with 50 seats."""
    mallory = federation.register("Mallory")
    shell = federation.found_base(mallory, "shell-co", "Shell Co")
    accounts = "".join(f"Sock {n},sock{n}@example.org\n" for n in range(50))
    federation.act(
        lambda store: import_members(
            store, ImportMembers(shell.slug, "name,email\n" + accounts), actor=mallory
        )
    )
    size, before = federation.record_size(), federation.state()
    joining_result = federation.act(joining(mallory, seated.regional, shell, seats=50))
    assert not joining_result.joined
    assert "awaits the decision of Northern Regional Council" in joining_result.message
    assert joining_result.message.endswith("by a resolution on delegation that admits it")
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "council.join_requested",
        mallory.id,
        f"membership:{shell.id}",
    )
    assert entry.payload == {"council": seated.regional.id, "constituent": shell.id, "seats": 50}
    after = federation.state()
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"record_entries", "record_checkpoints", "join_requests"}
    assert seats_of(federation, seated.regional, shell) == 0
    with federation.sovet.db.reading() as store:
        assert shell.id not in store.constituents()[seated.regional.id]
    election = OpenElection(seated.regional.slug, shell.slug)
    federation.refused(
        Invalid,
        lambda store: open_election(store, election, actor=mallory),
        "Shell Co fills no seats in Northern Regional Council",
    )
    federation.refused(
        Conflict,
        joining(mallory, seated.regional, shell, seats=50),
        "Shell Co has asked to join Northern Regional Council already",
        "awaits the decision of Northern Regional Council",
    )


def test_a_delegate_council_being_founded_is_joined_at_once(
    region: Region, federation: Federation, bakery: Bakery
) -> None:
    """No delegate has sat in it yet: its founding constituents join by their own act."""
    size = federation.record_size()
    result = federation.act(joining(bakery.dasha, region.regional, bakery.council, seats=2))
    assert result == Joining(
        True, "Mill Street Bakery joined Northern Regional Council with 2 seats"
    )
    [entry] = federation.entries(size)
    assert entry.kind == "council.joined"
    assert seats_of(federation, region.regional, bakery.council) == 2


def test_the_delegate_council_admits_a_council_that_asked_by_its_decision(
    seated: Region, federation: Federation, steps: Steps, bakery: Bakery
) -> None:
    federation.act(joining(bakery.dasha, seated.regional, bakery.council, seats=2))
    motion = filed(steps, seated.boris, seated.regional, admitting("bakery", 2))
    assert motion.effects == (AdmitConstituent("bakery", 2),)
    assert motion.state == "on_agenda"
    assert seats_of(federation, seated.regional, bakery.council) == 0
    vote = steps.to_the_vote(seated.boris, motion)
    steps.cast(seated.boris, vote, "yes")
    steps.cast(seated.gleb, vote, "yes")
    steps.clock.advance(days=7)
    size = federation.record_size()
    steps.close(seated.gleb, vote)
    closed, joined = federation.entries(size)
    assert closed.kind == "vote.closed"
    assert closed.payload["decision"]["lapsed"] is None
    assert (joined.kind, joined.actor, joined.under) == (
        "council.joined",
        seated.gleb.id,
        closed.under,
    )
    assert joined.payload == {
        "council": seated.regional.id,
        "constituent": bakery.council.id,
        "seats": 2,
    }
    assert steps.motion(motion).state == "passed"
    assert seats_of(federation, seated.regional, bakery.council) == 2
    mandates = federation.elect(seated.regional, bakery.council, bakery.dasha, bakery.lena)
    seats = {(mandate.council_id, mandate.seat_number) for mandate in mandates}
    assert seats == {(seated.regional.id, 1), (seated.regional.id, 2)}


def test_an_admission_by_id_with_fewer_seats_than_asked_for_joins_with_those(
    seated: Region, federation: Federation, steps: Steps, bakery: Bakery
) -> None:
    federation.act(joining(bakery.dasha, seated.regional, bakery.council, seats=3))
    motion = filed(steps, seated.boris, seated.regional, admitting(bakery.council.id, 1))
    passed(steps, motion, [seated.boris, seated.gleb])
    assert seats_of(federation, seated.regional, bakery.council) == 1


def test_an_admission_the_council_did_not_ask_for_is_refused(
    seated: Region, federation: Federation, steps: Steps, bakery: Bakery
) -> None:
    federation.refused(
        Conflict,
        steps.filing(
            seated.boris, seated.regional, matter="delegation", effects=[admitting("bakery")]
        ),
        "Mill Street Bakery has not asked to join Northern Regional Council",
        "only at its own request",
    )


def test_an_admission_into_a_council_other_than_the_one_asked_is_refused(
    seated: Region, federation: Federation, steps: Steps, bakery: Bakery
) -> None:
    """The bakery asked to join the congress, not the region."""
    congress = federation.found_delegate(
        seated.boris, "congress", "Congress of Councils", seated.regional
    )
    federation.elect(congress, seated.regional, seated.boris)
    asked = federation.act(joining(bakery.dasha, congress, bakery.council))
    assert not asked.joined
    federation.refused(
        Conflict,
        steps.filing(
            seated.boris, seated.regional, matter="delegation", effects=[admitting("bakery")]
        ),
        "Mill Street Bakery has not asked to join Northern Regional Council",
    )


@pytest.mark.parametrize(
    ("fields", "error", "words"),
    [
        (
            {"effects": [admitting("bakery", 3)]},
            Invalid,
            "effects: Mill Street Bakery asked for 2 seats in Northern Regional Council, not 3",
        ),
        (
            {"effects": [admitting("bakery")], "matter": "coordination"},
            Invalid,
            "matter: a resolution that admits a constituent is on 'delegation', not 'coordination'",
        ),
        (
            {"effects": [admitting("bakery"), admitting("bakery")]},
            Invalid,
            "effects: a resolution admits one constituent at most",
        ),
        (
            {"effects": [admitting("no-such-council")]},
            NotFound,
            "effects: there is no council 'no-such-council'",
        ),
        (
            {"effects": [admitting("textile-mill")]},
            Conflict,
            "Textile Mill already seats delegates in Northern Regional Council",
        ),
    ],
    ids=["more-seats", "wrong-matter", "twice", "unknown", "already-seated"],
)
def test_a_wrong_admission_is_refused_at_filing_naming_what_is_wrong(
    seated: Region,
    federation: Federation,
    steps: Steps,
    bakery: Bakery,
    fields: dict[str, Any],
    error: type[Conflict],
    words: str,
) -> None:
    federation.act(joining(bakery.dasha, seated.regional, bakery.council, seats=2))
    fields = {"matter": "delegation", **fields}
    federation.refused(error, steps.filing(seated.boris, seated.regional, **fields), words)


def test_a_base_council_admits_no_constituent(
    seated: Region, federation: Federation, steps: Steps, bakery: Bakery
) -> None:
    federation.act(joining(bakery.dasha, seated.regional, bakery.council))
    federation.refused(
        Invalid,
        steps.filing(seated.ana, seated.works, matter="delegation", effects=[admitting("bakery")]),
        "Tractor Works is a base council; only a delegate council admits constituents",
    )


def test_a_join_asked_of_a_base_council_or_closing_a_cycle_is_refused_as_before(
    seated: Region, federation: Federation
) -> None:
    congress = federation.found_delegate(
        seated.boris, "congress", "Congress of Councils", seated.regional
    )
    federation.elect(congress, seated.regional, seated.boris)
    federation.refused(
        Conflict,
        joining(seated.boris, seated.regional, congress),
        "joining would make the federation a cycle",
    )
    federation.refused(
        Invalid,
        joining(seated.vera, seated.works, seated.mill),
        "Tractor Works is a base council",
    )


def test_an_admission_lapses_when_the_council_already_sits_there_by_then(
    seated: Region, federation: Federation, steps: Steps, bakery: Bakery
) -> None:
    federation.act(joining(bakery.dasha, seated.regional, bakery.council, seats=2))
    first = filed(steps, seated.boris, seated.regional, admitting("bakery", 2))
    second = filed(steps, seated.gleb, seated.regional, admitting("bakery", 1))
    vote_first = steps.to_the_vote(seated.boris, first)
    [vote_second] = steps.votes_on(second)
    for vote in (vote_first, vote_second):
        steps.cast(seated.boris, vote, "yes")
        steps.cast(seated.gleb, vote, "yes")
    steps.clock.advance(days=7)
    size = federation.record_size()
    steps.close(seated.boris, vote_first)
    kinds = [(e.kind, e.payload.get("decision")) for e in federation.entries(size)]
    assert [kind for kind, _ in kinds] == ["vote.closed", "council.joined", "vote.closed"]
    lapsed = kinds[2][1]
    assert lapsed is not None
    assert (
        lapsed["lapsed"]
        == "Mill Street Bakery already seats delegates in Northern Regional Council"
    )
    assert seats_of(federation, seated.regional, bakery.council) == 2


def test_an_admission_lapses_when_joining_would_close_a_cycle_by_then(
    seated: Region, federation: Federation, steps: Steps
) -> None:
    """The congress and the union each ask to join the other, and each files to admit the
    other; once the union has admitted the congress, the congress cannot admit the union."""
    congress = federation.found_delegate(
        seated.boris, "congress", "Congress of Councils", seated.regional
    )
    federation.elect(congress, seated.regional, seated.boris)
    union = federation.found_delegate(
        seated.vera, "textile-union", "Textile Workers' Union", seated.mill
    )
    federation.elect(union, seated.mill, seated.vera)
    assert not federation.act(joining(seated.vera, congress, union)).joined
    assert not federation.act(joining(seated.boris, union, congress)).joined
    into_congress = filed(steps, seated.boris, congress, admitting("textile-union"))
    into_union = filed(steps, seated.vera, union, admitting("congress"))
    vote_congress = steps.to_the_vote(seated.boris, into_congress)
    [vote_union] = steps.open(seated.vera, into_union)
    steps.cast(seated.boris, vote_congress, "yes")
    steps.cast(seated.vera, vote_union, "yes")
    steps.clock.advance(days=7)
    steps.close(seated.vera, vote_union)
    assert seats_of(federation, union, congress) == 1
    size = federation.record_size()
    steps.close(seated.boris, vote_congress)
    [closed] = federation.entries(size)
    assert closed.payload["passed"]
    assert closed.payload["decision"]["lapsed"].startswith(
        "joining would make the federation a cycle: Textile Workers' Union → Congress of Councils"
    )
    assert seats_of(federation, congress, union) == 0
