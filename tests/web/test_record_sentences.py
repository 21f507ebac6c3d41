"""Every kind of entry reads as a sentence with links to what it names, and a secret
ballot's entry says that the member voted, never how."""

from __future__ import annotations

import pytest

from sovet.adapters.record_names import CouncilName, MotionName, RecordNames, VoteName
from sovet.record.entry import Entry
from sovet.record.kinds import KINDS, RETIRED
from sovet.web.record_view import Link, Names, describe, references, wanted

CRANES = CouncilName(3, "harbour-cranes", "Harbour Crane Works")
PLAN_PART = MotionName(2172, "Accept our part of the plan", CRANES.id)
NAMES = Names(
    RecordNames(
        members={7: "Pavel Okafor"},
        councils={CRANES.id: CRANES},
        motions={PLAN_PART.id: PLAN_PART},
        votes={
            2180: VoteName(2180, PLAN_PART.id, "motion", secret=False),
            2190: VoteName(2190, PLAN_PART.id, "motion", secret=True),
        },
    )
)


def entry(kind: str, payload: dict[str, object], *, actor: int | None = 7) -> Entry:
    return Entry(
        position=2200,
        time="2026-08-01T09:00:00.000000Z",
        kind=kind,
        version=KINDS[kind],
        actor=actor,
        under="membership:3",
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
