"""Charter.from_json: a council's rules read from untrusted input."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from sovet.adapters.sql import stored_charter
from sovet.domain.charter import (
    BASE_DEFAULT,
    CHARTER_FIELDS,
    DEFAULT_BASE_MATTERS,
    DELEGATE_DEFAULT,
    ELECTION_METHODS,
    MAX_MATTERS,
    METHOD_WORDS,
    POWER_WORDS,
    POWERS,
    RULE_WORDS,
    SHARES,
    THRESHOLD_WORDS,
    THRESHOLDS,
    UNITS,
    Charter,
    change_words,
    matter_key,
    matter_words,
    power_key,
    power_words,
)
from sovet.domain.entrenched import BY_KEY as ENTRENCHED
from sovet.domain.entrenched import RULES, EntrenchedRule
from sovet.domain.errors import Invalid
from sovet.domain.offices import OFFICER_POWERS

NAMED = {
    "quorum": "the quorum",
    "recall_petition_threshold": "the signatures that open a recall vote (recall_petition_threshold)",
    "consent_objection_share": "the objections that block consent (consent_objection_share)",
    "term_months": "the term of a mandate (term_months)",
    "term_limit": "the term limit",
    "max_concurrent_mandates": "the cap on concurrent mandates (max_concurrent_mandates)",
    "agenda_period_days": "the agenda period (agenda_period_days)",
    "voting_period_days": "the voting period (voting_period_days)",
    "voting_period_hours": (
        "the hours the voting period has beyond its days (voting_period_hours)"
    ),
    "minority_report_days": "the time to attach a minority report (minority_report_days)",
    "planning_round_limit": "the round limit of a planning period (planning_round_limit)",
    "planning_minutes": "the time the engine may compute a round (planning_minutes)",
    "support_threshold": "the support that puts a motion on the agenda (support_threshold)",
    "secret_vote_share": "the requests that make a vote secret (secret_vote_share)",
    "referendum_share": "the signatures beneath that call a referendum (referendum_share)",
    "decides": "the kinds of matter it decides",
    "delegates_upward": "the kinds of matter it delegates upward",
}
"""How a refusal names a rule: in words, with the key that the API and the command line
type for it where the words do not spell it."""


def refusal(data: Any, *, defaults: Charter | None = None) -> str:
    with pytest.raises(Invalid) as raised:
        Charter.from_json(data, defaults=defaults)
    return raised.value.message


def test_no_charter_or_an_empty_one_gives_the_defaults() -> None:
    assert Charter.from_json(None) == BASE_DEFAULT
    assert Charter.from_json({}) == BASE_DEFAULT
    assert BASE_DEFAULT.decides == DEFAULT_BASE_MATTERS
    assert BASE_DEFAULT.delegates_upward == ()
    assert (BASE_DEFAULT.quorum, BASE_DEFAULT.threshold) == (0.5, "simple")
    assert (BASE_DEFAULT.term_months, BASE_DEFAULT.term_limit) == (12, 3)
    assert BASE_DEFAULT.max_concurrent_mandates == 2
    assert (BASE_DEFAULT.support_threshold, BASE_DEFAULT.secret_vote_share) == (0.1, 0.1)
    assert (BASE_DEFAULT.agenda_period_days, BASE_DEFAULT.voting_period_days) == (14, 7)
    assert (BASE_DEFAULT.minority_report_days, BASE_DEFAULT.referendum_share) == (14, 0.1)
    assert BASE_DEFAULT.charter_threshold == "two_thirds"


def test_a_charter_stored_before_the_rules_of_motions_existed_still_reads_with_defaults() -> None:
    stored = {
        key: value
        for key, value in Charter(quorum=0.6).to_json().items()
        if key in {"decides", "delegates_upward", "quorum", "threshold", "term_months"}
    }
    charter = Charter.from_json(stored)
    assert charter.quorum == 0.6
    assert charter.support_threshold == BASE_DEFAULT.support_threshold


def test_the_given_defaults_fill_every_field_the_input_leaves_out() -> None:
    charter = Charter.from_json({"quorum": 0.75}, defaults=DELEGATE_DEFAULT)
    assert charter.quorum == 0.75
    assert charter.decides == DELEGATE_DEFAULT.decides
    assert charter.term_months == DELEGATE_DEFAULT.term_months
    assert Charter.from_json(None, defaults=DELEGATE_DEFAULT) == DELEGATE_DEFAULT


def test_a_charter_reads_back_from_its_own_json() -> None:
    charter = Charter(
        decides=("books", "hiring"),
        delegates_upward=("pay_scales",),
        quorum=0.6,
        threshold="two_thirds",
        term_months=6,
        term_limit=2,
        max_concurrent_mandates=1,
        recall_petition_threshold=0.1,
        consent_objection_share=0.05,
        support_threshold=0.25,
        agenda_period_days=0,
        voting_period_days=3,
        secret_vote_share=0.5,
        minority_report_days=30,
        referendum_share=0.05,
        charter_threshold="absolute",
    )
    assert Charter.from_json(charter.to_json()) == charter
    assert set(charter.to_json()) == CHARTER_FIELDS


def test_whole_numbers_are_accepted_for_shares_and_read_as_fractions() -> None:
    charter = Charter.from_json({"quorum": 1, "recall_petition_threshold": 0})
    assert charter.quorum == 1.0
    assert isinstance(charter.quorum, float)
    assert charter.recall_petition_threshold == 0.0


@pytest.mark.parametrize("data", [[], "quorum", 3, ["quorum", 0.5]])
def test_a_charter_that_is_not_an_object_is_refused(data: Any) -> None:
    assert refusal(data) == "charter: expected an object"


def test_an_unknown_field_is_refused_and_the_known_ones_listed() -> None:
    message = refusal({"quorum": 0.5, "chairman_for_life": True})
    assert "unknown field 'chairman_for_life'" in message
    assert all(field in message for field in CHARTER_FIELDS)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.key)
def test_a_field_named_like_an_entrenched_rule_is_refused_citing_the_rule(
    rule: EntrenchedRule,
) -> None:
    message = refusal({rule.key: False})
    assert f"{rule.key!r} is an entrenched rule that no charter can change" in message
    assert rule.text in message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quorum", -0.01),
        ("quorum", 1.01),
        ("quorum", "0.5"),
        ("quorum", True),
        ("quorum", None),
        ("quorum", float("nan")),
        ("recall_petition_threshold", 2),
        ("recall_petition_threshold", float("inf")),
        ("consent_objection_share", -1),
        ("consent_objection_share", [0.1]),
    ],
)
def test_a_share_outside_zero_to_one_or_not_a_number_is_refused_naming_the_field(
    field: str, value: Any
) -> None:
    message = refusal({field: value})
    assert message.startswith(f"charter: {NAMED[field]} must be a number between 0 and 1")


@pytest.mark.parametrize(
    ("field", "low", "high"),
    [
        ("term_months", 1, 120),
        ("term_limit", 1, 50),
        ("max_concurrent_mandates", 1, 20),
        ("agenda_period_days", 0, 90),
        ("voting_period_hours", 0, 23),
        ("minority_report_days", 1, 365),
        ("planning_round_limit", 1, 50),
        ("planning_minutes", 1, 1440),
    ],
)
def test_whole_number_fields_hold_their_bounds_and_refuse_the_values_beyond(
    field: str, low: int, high: int
) -> None:
    assert getattr(Charter.from_json({field: low}), field) == low
    assert getattr(Charter.from_json({field: high}), field) == high
    for wrong in (low - 1, high + 1, float(low), str(low), True, None):
        message = refusal({field: wrong})
        assert (
            message
            == f"charter: {NAMED[field]} must be a whole number from {low} to {high}, not {wrong!r}"
        )


def test_a_congress_votes_in_hours_and_a_charter_stored_in_days_means_what_it_meant() -> None:
    """A delegate congress votes within its session: no days, two hours. A charter
    stored before hours existed holds only days, and its votes last those days."""
    congress = Charter.from_json(
        {"voting_period_days": 0, "voting_period_hours": 2}, defaults=DELEGATE_DEFAULT
    )
    assert congress.voting_period == timedelta(hours=2)
    assert Charter.from_json(congress.to_json()) == congress
    stored = BASE_DEFAULT.to_json()
    del stored["voting_period_hours"]
    stored["voting_period_days"] = 3
    assert stored_charter(json.dumps(stored)).voting_period == timedelta(days=3)
    assert BASE_DEFAULT.voting_period == timedelta(days=7)
    both = Charter.from_json({"voting_period_days": 1, "voting_period_hours": 12})
    assert both.voting_period == timedelta(hours=36)


def test_a_vote_shorter_than_an_hour_is_refused_saying_so() -> None:
    """No days and no hours: no charter leaves its members less than an hour to vote."""
    for defaults in (None, BASE_DEFAULT, DELEGATE_DEFAULT):
        assert refusal({"voting_period_days": 0, "voting_period_hours": 0}, defaults=defaults) == (
            "charter: a vote is open at least an hour: the voting period (voting_period_days) "
            "and the hours the voting period has beyond its days (voting_period_hours) "
            "cannot both be 0"
        )
    assert refusal({"voting_period_days": 0}).startswith("charter: a vote is open at least an hour")
    assert refusal({"voting_period_days": 61}) == (
        "charter: the voting period (voting_period_days) must be a whole number from 0 to 60, "
        "not 61"
    )
    assert refusal({"voting_period_hours": 24}) == (
        "charter: the hours the voting period has beyond its days (voting_period_hours) must "
        "be a whole number from 0 to 23, not 24"
    )
    assert refusal({"voting_period_hours": 1.5}) == (
        "charter: the hours the voting period has beyond its days (voting_period_hours) must "
        "be a whole number from 0 to 23, not 1.5"
    )


def test_a_referendum_on_a_council_voting_in_hours_stays_open_a_day() -> None:
    """Those beneath vote at their workplaces, not in the congress's session."""
    congress = Charter(voting_period_days=0, voting_period_hours=2)
    assert congress.referendum_period == timedelta(days=1)
    assert BASE_DEFAULT.referendum_period == timedelta(days=7)


@pytest.mark.parametrize("threshold", ["simple", "absolute", "two_thirds", "consent"])
def test_each_named_threshold_is_accepted(threshold: str) -> None:
    assert Charter.from_json({"threshold": threshold}).threshold == threshold
    assert Charter.from_json({"charter_threshold": threshold}).charter_threshold == threshold


def test_an_unknown_charter_threshold_is_refused_by_its_name() -> None:
    assert refusal({"charter_threshold": "unanimity"}).startswith(
        "charter: the threshold of a charter amendment (charter_threshold) must be one of "
        "simple, absolute"
    )


@pytest.mark.parametrize("field", ["support_threshold", "secret_vote_share", "referendum_share"])
def test_the_shares_that_open_the_agenda_from_below_lie_above_zero_and_at_most_one_half(
    field: str,
) -> None:
    assert getattr(Charter.from_json({field: 0.5}), field) == 0.5
    assert getattr(Charter.from_json({field: 0.01}), field) == 0.01
    for closing in (0, 0.51, 1):
        message = refusal({field: closing})
        assert message.startswith(f"charter: {NAMED[field]} must be above 0 and at most 0.5")
        assert ENTRENCHED["agenda_from_below"].text in message
    assert refusal({field: "0.2"}).startswith(
        f"charter: {NAMED[field]} must be a number between 0 and 1"
    )


@pytest.mark.parametrize("threshold", ["majority", "SIMPLE", "", 0.5, None])
def test_an_unknown_threshold_is_refused_listing_the_known_ones(threshold: Any) -> None:
    message = refusal({"threshold": threshold})
    assert message.startswith(
        "charter: the threshold of a motion must be one of simple, absolute, two_thirds"
    )


@pytest.mark.parametrize("field", ["decides", "delegates_upward"])
def test_matters_must_be_a_list_of_at_most_forty(field: str) -> None:
    for wrong in ("books", None, {"books": 1}, [f"matter_{n}" for n in range(MAX_MATTERS + 1)]):
        assert refusal({field: wrong}) == (
            f"charter: {NAMED[field]} must be a list of at most {MAX_MATTERS} kinds of matter"
        )


def test_forty_matters_and_none_at_all_are_both_accepted() -> None:
    many = tuple(f"matter_{n}" for n in range(MAX_MATTERS))
    assert Charter.from_json({"decides": list(many)}).decides == many
    charter = Charter.from_json({"decides": [], "delegates_upward": ["books"]})
    assert (charter.decides, charter.delegates_upward) == ((), ("books",))


@pytest.mark.parametrize(
    "matter", ["b", "Books", "1books", "books-and-stocks", "x" * 41, "", 7, None, "books\n"]
)
@pytest.mark.parametrize("field", ["decides", "delegates_upward"])
def test_a_malformed_kind_of_matter_is_refused_naming_the_field_and_the_matter(
    field: str, matter: Any
) -> None:
    message = refusal({field: [matter]})
    assert message.startswith(
        f"charter: {NAMED[field]} include {matter!r}; a kind of matter is 2-40"
    )


def test_a_kind_of_matter_listed_twice_is_refused() -> None:
    assert refusal({"decides": ["books", "shift_rota", "shift_rota"]}) == (
        "charter: the kinds of matter it decides list shift rota twice"
    )


def test_a_matter_both_decided_and_delegated_upward_is_refused_naming_it() -> None:
    message = refusal(
        {"decides": ["books", "pay_rates"], "delegates_upward": ["pay_rates", "books"]}
    )
    assert message == "charter: books, pay rates cannot be both decided and delegated upward"


def test_delegating_upward_a_matter_the_defaults_decide_is_refused_too() -> None:
    message = refusal({"delegates_upward": ["books"]}, defaults=BASE_DEFAULT)
    assert message == "charter: books cannot be both decided and delegated upward"


def test_the_first_wrong_field_is_the_one_named() -> None:
    assert refusal({"quorum": 3, "term_limit": 0}).startswith("charter: the quorum ")


@pytest.mark.parametrize("defaults", [BASE_DEFAULT, DELEGATE_DEFAULT], ids=["base", "delegate"])
def test_a_charter_founded_or_amended_holds_the_recall_petition_threshold_to_one_half(
    defaults: Charter,
) -> None:
    field = "recall_petition_threshold"
    assert Charter.from_json({field: 0.5}, defaults=defaults).recall_petition_threshold == 0.5
    assert Charter.from_json({field: 0.01}, defaults=defaults).recall_petition_threshold == 0.01
    for blocking in (0, 0.51, 1):
        message = refusal({field: blocking}, defaults=defaults)
        assert message.startswith(f"charter: {NAMED[field]} must be above 0 and at most 0.5")
        assert ENTRENCHED["instant_recall"].text in message


def test_a_charter_stored_above_the_recall_cap_still_reads_back() -> None:
    """A charter founded or amended before the cap is in the record: it must still load
    and replay, as every stored charter is read back without defaults."""
    stored = Charter(recall_petition_threshold=1.0)
    assert Charter.from_json(stored.to_json()) == stored
    assert stored_charter(json.dumps(stored.to_json())) == stored


def test_amending_a_charter_stored_above_the_recall_cap_brings_it_within_the_cap() -> None:
    stored = Charter(recall_petition_threshold=0.8)
    message = refusal({"quorum": 0.6}, defaults=stored)
    assert message.startswith(
        f"charter: {NAMED['recall_petition_threshold']} must be above 0 and at most 0.5"
    )
    amended = Charter.from_json({"quorum": 0.6, "recall_petition_threshold": 0.3}, defaults=stored)
    assert (amended.quorum, amended.recall_petition_threshold) == (0.6, 0.3)


def test_by_default_members_keep_the_books_but_admit_members_only_by_decision() -> None:
    """A member admits alone after founding only where the charter says so; an office may
    hold the power too."""
    assert BASE_DEFAULT.member_powers == ("keep_books",)
    assert DELEGATE_DEFAULT.member_powers == ("keep_books",)
    charter = Charter.from_json(
        {
            "member_powers": ["keep_books", "admit_members"],
            "offices": {"secretary": ["admit_members"]},
        }
    )
    assert charter.member_powers == ("keep_books", "admit_members")
    assert charter.powers_of("secretary") == ("admit_members",)
    assert refusal({"member_powers": ["appoint"]}) == (
        "charter: the powers of every member (member_powers) must be a list drawn from keep "
        "the books (keep_books), admit members (admit_members), moderate comments (moderate)"
    )
    assert refusal({"member_powers": ["moderate", "moderate"]}) == (
        "charter: the powers of every member (member_powers) list moderate comments twice"
    )


def test_an_office_is_refused_a_power_unknown_or_listed_twice_in_words() -> None:
    assert refusal({"offices": {"chair": ["appoint"]}}) == (
        "charter: the powers of the chair include 'appoint'; an office's powers are among "
        "moderate comments (moderate), admit members (admit_members)"
    )
    assert refusal({"offices": {"chair": ["admit_members", "admit_members"]}}) == (
        "charter: the powers of the chair list admit members twice"
    )


def test_a_kind_of_demand_unknown_or_listed_twice_is_refused_in_words() -> None:
    assert refusal({"proposes_demand": ["luxury"]}) == (
        "charter: the kinds of demand it proposes (proposes_demand) must be a list drawn from "
        "consumption, public services (public_services), investment"
    )
    assert refusal({"proposes_demand": ["public_services", "public_services"]}) == (
        "charter: the kinds of demand it proposes (proposes_demand) list public services twice"
    )


@pytest.mark.parametrize("matter", [*DEFAULT_BASE_MATTERS, "public_services", "a2_b3"])
def test_a_matter_in_words_reads_back_as_the_key_the_charter_holds(matter: str) -> None:
    assert matter_key(matter_words(matter)) == matter
    assert matter_key(matter) == matter
    assert matter_key(f"  {matter_words(matter).title()}  ") == matter


def test_every_power_has_words_that_read_back_as_its_key() -> None:
    assert set(POWER_WORDS) == set(POWERS) | set(OFFICER_POWERS)
    for power in POWER_WORDS:
        assert "_" not in power_words(power)
        assert power_key(power_words(power).upper()) == power
        assert power_key(power) == power


def test_every_rule_of_the_charter_and_every_choice_of_one_has_words() -> None:
    assert set(RULE_WORDS) == CHARTER_FIELDS
    assert set(THRESHOLD_WORDS) == set(THRESHOLDS)
    assert set(METHOD_WORDS) == set(ELECTION_METHODS)
    values = Charter().to_json()
    assert set(UNITS) == {rule for rule, value in values.items() if type(value) is int}
    assert set(SHARES) == {rule for rule, value in values.items() if type(value) is float}
    for words in (*RULE_WORDS.values(), *THRESHOLD_WORDS.values(), *METHOD_WORDS.values()):
        assert "_" not in words


@pytest.mark.parametrize(
    ("rule", "value", "words"),
    [
        ("quorum", 0.6, "the quorum to 60%"),
        ("quorum", 1, "the quorum to 100%"),
        ("voting_period_days", 10, "the voting period to 10 days"),
        ("term_limit", 1, "the term limit to 1 term"),
        ("max_concurrent_mandates", 3, "the cap on concurrent mandates to 3"),
        ("charter_threshold", "two_thirds", "the threshold of a charter amendment to two thirds"),
        ("decides", ["workplace_organisation"], "the kinds of matter it decides to workplace "),
        ("delegates_upward", [], "the kinds of matter it delegates upward to none"),
        ("member_powers", ["keep_books", "moderate"], "to keep the books, moderate comments"),
        ("proposes_demand", ["public_services"], "the kinds of demand it proposes to public "),
        ("offices", {"chair": ["admit_members"], "clerk": []}, "the chair (admit members), the"),
        ("offices", {"clerk": []}, "the offices to the clerk (no powers)"),
        ("offices", {}, "the offices to none"),
    ],
)
def test_a_rule_set_to_a_value_reads_in_words(rule: str, value: Any, words: str) -> None:
    assert words in change_words(rule, value)
    assert "_" not in change_words(rule, value)
