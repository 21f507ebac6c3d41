"""Offices in a charter, the powers officers hold, and what no motion may do to a recall."""

from __future__ import annotations

import pytest

from sovet.domain.charter import BASE_DEFAULT, Charter
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden, Invalid
from sovet.domain.motions import about_a_person, effects_from_json
from sovet.domain.offices import check_power
from sovet.domain.recall import check_recall_rights


def test_a_charter_lists_offices_with_powers_from_the_fixed_vocabulary() -> None:
    charter = Charter.from_json({"offices": {"secretary": ["moderate"], "chair": []}})
    assert charter.powers_of("secretary") == ("moderate",)
    assert charter.powers_of("chair") == ()
    assert charter.powers_of("treasurer") is None
    assert Charter.from_json(charter.to_json()) == charter


@pytest.mark.parametrize(
    ("power", "words"),
    [
        ("open_vote", "a vote opens by the clock when its motion is due"),
        ("close_vote", "a vote closes by the clock when its time is up"),
    ],
)
def test_a_retired_power_is_refused_in_a_new_charter_and_left_out_of_a_stored_one(
    power: str, words: str
) -> None:
    """``open_vote`` and ``close_vote`` granted nothing, since any member opens and closes
    votes alike: a charter founded or amended now may not list them, and one stored
    before still loads, its offices keeping their other powers."""
    offices = {"offices": {"chair": ["moderate", power]}}
    with pytest.raises(
        Invalid, match=f"the chair include '{power}', which no office holds: {words}"
    ):
        Charter.from_json(offices, defaults=BASE_DEFAULT)
    stored = Charter.from_json(BASE_DEFAULT.to_json() | offices)
    assert stored.powers_of("chair") == ("moderate",)
    amended = Charter.from_json({"quorum": 0.4}, defaults=stored)
    assert amended.powers_of("chair") == ("moderate",)


@pytest.mark.parametrize(
    ("offices", "words"),
    [
        ({"secretary": ["dissolve_council"]}, "the secretary include 'dissolve_council'"),
        ({"Secretary": []}, "office 'Secretary' must be"),
        ({"chair": ["moderate", "moderate"]}, "the chair list moderate comments twice"),
        ({"chair": [["moderate"]]}, r"include \['moderate'\]"),
        ({"chair": [{"power": "moderate"}]}, "an office's powers are among"),
        (["chair"], "offices must be an object"),
    ],
)
def test_a_charter_with_a_bad_office_is_refused_naming_it(offices: object, words: str) -> None:
    with pytest.raises(Invalid, match=words):
        Charter.from_json({"offices": offices})


def test_an_officer_act_outside_the_listed_powers_is_refused_naming_office_and_power() -> None:
    check_power(council_name="Works", office="chair", powers=("moderate",), power="moderate")
    with pytest.raises(Forbidden) as refused:
        check_power(council_name="Works", office="chair", powers=(), power="moderate")
    assert refused.value.message.startswith(
        "the chair of Works has no power to hide a comment, with the reason recorded: the "
        "charter gives it no powers."
    )
    assert BY_KEY["decisions_belong_to_councils"].text in refused.value.message


def test_a_recall_is_about_a_person_and_no_motion_may_block_or_reverse_one() -> None:
    recall = effects_from_json([{"kind": "recall", "mandate": 7}])
    assert about_a_person(recall)
    for effect in ({"kind": "block_recall", "motion": 3}, {"kind": "reinstate", "mandate": 7}):
        with pytest.raises(Forbidden, match="no council can decide this motion"):
            check_recall_rights(effects_from_json([effect]))
