"""Every kind of entry reads as a sentence with links to what it names, and a secret
ballot's entry says that the member voted, never how."""

from __future__ import annotations

import pytest

from sovet.adapters.record_names import (
    CouncilName,
    MandateName,
    MotionName,
    RecordNames,
    VoteName,
)
from sovet.record.entry import Entry
from sovet.record.kinds import KINDS, RETIRED
from sovet.record.standing import FORMS, SELF
from sovet.web.record_view import Link, Names, describe, references, wanted

CRANES = CouncilName(3, "harbour-cranes", "Harbour Crane Works")
JOINT = CouncilName(5, "joint-economic", "Joint Economic Council")
PLAN_PART = MotionName(2172, "Accept our part of the plan", CRANES.id)
DELEGATE = MandateName(40, 7, JOINT.id, None, CRANES.id)
SECRETARY = MandateName(41, 7, CRANES.id, "secretary")
NAMES = Names(
    RecordNames(
        members={7: "Pavel Okafor"},
        councils={CRANES.id: CRANES, JOINT.id: JOINT},
        motions={PLAN_PART.id: PLAN_PART},
        votes={
            2180: VoteName(2180, PLAN_PART.id, "motion", secret=False),
            2190: VoteName(2190, PLAN_PART.id, "motion", secret=True),
        },
        mandates={DELEGATE.id: DELEGATE, SECRETARY.id: SECRETARY},
    )
)
UNDER = {
    SELF: SELF,
    "membership": f"membership:{CRANES.id}",
    "mandate": f"mandate:{DELEGATE.id}",
    "office": f"office:{SECRETARY.id}",
}
"""An act's standing in each form, naming what ``NAMES`` knows."""


def entry(
    kind: str, payload: dict[str, object], *, actor: int | None = 7, under: str = "membership:3"
) -> Entry:
    return Entry(
        position=2200,
        time="2026-08-01T09:00:00.000000Z",
        kind=kind,
        version=KINDS[kind],
        actor=actor,
        under=under,
        payload=payload,
    )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_reads_as_a_sentence_not_its_code(kind: str) -> None:
    """Retired kinds too: an old record stays readable."""
    said = str(describe(entry(kind, {}), NAMES))
    assert said != f"{kind} (version {KINDS[kind]})"
    assert kind not in said


def test_retired_kinds_are_kinds_still_described() -> None:
    assert set(RETIRED) <= set(KINDS)


def test_an_open_vote_cast_names_the_voter_the_choice_and_the_motion_with_links() -> None:
    cast = entry(
        "vote.cast", {"vote": 2180, "secret": False, "choice": "yes", "against_instruction": None}
    )
    said = describe(cast, NAMES)
    assert str(said) == (
        "Pavel Okafor voted yes on “Accept our part of the plan” (Harbour Crane Works)"
    )
    assert said.links == [
        Link("Pavel Okafor", "/members/7"),
        Link("“Accept our part of the plan”", "/motions/2172"),
        Link("Harbour Crane Works", "/councils/harbour-cranes"),
    ]


def test_a_secret_vote_cast_says_who_voted_and_never_how() -> None:
    cast = entry("vote.cast", {"vote": 2190, "secret": True})
    said = str(describe(cast, NAMES))
    assert said == (
        "Pavel Okafor cast a secret ballot on “Accept our part of the plan” (Harbour Crane Works)"
    )
    assert not {"yes", "no", "abstain"} & set(said.replace("(", " ").split())


def test_a_motion_supported_and_a_comment_link_to_the_motion_and_the_comment() -> None:
    supported = describe(entry("motion.supported", {"motion": 2172}), NAMES)
    assert str(supported) == (
        "Pavel Okafor supported “Accept our part of the plan” (Harbour Crane Works)"
    )
    comment = entry(
        "comment.posted", {"motion": 2172, "amendment": None, "reply_to": None, "text": "Aye"}
    )
    assert Link("commented", "/motions/2172#comment-2200") in describe(comment, NAMES).links


def test_a_sentence_in_a_page_escapes_its_words_and_keeps_its_links() -> None:
    names = Names(RecordNames(members={7: "<b>Pavel</b>"}))
    said = describe(entry("faction.formed", {"name": "Left & Right", "platform": ""}), names)
    assert said.__html__() == (
        '<a href="/members/7">&lt;b&gt;Pavel&lt;/b&gt;</a> formed the faction '
        '<a href="/factions/2200">Left &amp; Right</a>'
    )


def test_a_page_asks_for_every_id_its_entries_name_once() -> None:
    entries = [
        entry("vote.cast", {"vote": 2180, "secret": True}),
        entry("motion.supported", {"motion": 2172}, actor=8),
        entry("mandate.ended", {"mandate": 40, "successor": {"member": 9}, "on": "2026-08-01"}),
        entry("election.counted", {"election": 50, "places": [[11, 1, "elected"]]}),
    ]
    ids = wanted(entries)
    assert ids.members == {7, 8, 9, 11}
    assert (ids.votes, ids.motions, ids.mandates, ids.elections) == ({2180}, {2172}, {40}, {50})


def test_an_entry_page_names_and_links_each_id_in_the_payload() -> None:
    supported = entry("motion.supported", {"motion": 2172})
    [(field, named)] = references(supported, NAMES)
    assert field == "payload.motion"
    assert Link("“Accept our part of the plan”", "/motions/2172") in named.links


@pytest.mark.parametrize("form", FORMS)
def test_every_standing_an_act_is_done_under_reads_in_words_not_its_code(form: str) -> None:
    """The forms are the record's own list, which ``Store.append`` holds every act to:
    a form added to it without words fails here."""
    said = str(NAMES.standing(UNDER.get(form, f"{form}:{DELEGATE.id}")))
    assert form not in said
    assert ":" not in said and "“" not in said


def test_a_standing_names_the_council_the_seat_or_the_office_with_links() -> None:
    member = NAMES.standing(UNDER["membership"])
    assert str(member) == "as a member of Harbour Crane Works"
    assert member.links == [Link("Harbour Crane Works", "/councils/harbour-cranes")]
    delegate = NAMES.standing(UNDER["mandate"])
    assert str(delegate) == "as delegate of Harbour Crane Works to Joint Economic Council"
    assert Link("Joint Economic Council", "/councils/joint-economic") in delegate.links
    assert str(NAMES.standing(UNDER["office"])) == "as the secretary of Harbour Crane Works"
    assert str(NAMES.standing(SELF)) == "in their own name"


def test_a_page_asks_for_the_council_or_mandate_each_act_was_done_under() -> None:
    entries = [
        entry("motion.supported", {"motion": 2172}, under=under)
        for under in (UNDER["membership"], UNDER["mandate"], UNDER["office"], SELF)
    ]
    ids = wanted(entries)
    assert ids.councils == {CRANES.id}
    assert ids.mandates == {DELEGATE.id, SECRETARY.id}


def test_a_mandate_ended_says_why_in_words() -> None:
    ended = entry("mandate.ended", {"mandate": DELEGATE.id, "reason": "stood_down"})
    assert str(describe(ended, NAMES)) == (
        "Pavel Okafor's seat in Joint Economic Council ended (stood down); the seat is "
        "vacant: a by-election is due"
    )


def test_a_charter_restored_names_each_rule_and_its_value_in_words() -> None:
    restored = entry(
        "charter.restored",
        {
            "council": CRANES.id,
            "motion": PLAN_PART.id,
            "charter": {"quorum": 0.5, "voting_period_days": 7, "member_powers": ["keep_books"]},
            "restored": ["member_powers", "quorum", "voting_period_days"],
            "kept": [],
        },
    )
    assert str(describe(restored, NAMES)) == (
        "the charter of Harbour Crane Works restored (the powers of every member to keep the "
        "books; the quorum to 50%; the voting period to 7 days): the referendum overturned the "
        "decision on “Accept our part of the plan” (Harbour Crane Works)"
    )


def test_a_vote_opened_says_until_what_minute_it_is_open() -> None:
    """A congress votes for hours: the day alone would not say when the vote closes."""
    opened = entry(
        "vote.opened",
        {
            "motion": PLAN_PART.id,
            "subject": "motion",
            "secret": False,
            "eligible": 400,
            "closes": "2026-08-01T11:00:00.000000Z",
        },
    )
    said = str(describe(opened, NAMES))
    assert said.endswith(", by open vote, 400 voters, until 2026-08-01 11:00 UTC"), said
