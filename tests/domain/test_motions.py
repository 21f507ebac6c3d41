"""Motions as data: effects, competence, amendments and their diffs, Markdown, factions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sovet.domain.charter import BASE_DEFAULT, Charter
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden, Invalid
from sovet.domain.factions import check_faction_rights
from sovet.domain.federation import Council
from sovet.domain.motions import (
    AMENDMENT_WORDS,
    KIND_WORDS,
    MAX_ADMITTED,
    STATE_WORDS,
    AdmitConstituent,
    AdmitMembers,
    AmendCharter,
    AmendmentState,
    BanFaction,
    ConcernsMember,
    ExpelMember,
    Instruct,
    MotionKind,
    MotionState,
    SilencePlatform,
    about_a_person,
    amended,
    changed_passage,
    check_competence,
    competence_holder,
    diff,
    effect_to_json,
    effects_from_json,
    needed,
    passage,
)
from sovet.domain.text import MAX_ID, markdown, render_markdown


def council(id: int, name: str, *decides: str) -> Council:
    return Council(
        id=id,
        slug=name.lower().replace(" ", "-"),
        name=name,
        kind="base" if id < 10 else "delegate",
        charter=Charter(decides=decides),
    )


WORKS = council(1, "Tractor Works", "books")
MILL = council(2, "Textile Mill", "books", "dyeing")
REGION = council(10, "Regional Council", "coordination")
UNION = council(11, "Metal Union", "pay_scales")
CONGRESS = council(20, "Congress", "pay_scales", "foreign_trade")
COUNCILS = [WORKS, MILL, REGION, UNION, CONGRESS]
GRAPH = {10: {1, 2}, 11: {1}, 20: {10}}


def test_the_nearest_council_above_that_decides_a_matter_holds_it() -> None:
    assert competence_holder("pay_scales", WORKS, COUNCILS, GRAPH) == UNION
    assert competence_holder("foreign_trade", WORKS, COUNCILS, GRAPH) == CONGRESS


def test_a_council_beside_holds_a_matter_nobody_above_decides() -> None:
    assert competence_holder("dyeing", WORKS, COUNCILS, GRAPH) == MILL
    assert competence_holder("space_travel", WORKS, COUNCILS, GRAPH) is None


def test_a_matter_within_competence_passes_and_one_outside_is_refused_naming_the_holder() -> None:
    check_competence("books", WORKS, COUNCILS, GRAPH)
    with pytest.raises(Invalid) as refused:
        check_competence("pay_scales", REGION, COUNCILS, GRAPH)
    assert refused.value.message == (
        "Regional Council cannot decide 'pay scales': it is outside the competence its "
        "charter gives it; Congress decides it"
    )


EFFECTS: list[dict[str, Any]] = [
    {"kind": "amend_charter", "changes": {"quorum": 0.6}},
    {"kind": "ban_faction", "faction": 3},
    {"kind": "silence_platform", "faction": 3},
    {"kind": "expel_member", "member": 4, "grounds": "conduct"},
    {"kind": "concerns_member", "member": 4},
    {"kind": "instruct", "motion": 9, "choice": "no"},
]


def test_effects_read_back_from_their_own_json() -> None:
    effects = effects_from_json(EFFECTS)
    assert effects == (
        AmendCharter({"quorum": 0.6}),
        BanFaction(3),
        SilencePlatform(3),
        ExpelMember(4, "conduct"),
        ConcernsMember(4),
        Instruct(9, "no"),
    )
    assert [effect_to_json(e) for e in effects] == EFFECTS


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("ban", "effects: expected a list of at most 10 effects"),
        ([{"kind": "concerns_member", "member": 1}] * 11, "at most 10 effects"),
        ([{"kind": "decree"}], "effects[0]: an effect is an object whose kind is one of"),
        (
            [{"kind": "ban_faction", "faction": 1, "why": "x"}],
            "a ban_faction effect has the fields",
        ),
        ([{"kind": "ban_faction", "faction": True}], "effects[0].faction: expected an id"),
        ([{"kind": "expel_member", "member": 1, "grounds": "views"}], "grounds: must be one of"),
        ([{"kind": "amend_charter", "changes": {}}], "changes must be an object of charter fields"),
        ([{"kind": "instruct", "motion": 1, "choice": "maybe"}], "effects[0].choice: must be one"),
        ([{"kind": ["concerns_member"]}], "effects[0]: an effect is an object whose kind"),
        ([{"kind": {}}], "effects[0]: an effect is an object whose kind"),
        ([{"kind": "concerns_member", "member": 2**63}], "effects[0].member: expected an id"),
    ],
)
def test_malformed_effects_are_refused_naming_the_first_wrong_one(value: Any, words: str) -> None:
    with pytest.raises(Invalid) as refused:
        effects_from_json(value)
    assert words in refused.value.message


def test_an_admission_reads_back_from_its_own_json_naming_the_council_by_slug_or_id() -> None:
    admissions: list[dict[str, Any]] = [
        {"kind": "admit_constituent", "constituent": "textile-mill", "seats": 2},
        {"kind": "admit_constituent", "constituent": 7, "seats": 50},
    ]
    effects = effects_from_json(admissions)
    assert effects == (AdmitConstituent("textile-mill", 2), AdmitConstituent(7, 50))
    assert [effect_to_json(e) for e in effects] == admissions
    assert effects_from_json([effect_to_json(e) for e in effects]) == effects
    assert not about_a_person(effects)


@pytest.mark.parametrize(
    ("effect", "words"),
    [
        (
            {"constituent": "Shell Co", "seats": 1},
            "effects[0].constituent: 'Shell Co' is not a short",
        ),
        ({"constituent": True, "seats": 1}, "effects[0].constituent: a council's short code or id"),
        ({"constituent": -1, "seats": 1}, "effects[0].constituent: a council's short code or id"),
        ({"constituent": [3], "seats": 1}, "effects[0].constituent: a council's short code or id"),
        ({"constituent": 3, "seats": 0}, "effects[0].seats: a whole number from 1 to 50, not 0"),
        ({"constituent": 3, "seats": 51}, "effects[0].seats: a whole number from 1 to 50"),
        ({"constituent": 3, "seats": "2"}, "effects[0].seats: a whole number from 1 to 50"),
        ({"constituent": 3, "seats": True}, "effects[0].seats: a whole number from 1 to 50"),
        ({"constituent": 3}, "a admit_constituent effect has the fields constituent, kind, seats"),
    ],
)
def test_a_malformed_admission_is_refused_naming_its_field(
    effect: dict[str, Any], words: str
) -> None:
    with pytest.raises(Invalid) as refused:
        effects_from_json([{"kind": "admit_constituent", **effect}])
    assert words in refused.value.message


def test_an_admission_of_members_reads_back_from_its_own_json() -> None:
    admission = {"kind": "admit_members", "members": [4, 0, MAX_ID]}
    effects = effects_from_json([admission])
    assert effects == (AdmitMembers((4, 0, MAX_ID)),)
    assert [effect_to_json(e) for e in effects] == [admission]


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ([], f"effects[0].members: a list of 1 to {MAX_ADMITTED} members' ids"),
        (list(range(MAX_ADMITTED + 1)), f"a list of 1 to {MAX_ADMITTED} members' ids"),
        ("4,5", f"effects[0].members: a list of 1 to {MAX_ADMITTED} members' ids"),
        ([4, 5, 4], "effects[0].members[2]: member 4 is listed twice"),
        ([4, MAX_ID + 1], "effects[0].members[1]: expected an id"),
        ([True], "effects[0].members[0]: expected an id"),
        (["4"], "effects[0].members[0]: expected an id"),
    ],
)
def test_a_malformed_admission_of_members_is_refused_naming_the_culprit(
    members: Any, words: str
) -> None:
    with pytest.raises(Invalid) as refused:
        effects_from_json([{"kind": "admit_members", "members": members}])
    assert words in refused.value.message


def test_a_motion_naming_a_member_is_about_a_person() -> None:
    assert about_a_person([ConcernsMember(4)])
    assert about_a_person([ExpelMember(4, "left_workplace")])
    assert about_a_person([AdmitMembers((4, 5))])
    assert not about_a_person([BanFaction(1), AmendCharter({"quorum": 0.5})])


@pytest.mark.parametrize(
    "effect",
    [BanFaction(1), SilencePlatform(1), ExpelMember(4, "faction_membership")],
    ids=["ban", "silence", "expel"],
)
def test_effects_against_faction_rights_are_refused_citing_the_rule(effect: Any) -> None:
    with pytest.raises(Forbidden) as refused:
        check_faction_rights([ConcernsMember(2), effect])
    assert BY_KEY["faction_rights"].text in refused.value.message


def test_expelling_on_other_grounds_does_not_touch_faction_rights() -> None:
    check_faction_rights([ExpelMember(4, "conduct"), ExpelMember(5, "left_workplace")])


def test_an_amendment_replaces_its_passage_and_lapses_when_the_passage_is_gone() -> None:
    text = "Six hours a day.\nFrom June."
    assert amended(text, "Six", "Five") == "Five hours a day.\nFrom June."
    assert amended("Five hours a day.", "Six", "Seven") is None
    assert amended("Six or six? Six.", "Six", "Seven") is None


def test_an_amendment_may_delete_its_passage_keeping_the_spaces_it_quotes() -> None:
    assert passage("Six hours a day, at least.", ", at least", "") == (", at least", "")
    assert passage("a b", " b", " c") == (" b", " c")


SHIFT = "The works moves to a six hour shift.\n\nThe shift starts at six."


@pytest.mark.parametrize(
    ("edited", "change"),
    [
        (SHIFT.replace("starts at six", "starts at seven"), ("six.", "seven.")),
        (SHIFT.replace("a six", "a five"), ("a six hour", "a five hour")),
        (SHIFT.replace("shift.", "shifts."), ("shift.", "shifts.")),
        (SHIFT.replace(" hour", ""), ("hour shift.", "shift.")),
        (SHIFT + "\n\nFrom June.", ("six.", "six.\n\nFrom June.")),
        ("\r\n" + SHIFT.replace("\n", "\r\n") + "\r\n\r\n", None),
    ],
    ids=["a word", "a word found twice", "a letter", "a deletion", "an addition", "line ends"],
)
def test_the_text_as_amended_gives_the_passage_it_changes_in_whole_words_found_once(
    edited: str, change: tuple[str, str] | None
) -> None:
    if change is None:
        with pytest.raises(Invalid, match="text: is the motion's text unchanged"):
            changed_passage(SHIFT, edited)
        return
    assert changed_passage(SHIFT, edited) == change
    original, replacement = passage(SHIFT, *change)
    assert SHIFT.replace(original, replacement, 1) == edited


@pytest.mark.parametrize(
    ("edited", "words"),
    [
        (" \n ", "text: must not be empty; to strike a passage out, delete only that passage"),
        ("a\x00", "text: contains a control or unassigned character (0x0)"),
        ("a" * 20_001, "text: at most 20000 characters, not 20001"),
        (None, "text: expected text, not NoneType"),
    ],
)
def test_a_text_as_amended_that_is_empty_or_malformed_is_refused(edited: Any, words: str) -> None:
    with pytest.raises(Invalid) as refused:
        changed_passage(SHIFT, edited)
    assert refused.value.message == words


WORDS = st.lists(st.sampled_from(["at", "six", "hour", "shift.", "\n", "a", "at."]), min_size=1)


@given(WORDS, WORDS, st.data())
def test_the_passage_changed_occurs_once_and_replacing_it_gives_the_text_as_amended(
    before: list[str], after: list[str], data: st.DataObject
) -> None:
    current = " ".join(before)
    cut = data.draw(st.integers(0, len(current)))
    rejoin = data.draw(st.integers(cut, len(current)))
    edited = (current[:cut] + " ".join(after) + current[rejoin:]).strip()
    assume(current.strip() and edited and edited != current.strip())
    original, replacement = changed_passage(current, edited)
    assert current.count(original) == 1
    lead = current[: len(current) - len(current.lstrip())]
    trail = current[len(current.rstrip()) :]
    assert current.replace(original, replacement, 1) == lead + edited + trail
    assert passage(current, original, replacement) == (original, replacement)


def test_a_diff_shows_the_lines_removed_and_added() -> None:
    shown = diff("a\nb\nc", "a\nB\nc", old_name="version 1", new_name="version 2")
    assert shown.splitlines()[:2] == ["--- version 1", "+++ version 2"]
    assert "-b" in shown.splitlines() and "+B" in shown.splitlines()
    assert diff("same", "same") == ""


@given(st.floats(min_value=0.01, max_value=1.0), st.integers(min_value=0, max_value=10_000))
def test_the_support_needed_is_the_share_rounded_up_and_at_least_one(
    share: float, base: int
) -> None:
    count = needed(share, base)
    assert count >= 1
    assert count >= share * base - 1e-9
    assert count == 1 or count - 1 < share * base + 1e-9


def test_markdown_is_rendered_with_raw_html_and_unsafe_links_disabled() -> None:
    html = render_markdown("<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold**")
    assert "<img" not in html and "&lt;img" in html
    assert 'href="javascript' not in html
    assert "<strong>bold</strong>" in html


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("# Olga", "h3"),
        ("## Why", "h4"),
        ("Olga\n====", "h3"),
        ("#### Deep", "h6"),
        ("###### Deepest", "h6"),
    ],
)
def test_markdown_headings_start_below_the_pages_own(typed: str, shown: str) -> None:
    html = render_markdown(typed)
    assert html.startswith(f"<{shown}>") and html.endswith(f"</{shown}>\n")


def test_markdown_text_is_trimmed_and_its_line_ends_made_plain() -> None:
    assert markdown("\r\n  # Title\r\n\r\nBody\r\n", "text") == "# Title\n\nBody"
    with pytest.raises(Invalid, match="text: contains a control or unassigned character"):
        markdown("a\x1bb", "text")


def test_the_default_charter_opens_the_agenda_from_below() -> None:
    assert BASE_DEFAULT.support_threshold == 0.1
    assert BASE_DEFAULT.charter_threshold == "two_thirds"


@pytest.mark.parametrize(
    ("words", "keys"),
    [
        (KIND_WORDS, get_args(MotionKind)),
        (STATE_WORDS, get_args(MotionState)),
        (AMENDMENT_WORDS, get_args(AmendmentState)),
    ],
)
def test_every_kind_and_state_of_a_motion_or_an_amendment_has_words(
    words: Mapping[str, str], keys: tuple[str, ...]
) -> None:
    assert set(words) == set(keys)
    assert not any("_" in said for said in words.values())
