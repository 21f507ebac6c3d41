"""Amendments: to a passage of a motion's text, voted before the motion; accepted ones
are merged and every version of the text is kept."""

from __future__ import annotations

from typing import Any

import pytest

from sovet.domain.errors import Conflict, Forbidden, Invalid, Refused
from sovet.services.propose_amendment import AmendText, propose_amendment

from .deliberation import AGENDA_DAYS, TEXT, VOTING_DAYS, Steps, Works, build_works
from .federation import Clock, Federation
from .recalling import REASONS, build_recallable, petitioning, signing


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation)


def test_a_member_proposes_an_amendment_to_a_passage(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.file(works.ana, works.council)
    size = federation.record_size()
    amendment = steps.amend(works.vera, motion, "six hour", "five hour")
    assert (amendment.state, amendment.version, amendment.proposed_by) == (
        "pending",
        1,
        works.vera.id,
    )
    [entry] = federation.entries(size)
    assert entry.kind == "amendment.proposed"
    assert entry.payload == {
        "motion": motion.id,
        "original": "six hour",
        "replacement": "five hour",
        "version": 1,
    }
    [shown] = steps.view(motion).amendments
    assert "-The works moves to a six hour shift." in shown.diff
    assert "+The works moves to a five hour shift." in shown.diff


@pytest.mark.parametrize(
    ("original", "replacement", "words"),
    [
        (
            "seven hour",
            "five hour",
            "original: the passage 'seven hour' does not occur in the motion's text; quote it "
            "exactly as the text has it",
        ),
        (
            "The",
            "A",
            "original: the passage 'The' occurs 2 times in the motion's text; quote more of the "
            "words around it, so that it occurs only once",
        ),
        ("  ", "x", "original: name the passage of the text to amend"),
        ("six hour", "six hour", "replacement: is the same as the passage it would replace"),
        ("six hour", "y" * 20_001, "replacement: at most 20000 characters, not 20001"),
        ("six hour", "y" * 19_990, "the amended text would be over 20000 characters"),
        (TEXT, "", "replacement: the amended text would be empty"),
        ("six hour", "\x00", "replacement: contains a control or unassigned character (0x0)"),
        (None, "x", "original: expected text, not NoneType"),
    ],
)
def test_a_malformed_amendment_is_refused_naming_the_problem(
    works: Works,
    steps: Steps,
    federation: Federation,
    original: Any,
    replacement: Any,
    words: str,
) -> None:
    motion = steps.file(works.ana, works.council)
    federation.refused(Invalid, steps.amending(works.vera, motion, original, replacement), words)


def test_a_member_amends_by_the_whole_text_as_they_would_have_it(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.file(works.ana, works.council)
    size = federation.record_size()
    edited = TEXT.replace("six hour", "five hour").replace("\n", "\r\n") + "\r\n"
    request = AmendText(motion.id, edited)
    amendment = federation.act(lambda store: propose_amendment(store, request, actor=works.vera))
    assert (amendment.original, amendment.replacement) == ("six", "five")
    [entry] = federation.entries(size)
    assert entry.payload == {
        "motion": motion.id,
        "original": "six",
        "replacement": "five",
        "version": 1,
    }
    [shown] = steps.view(motion).amendments
    assert "+The works moves to a five hour shift." in shown.diff


@pytest.mark.parametrize(
    ("who", "text", "error", "words"),
    [
        ("vera", TEXT, Invalid, "text: is the motion's text unchanged; change the words you"),
        ("vera", "", Invalid, "text: must not be empty; to strike a passage out, delete only"),
        ("lev", TEXT, Forbidden, "Lev is not a member of Tractor Works"),
    ],
)
def test_a_whole_text_unchanged_or_empty_or_from_outside_the_council_is_refused(
    works: Works,
    steps: Steps,
    federation: Federation,
    who: str,
    text: str,
    error: type[Refused],
    words: str,
) -> None:
    motion = steps.file(works.ana, works.council)
    actor = works.vera if who == "vera" else federation.register("Lev")
    request = AmendText(motion.id, text)
    federation.refused(error, lambda store: propose_amendment(store, request, actor=actor), words)


def test_amending_a_closed_motion_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.decided(works)
    federation.refused(
        Conflict,
        steps.amending(works.vera, motion, "six hour", "five hour"),
        "amending: the motion 'Six hour shifts' is closed (passed)",
    )


def test_amending_once_voting_has_opened_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.scheduled(works)
    steps.to_the_vote(works.ana, motion)
    federation.refused(
        Conflict,
        steps.amending(works.vera, motion, "six hour", "five hour"),
        "amending: voting on the motion 'Six hour shifts' has opened",
    )


def test_amendments_are_voted_first_and_the_accepted_ones_merged_into_new_versions(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    shorter = steps.amend(works.vera, motion, "six hour", "five hour")
    later = steps.amend(works.gleb, motion, "in June", "in September")
    clock.advance(days=AGENDA_DAYS)
    votes = steps.open(works.dasha, motion)
    assert [(v.subject, v.amendment_id) for v in votes] == [
        ("amendment", shorter.id),
        ("amendment", later.id),
    ]
    assert steps.motion(motion).state == "amending"
    federation.refused(
        Conflict,
        steps.amending(works.ana, motion, "The works", "Our works"),
        "voting on the motion 'Six hour shifts' has opened",
    )
    for member in works.members:
        steps.cast(member, votes[0], "yes")
        steps.cast(member, votes[1], "no")
    clock.advance(days=VOTING_DAYS)
    size = federation.record_size()
    steps.close(works.ana, votes[0])
    kinds = [e.kind for e in federation.entries(size)]
    assert kinds == ["vote.closed", "vote.closed", "motion.amended", "vote.opened"]
    amended = steps.motion(motion)
    assert (amended.state, amended.version) == ("voting", 2)
    view = steps.view(motion)
    assert view.text == TEXT.replace("six hour", "five hour")
    assert [v.number for v in view.versions] == [1, 2]
    assert view.versions[0].text == TEXT
    assert view.versions[1].amendment_id == shorter.id
    assert "+The works moves to a five hour shift." in view.versions[1].diff
    assert [a.amendment.state for a in view.amendments] == ["accepted", "rejected"]
    [_, _, motion_vote] = steps.votes_on(motion)
    assert motion_vote.subject == "motion"
    steps.vote_and_close(motion_vote, {m: "yes" for m in works.members}, works.ana)
    decision = steps.decision(motion)
    assert decision is not None and decision.version == 2
    final = steps.view(motion).decision
    assert final is not None and final.text == TEXT.replace("six hour", "five hour")


def test_an_accepted_amendment_whose_passage_an_earlier_one_changed_lapses(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    steps.amend(works.vera, motion, "six hour shift", "five hour shift")
    steps.amend(works.gleb, motion, "six hour", "seven hour")
    clock.advance(days=AGENDA_DAYS)
    votes = steps.open(works.dasha, motion)
    for vote in votes:
        for member in works.members:
            steps.cast(member, vote, "yes")
    clock.advance(days=VOTING_DAYS)
    size = federation.record_size()
    steps.close(works.ana, votes[1])
    kinds = [e.kind for e in federation.entries(size)]
    assert kinds == [
        "vote.closed",
        "vote.closed",
        "motion.amended",
        "amendment.lapsed",
        "vote.opened",
    ]
    view = steps.view(motion)
    assert view.text == TEXT.replace("six hour", "five hour")
    assert [a.amendment.state for a in view.amendments] == ["accepted", "lapsed"]


@pytest.mark.parametrize("signed", [False, True], ids=["gathering_signatures", "on_agenda"])
def test_a_recall_petition_takes_no_amendments_and_is_voted_as_petitioned(
    federation: Federation, steps: Steps, clock: Clock, signed: bool
) -> None:
    """An amendment's vote would come before the recall's and put it off by a voting
    period."""
    fed = build_recallable(federation)
    assert "six hour shift" in REASONS
    petition = federation.act(petitioning(fed.dasha, fed.seat))
    if signed:
        petition = federation.act(signing(fed.ana, petition))
    assert petition.state == ("on_agenda" if signed else "filed")
    federation.refused(
        Conflict,
        steps.amending(fed.boris, petition, "six hour shift", "eight hour shift"),
        f"amending: motion {petition.id} is a recall petition",
        "a recall is voted as petitioned",
    )
    assert steps.view(petition).amendments == []
    if signed:
        clock.advance(days=AGENDA_DAYS)
        [vote] = steps.open(fed.ana, petition)
        assert (vote.subject, vote.motion_id) == ("motion", petition.id)
