"""Once founded, a base council admits members by its decision: a resolution on
membership whose admit_members effect lists them, voted by secret ballot. Nobody packs it
alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sovet.domain.errors import Invalid
from sovet.domain.motions import MAX_ADMITTED, AdmitMembers
from sovet.domain.text import MAX_ID
from sovet.services.admit_member import AdmitMember, admit_member

from .deliberation import AGENDA_DAYS, VOTING_DAYS, Steps, build_works
from .federation import Federation, Region
from .membership import on_membership, passed, refusing

POWER = {"member_powers": ["keep_books", "admit_members"]}


def admitting(*members: Any) -> dict[str, Any]:
    return {"kind": "admit_members", "members": list(members)}


def test_a_passed_resolution_on_membership_admits_everyone_it_lists(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation)
    lev, nadia = federation.register("Lev"), federation.register("Nadia")
    motion = on_membership(steps, works, "Admit the night shift", admitting(lev.id, nadia.id))
    assert motion.effects == (AdmitMembers((lev.id, nadia.id)),)
    assert not federation.is_member(works.council, lev)
    size = federation.record_size()
    vote = steps.to_the_vote(works.ana, motion)
    assert vote.secret, "a vote on whom to admit is about persons"
    steps.vote_and_close(
        vote, dict.fromkeys((works.ana, works.boris, works.gleb), "yes"), works.vera
    )
    closed, *admitted = federation.entries(size)[-3:]
    assert closed.kind == "vote.closed"
    assert closed.payload["decision"]["lapsed"] is None
    assert [(e.kind, e.actor, e.under, e.payload) for e in admitted] == [
        (
            "member.admitted",
            works.vera.id,
            closed.under,
            {"council": works.council.id, "member": m.id},
        )
        for m in (lev, nadia)
    ]
    assert federation.is_member(works.council, lev)
    assert federation.is_member(works.council, nadia)


def test_those_who_became_members_meanwhile_are_not_admitted_twice(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation, POWER)
    lev, nadia = federation.register("Lev"), federation.register("Nadia")
    motion = on_membership(steps, works, "Admit the night shift", admitting(lev.id, nadia.id))
    federation.act(
        lambda store: admit_member(store, AdmitMember(works.council.slug, lev.id), actor=works.ana)
    )
    size = federation.record_size()
    passed(steps, works, motion, works.ana, works.boris, works.gleb)
    admitted = [
        e.payload["member"] for e in federation.entries(size) if e.kind == "member.admitted"
    ]
    assert admitted == [nadia.id]


def test_the_decision_lapses_when_everyone_it_lists_became_a_member_meanwhile(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation, POWER)
    lev = federation.register("Lev")
    motion = on_membership(steps, works, "Admit the night shift", admitting(lev.id))
    federation.act(
        lambda store: admit_member(store, AdmitMember(works.council.slug, lev.id), actor=works.ana)
    )
    size = federation.record_size()
    passed(steps, works, motion, works.ana, works.boris, works.gleb)
    entries = federation.entries(size)
    assert "member.admitted" not in [e.kind for e in entries]
    [closed] = [e for e in entries if e.kind == "vote.closed"]
    assert closed.payload["passed"]
    assert (
        closed.payload["decision"]["lapsed"] == "every member it admits became a member meanwhile"
    )
    assert steps.motion(motion).state == "passed"


def test_an_admission_that_lists_someone_unregistered_or_a_member_is_refused_naming_them(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation)
    lev = federation.register("Lev")
    refused = refusing(federation, steps, works)
    refused([admitting(lev.id, 999)], "effects.members[1]: there is no registered member 999")
    refused(
        [admitting(lev.id, works.boris.id)],
        "effects.members[1]: Boris (member",
        "is already a member of Tractor Works",
    )


def test_an_admission_that_lists_someone_twice_or_too_many_is_refused(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation)
    lev = federation.register("Lev")
    refused = refusing(federation, steps, works)
    refused([admitting(lev.id, lev.id)], f"effects[0].members[1]: member {lev.id} is listed twice")
    refused(
        [admitting(*range(MAX_ADMITTED + 1))],
        f"effects[0].members: a list of 1 to {MAX_ADMITTED} members' ids",
    )
    refused([admitting()], f"effects[0].members: a list of 1 to {MAX_ADMITTED} members' ids")
    for wrong in (-1, MAX_ID + 1, "7", True):
        refused([admitting(wrong)], "effects[0].members[0]: expected an id")
    refused(
        [admitting(lev.id), admitting(lev.id)],
        "effects: a resolution has one admit_members effect at most",
    )


def test_an_admission_is_on_membership_only(federation: Federation, steps: Steps) -> None:
    works = build_works(federation)
    lev = federation.register("Lev")
    refused = refusing(federation, steps, works)
    refused(
        [admitting(lev.id)],
        "matter: a resolution that admits members is on 'membership', not 'workplace organisation'",
        matter="workplace_organisation",
    )


def test_a_delegate_council_admits_no_members_by_decision(
    seated: Region, federation: Federation, steps: Steps
) -> None:
    lev = federation.register("Lev")
    federation.refused(
        Invalid,
        steps.filing(
            seated.boris, seated.regional, matter="membership", effects=[admitting(lev.id)]
        ),
        "Northern Regional Council is a delegate council",
        "it admits no members",
    )


def test_the_record_of_admissions_by_decision_replays_to_the_same_state(
    federation: Federation, steps: Steps, tmp_path: Path
) -> None:
    """Admitted during founding, by decision, by the members' power, and a decision that
    lapsed: replaying the record alone rebuilds every table."""
    works = build_works(federation, POWER)
    lev, nadia = federation.register("Lev"), federation.register("Nadia")
    admitting_both = on_membership(
        steps, works, "Admit the night shift", admitting(lev.id, nadia.id)
    )
    admitting_lev = on_membership(steps, works, "Admit the night shift", admitting(lev.id))
    federation.act(
        lambda store: admit_member(store, AdmitMember(works.council.slug, lev.id), actor=works.ana)
    )
    steps.clock.advance(days=AGENDA_DAYS)
    [first] = steps.open(works.ana, admitting_both)
    [second] = steps.votes_on(admitting_lev)
    for vote in (first, second):
        for voter in (works.ana, works.boris, works.gleb):
            steps.cast(voter, vote, "yes")
    steps.clock.advance(days=VOTING_DAYS)
    steps.close(works.vera, first)
    assert federation.is_member(works.council, nadia)
    decisions = [
        e.payload["decision"]["lapsed"] for e in federation.entries() if e.kind == "vote.closed"
    ]
    assert decisions == [None, "every member it admits became a member meanwhile"]
    federation.replays_the_same(tmp_path)


def test_an_admission_lapses_saying_why_in_words_once_the_council_no_longer_decides_membership(
    federation: Federation, steps: Steps
) -> None:
    """A charter amendment voted alongside, and closed first, takes membership out of the
    council's competence: the admission lapses."""
    works = build_works(federation)
    lev = federation.register("Lev")
    amendment = steps.scheduled(
        works,
        kind="charter_amendment",
        matter="",
        title="Membership leaves our competence",
        effects=[{"kind": "amend_charter", "changes": {"decides": ["books", "delegation"]}}],
    )
    motion = on_membership(steps, works, "Admit the night shift", admitting(lev.id))
    first = steps.to_the_vote(works.ana, amendment)
    [second] = steps.votes_on(motion)
    for vote in (first, second):
        for voter in (works.ana, works.boris, works.vera):
            steps.cast(voter, vote, "yes")
    steps.clock.advance(days=VOTING_DAYS)
    size = federation.record_size()
    steps.close(works.ana, first)
    closed = [e for e in federation.entries(size) if e.kind == "vote.closed"]
    assert [e.payload["decision"]["lapsed"] for e in closed] == [
        None,
        "members are admitted only by a resolution on membership of the base council that "
        "admits them",
    ]
    assert not federation.is_member(works.council, lev)
