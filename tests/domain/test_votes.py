"""Quorum and thresholds: pure rules, checked at their edges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sovet.domain.charter import THRESHOLDS
from sovet.domain.errors import Invalid
from sovet.domain.votes import (
    THRESHOLD_RULE_NAMES,
    Rule,
    Tally,
    choice,
    decide,
    quorum_met,
    threshold_met,
)

counts = st.integers(min_value=0, max_value=400)
shares = st.sampled_from([0.0, 0.1, 0.25, 1 / 3, 0.5, 0.6, 2 / 3, 0.75, 1.0])
thresholds = st.sampled_from(["simple", "absolute", "two_thirds", "consent"])


@st.composite
def tallies(draw: st.DrawFn) -> Tally:
    yes, no, abstain = draw(counts), draw(counts), draw(counts)
    eligible = yes + no + abstain + draw(st.integers(min_value=0, max_value=400))
    return Tally(yes=yes, no=no, abstain=abstain, eligible=eligible)


@given(st.integers(min_value=0, max_value=500), counts, shares)
def test_a_tie_never_passes_by_simple_majority(votes: int, abstain: int, quorum: float) -> None:
    tally = Tally(yes=votes, no=votes, abstain=abstain, eligible=2 * votes + abstain)
    assert not decide(tally, Rule(quorum=quorum, threshold="simple")).passed


@given(st.integers(min_value=1, max_value=300), counts)
def test_exactly_two_thirds_passes_and_one_yes_fewer_does_not(third: int, abstain: int) -> None:
    rule = Rule(quorum=0.0, threshold="two_thirds")
    exact = Tally(yes=2 * third, no=third, abstain=abstain, eligible=3 * third + abstain)
    assert decide(exact, rule).passed
    short = Tally(yes=2 * third - 1, no=third, abstain=abstain, eligible=3 * third + abstain)
    assert not decide(short, rule).passed


def test_two_thirds_needs_at_least_one_yes() -> None:
    assert not threshold_met(Tally(0, 0, 5, 5), Rule(quorum=0, threshold="two_thirds"))


@given(st.integers(min_value=1, max_value=200), st.integers(min_value=0, max_value=200))
def test_abstentions_alone_can_make_the_quorum(eligible: int, yes: int) -> None:
    """Half of ``eligible`` must take part; the yes votes and abstentions make it up."""
    yes = min(yes, eligible)
    needed = -(-eligible // 2)
    abstain = max(0, needed - yes)
    tally = Tally(yes=yes, no=0, abstain=abstain, eligible=eligible)
    assert quorum_met(tally, 0.5)
    if abstain:
        assert not quorum_met(Tally(yes=yes, no=0, abstain=abstain - 1, eligible=eligible), 0.5)


@given(tallies(), shares)
def test_abstentions_change_the_quorum_but_never_a_simple_majority(
    tally: Tally, quorum: float
) -> None:
    rule = Rule(quorum=quorum, threshold="simple")
    more = Tally(tally.yes, tally.no, tally.abstain + 1, tally.eligible + 1)
    assert threshold_met(tally, rule) == threshold_met(more, rule)


@given(tallies(), shares, thresholds, shares)
def test_one_more_yes_in_place_of_a_no_never_turns_a_pass_into_a_fail(
    tally: Tally, quorum: float, threshold: str, objection: float
) -> None:
    if tally.no == 0:
        return
    rule = Rule(quorum=quorum, threshold=threshold, objection_share=objection)
    converted = Tally(tally.yes + 1, tally.no - 1, tally.abstain, tally.eligible)
    assert decide(tally, rule).passed <= decide(converted, rule).passed


@given(tallies(), shares, thresholds)
def test_without_quorum_nothing_passes(tally: Tally, quorum: float, threshold: str) -> None:
    rule = Rule(quorum=quorum, threshold=threshold)
    outcome = decide(tally, rule)
    assert outcome.quorum_met == quorum_met(tally, quorum)
    if not outcome.quorum_met:
        assert not outcome.passed
        assert outcome.reason.startswith("no quorum")


@pytest.mark.parametrize(
    ("yes", "eligible", "passes"), [(5, 10, False), (6, 10, True), (4, 7, True), (3, 7, False)]
)
def test_an_absolute_majority_counts_every_member_not_only_the_votes_cast(
    yes: int, eligible: int, passes: bool
) -> None:
    tally = Tally(yes=yes, no=0, abstain=0, eligible=eligible)
    assert threshold_met(tally, Rule(quorum=0, threshold="absolute")) is passes


@pytest.mark.parametrize(
    ("no", "eligible", "share", "blocked"),
    [
        (0, 10, 0.0, False),
        (1, 10, 0.0, True),
        (1, 10, 0.1, True),
        (1, 11, 0.1, False),
        (2, 20, 0.1, True),
    ],
)
def test_consent_passes_unless_the_charters_share_objects(
    no: int, eligible: int, share: float, blocked: bool
) -> None:
    tally = Tally(yes=eligible - no, no=no, abstain=0, eligible=eligible)
    rule = Rule(quorum=0, threshold="consent", objection_share=share)
    assert threshold_met(tally, rule) is not blocked


def test_a_share_is_read_as_the_decimal_it_was_written_as() -> None:
    assert quorum_met(Tally(3, 0, 0, 5), 0.6)
    assert not quorum_met(Tally(2, 0, 0, 5), 0.6)
    assert quorum_met(Tally(1, 0, 0, 10), 0.1)


def test_the_outcome_says_why_in_words() -> None:
    passed = decide(Tally(3, 1, 1, 6), Rule(quorum=0.5, threshold="simple"))
    assert passed.reason == "passed by the simple majority rule: 3 yes, 1 no, 1 abstaining"
    two_thirds = decide(Tally(2, 1, 0, 3), Rule(quorum=0.5, threshold="two_thirds"))
    assert two_thirds.reason == "passed by the two-thirds rule: 2 yes, 1 no, 0 abstaining"
    lacking = decide(Tally(1, 0, 0, 7), Rule(quorum=0.5, threshold="simple"))
    assert lacking.reason == "no quorum: 1 of 7 voted, 3.50 needed (1 yes, 0 no, 0 abstaining)"


def test_a_reason_names_each_thresholds_rule_as_the_record_has_always_written_it() -> None:
    """The words are in the record's ``vote.closed`` entries: changed, it would not replay."""
    assert set(THRESHOLD_RULE_NAMES) == set(THRESHOLDS)
    reasons = {
        threshold: decide(Tally(3, 0, 0, 3), Rule(quorum=0.5, threshold=threshold)).reason
        for threshold in THRESHOLDS
    }
    assert reasons == {
        "simple": "passed by the simple majority rule: 3 yes, 0 no, 0 abstaining",
        "absolute": "passed by the absolute majority rule: 3 yes, 0 no, 0 abstaining",
        "two_thirds": "passed by the two-thirds rule: 3 yes, 0 no, 0 abstaining",
        "consent": "passed by the consent rule: 3 yes, 0 no, 0 abstaining",
    }


@pytest.mark.parametrize("value", ["yes", "no", "abstain"])
def test_the_three_choices_are_accepted(value: str) -> None:
    assert choice(value) == value


@pytest.mark.parametrize("value", ["YES", "", None, 1, "maybe"])
def test_any_other_choice_is_refused(value: object) -> None:
    with pytest.raises(Invalid, match="choice: must be one of yes, no, abstain"):
        choice(value)
