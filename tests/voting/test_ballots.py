"""Ballots: refused with a clear message when they cannot be counted; aggregated otherwise."""

from __future__ import annotations

import numpy as np
import pytest

from sovet.domain.errors import Invalid
from sovet.voting import BallotError, Ballots

CANDIDATES = ("Ada", "Bea", "Cyd")


def refusal(rankings: list[list[str | None]]) -> BallotError:
    with pytest.raises(BallotError) as raised:
        Ballots.from_rankings(rankings, candidates=CANDIDATES)
    return raised.value


def test_a_ballot_ranking_a_candidate_who_is_not_standing_is_refused_by_number() -> None:
    error = refusal([["Ada"], ["Bea", "Zed"]])
    assert error.ballot == 2
    assert error.message == "ballot 2: 'Zed' is not a candidate"


def test_a_ballot_ranking_one_candidate_twice_is_refused() -> None:
    assert refusal([["Ada", "Bea", "Ada"]]).message == "ballot 1: 'Ada' is ranked twice"


def test_a_ballot_that_skips_a_rank_is_refused() -> None:
    error = refusal([["Ada", "Bea"], ["Ada", None, "Cyd"]])
    assert error.message == (
        "ballot 2: rank 2 is skipped (ranks must run 1, 2, 3, ... without a gap)"
    )


def test_the_first_of_several_identical_faulty_ballots_is_the_one_named() -> None:
    assert refusal([["Ada"], ["Bea"], ["Zed"], ["Zed"]]).ballot == 3


def test_a_ballot_error_is_a_refusal_the_web_layer_answers_with_422() -> None:
    assert isinstance(refusal([["Zed"]]), Invalid)
    assert BallotError.status == 422


def test_marks_with_a_gap_equal_ranks_or_an_unknown_name_are_refused() -> None:
    cases = {
        "ballot 1: rank 2 is skipped (ranks must run 1, 2, 3, ...)": {"Ada": 1, "Bea": 3},
        "ballot 1: 'Ada' and 'Bea' share rank 1": {"Ada": 1, "Bea": 1},
        "ballot 1: 'Zed' is not a candidate": {"Zed": 1},
        "ballot 1: 'Ada' has rank 0: ranks are 1, 2, 3, ...": {"Ada": 0},
    }
    for message, marks in cases.items():
        with pytest.raises(BallotError) as raised:
            Ballots.from_marks([marks], candidates=CANDIDATES)
        assert raised.value.message == message


def test_marks_become_rankings_in_rank_order() -> None:
    ballots = Ballots.from_marks([{"Cyd": 2, "Ada": 1}], candidates=CANDIDATES)
    assert list(ballots.items()) == [(("Ada", "Cyd"), 1)]


def test_identical_rankings_are_held_once_with_their_number_of_voters() -> None:
    ballots = Ballots.from_rankings(
        [["Ada", "Bea"], ["Bea"], ["Ada", "Bea"], ["Ada", "Bea"]], candidates=CANDIDATES
    )
    assert len(ballots) == 2
    assert ballots.total == 4
    assert dict(ballots.items()) == {("Ada", "Bea"): 3, ("Bea",): 1}
    assert ballots.first_preferences() == {"Ada": 3, "Bea": 1, "Cyd": 0}


def test_blank_ballots_are_set_apart_and_not_valid_papers() -> None:
    ballots = Ballots.from_rankings([[], ["Cyd"], []], candidates=CANDIDATES)
    assert ballots.blank == 2
    assert ballots.total == 1


def test_counts_say_how_many_voters_cast_each_ranking() -> None:
    ballots = Ballots.from_rankings(
        [["Ada"], ["Bea"], ["Ada"]], candidates=CANDIDATES, counts=[2, 5, 1]
    )
    assert dict(ballots.items()) == {("Ada",): 3, ("Bea",): 5}


@pytest.mark.parametrize(
    ("counts", "message"),
    [([1], "counts: 2 counts are needed, one per ranking"), ([1, -1], "counts: entry 2 is -1")],
)
def test_bad_counts_are_refused_naming_the_argument(counts: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Ballots.from_rankings([["Ada"], ["Bea"]], candidates=CANDIDATES, counts=counts)


@pytest.mark.parametrize(
    ("candidates", "message"),
    [
        ((), "candidates: at least one"),
        (("Ada", "Ada"), "'Ada' is listed twice"),
        (("",), "not a name"),
    ],
)
def test_a_bad_candidate_list_is_refused(candidates: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Ballots.from_rankings([], candidates=candidates)


def test_counts_that_add_up_beyond_exact_counting_are_refused() -> None:
    with pytest.raises(ValueError, match=r"counts: 9007199254740992 ballots in all, too many"):
        Ballots.from_rankings([["Ada"], ["Bea"]], candidates=CANDIDATES, counts=[2**52, 2**52])
    with pytest.raises(ValueError, match=r"counts: 10{23} ballots in all, too many"):
        Ballots.from_rankings([["Ada"]], candidates=CANDIDATES, counts=[10**23])


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        (np.array([2**63 - 1, 1]), "counts: a count is too large to count exactly"),
        (np.array([2**64 - 1, 1], dtype=np.uint64), "counts: a count is too large"),
        (np.full(2048, 2**52), r"counts: 9223372036854775808 ballots in all, too many"),
    ],
)
def test_array_counts_beyond_exact_counting_are_refused(
    counts: np.ndarray[tuple[int], np.dtype[np.integer]], message: str
) -> None:
    rows = np.zeros((len(counts), 1), dtype=np.int16)
    with pytest.raises(ValueError, match=message):
        Ballots.from_array(rows, candidates=CANDIDATES, counts=counts)


def test_array_counts_up_to_the_limit_are_summed_exactly() -> None:
    rows = np.array([[0], [1], [0]])
    ballots = Ballots.from_array(rows, candidates=CANDIDATES, counts=[2**52, 2**52 - 2, 1])
    assert dict(ballots.items()) == {("Ada",): 2**52 + 1, ("Bea",): 2**52 - 2}
    assert ballots.total == 2**53 - 1


def test_an_array_of_indices_is_validated_and_aggregated_in_bulk() -> None:
    rows = np.array([[0, 1, -1], [2, -1, -1], [0, 1, -1], [-1, -1, -1]])
    ballots = Ballots.from_array(rows, candidates=CANDIDATES)
    assert dict(ballots.items()) == {("Ada", "Bea"): 2, ("Cyd",): 1}
    assert ballots.blank == 1
    assert ballots.rankings.shape == (2, 2)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([0, 3, -1], "ballot 2: candidate index 3 is not a candidate"),
        ([0, -1, 1], "ballot 2: rank 2 is skipped"),
        ([2, 0, 2], "ballot 2: candidate index 2 is ranked twice"),
    ],
)
def test_an_array_row_with_a_fault_is_refused_by_its_number(row: list[int], message: str) -> None:
    rows = np.array([[0, 1, 2], row])
    with pytest.raises(BallotError, match=message):
        Ballots.from_array(rows, candidates=CANDIDATES)


def test_the_array_path_and_the_name_path_give_the_same_ballots() -> None:
    rng = np.random.default_rng(7)
    rows = np.full((500, 3), -1)
    for row in rows:
        length = int(rng.integers(1, 4))
        row[:length] = rng.permutation(3)[:length]
    by_array = Ballots.from_array(rows, candidates=CANDIDATES)
    by_name = Ballots.from_rankings(
        [[CANDIDATES[c] for c in row if c >= 0] for row in rows.tolist()], candidates=CANDIDATES
    )
    assert sorted(by_array.items()) == sorted(by_name.items())


def test_withdrawing_a_candidate_moves_each_ranking_up_and_merges_equal_ones() -> None:
    ballots = Ballots.from_rankings(
        [["Bea", "Ada"], ["Ada"], ["Bea"], ["Bea", "Cyd"]], candidates=CANDIDATES
    )
    without = ballots.withdraw({"Bea"})
    assert without.candidates == ("Ada", "Cyd")
    assert dict(without.items()) == {("Ada",): 2, ("Cyd",): 1}
    assert without.blank == 1


def test_a_blank_rank_after_the_last_preference_only_ends_the_ranking() -> None:
    ballots = Ballots.from_rankings(
        [["Ada", None], ["Ada"], ["Bea", None, None]], candidates=CANDIDATES
    )
    assert dict(ballots.items()) == {("Ada",): 2, ("Bea",): 1}
    assert len(ballots) == 2


def test_the_first_real_fault_is_named_past_harmless_blank_ranks() -> None:
    error = refusal([["Ada", None], ["Bea", None, "Cyd"]])
    assert error.message == (
        "ballot 2: rank 2 is skipped (ranks must run 1, 2, 3, ... without a gap)"
    )
