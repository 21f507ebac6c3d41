"""The pure rules of an election: its ballots, its method and the order of its count."""

from __future__ import annotations

from datetime import date

import pytest

from sovet.domain.charter import Charter
from sovet.domain.elections import check_ranking, count, method_for, ranking_from_marks
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.mandates import Mandate, check_can_take_seat

NAMES = {1: "Ana", 2: "Boris", 3: "Lev", 4: "Dasha"}


def refusal(ranking: object) -> str:
    with pytest.raises(Invalid) as raised:
        check_ranking(ranking, NAMES)
    return raised.value.message


def test_a_ranking_is_the_candidates_best_first() -> None:
    assert check_ranking([3, 1], NAMES) == (3, 1)
    assert check_ranking([2, None, None], NAMES) == (2,)


def test_a_ranking_naming_a_candidate_twice_an_unknown_one_or_a_gap_is_refused() -> None:
    assert refusal([1, 2, 1]) == "ranking: Ana is ranked twice"
    assert refusal([9]) == "ranking: member 9 is not a candidate in this election"
    assert refusal([1, None, 2]).startswith("ranking: rank 2 is skipped")
    assert refusal([]) == "ranking: rank at least one candidate"
    assert refusal([True]) == "ranking: rank 1 holds True, not a candidate"
    assert refusal("1 2") == "ranking: a list of candidates, best first"


def test_marks_beside_names_become_a_ranking_and_a_shared_rank_is_refused() -> None:
    assert ranking_from_marks({3: 2, 1: 1}, NAMES) == (1, 3)
    with pytest.raises(Invalid, match="Ana and Boris share rank 1"):
        ranking_from_marks({1: 1, 2: 1}, NAMES)
    with pytest.raises(Invalid, match="rank 2 is skipped"):
        ranking_from_marks({1: 1, 2: 3}, NAMES)


def test_a_single_seat_method_is_refused_for_several_seats() -> None:
    assert method_for(Charter(election_method="schulze"), 1) == "schulze"
    assert method_for(Charter(), 3) == "stv"
    with pytest.raises(Conflict, match="schulze, which fills one seat"):
        method_for(Charter(election_method="schulze"), 2)


def test_a_charter_refuses_an_unknown_election_method() -> None:
    with pytest.raises(Invalid, match="the election method must be one of stv, meek"):
        Charter.from_json({"election_method": "borda"})


def test_an_stv_count_orders_the_elected_then_the_rest_last_excluded_first() -> None:
    rankings = [(1, 2)] * 4 + [(2,)] * 3 + [(3,)] * 2 + [(4, 3)]
    result = count("stv", seats=1, candidates=NAMES, rankings=rankings, seed="s")
    assert result.elected == (1,)
    assert result.others == (2, 3, 4)
    assert result.places()[:2] == [(1, 1, "elected"), (2, 2, "substitute")]
    assert result.report is not None and result.report.seed == "s"


@pytest.mark.parametrize("method", ["meek", "irv", "schulze", "approval"])
def test_every_method_of_the_charter_elects_the_clear_favourite(method: str) -> None:
    rankings = [(1, 2)] * 5 + [(2, 1)] * 2 + [(3,)]
    result = count(method, seats=1, candidates=NAMES, rankings=rankings, seed="s")  # type: ignore[arg-type]
    assert result.elected == (1,)
    assert set(result.others) == {2, 3, 4}


def test_with_no_ballot_nobody_is_elected_and_nobody_is_a_substitute() -> None:
    result = count("stv", seats=2, candidates=NAMES, rankings=[], seed="s")
    assert result.elected == () and result.report is None
    assert {outcome for _, _, outcome in result.places()} == {"not elected"}


def test_at_most_ten_candidates_become_substitutes() -> None:
    many = {member: f"Member {member}" for member in range(1, 14)}
    result = count("approval", seats=1, candidates=many, rankings=[(1,)], seed="s")
    outcomes = [outcome for _, _, outcome in result.places()]
    assert outcomes == ["elected"] + ["substitute"] * 10 + ["not elected"] * 2


def test_a_member_in_the_rotation_pause_may_not_take_a_new_term() -> None:
    charter = Charter(term_limit=5, rotation_after_terms=2, rotation_pause_months=12)
    terms = [
        Mandate(1, 1, 7, 3, 2, date(2024, 1, 1), date(2025, 1, 1)),
        Mandate(2, 1, 7, 3, 2, date(2025, 1, 1), date(2026, 1, 1)),
    ]

    def check(today: date) -> None:
        check_can_take_seat(
            member_name="Boris",
            council_name="the Region",
            charter=charter,
            council_id=7,
            mandates_of_member=terms,
            today=today,
        )

    with pytest.raises(Conflict, match=r"2 terms in a row .* until 2027-01-01"):
        check(date(2026, 6, 1))
    check(date(2027, 1, 1))
