"""Instant runoff, Schulze, approval and Meek STV on counts worked by hand."""

from __future__ import annotations

import pytest

from sovet.voting import BallotError, Ballots, approval, instant_runoff, meek_stv, schulze

from .test_scottish_stv import ballots


def test_instant_runoff_excludes_the_lowest_until_someone_has_a_majority() -> None:
    result = instant_runoff(ballots((8, "A"), (5, "BC"), (6, "CB"), (2, "DB")))
    _, second, third = result.report.stages
    assert second.excluded == ("D",)
    assert second.votes == {"A": "8", "B": "7", "C": "6"}
    assert third.excluded == ("C",)
    assert third.votes == {"A": "8", "B": "13"}
    assert result.elected == ("B",)
    assert third.notes == {"continuing votes": 21, "majority": 11}


def test_instant_runoff_counts_only_continuing_ballots_towards_the_majority() -> None:
    result = instant_runoff(ballots((4, "A"), (3, "B"), (2, "C"), (1, "DA")))
    last = result.report.stages[-1]
    assert last.total_non_transferable == "2"
    assert result.elected == ("A",)


def test_batch_exclusion_drops_every_sure_loser_at_once() -> None:
    """C (2) and D (1) together have 3, fewer than B's 5: both go in one round."""
    profile = ballots((6, "A"), (5, "BA"), (2, "CB"), (1, "DB"))
    one_by_one = instant_runoff(profile)
    batched = instant_runoff(profile, exclude_in_batches=True)
    assert [stage.excluded for stage in one_by_one.report.stages] == [(), ("D",), ("C",)]
    assert [stage.excluded for stage in batched.report.stages] == [(), ("D", "C")]
    assert batched.elected == one_by_one.elected == ("B",)


def test_counting_on_to_the_last_two_gives_the_final_two_candidate_count() -> None:
    profile = ballots((8, "A"), (3, "BA"), (2, "C"))
    assert [stage.number for stage in instant_runoff(profile).report.stages] == [1]
    to_the_end = instant_runoff(profile, stop_at_majority=False)
    assert to_the_end.report.stages[-1].votes == {"A": "8", "B": "3"}
    assert to_the_end.elected == ("A",)


def test_schulze_elects_the_condorcet_winner_that_runoff_misses() -> None:
    """The centre candidate C is preferred to each rival head to head but is first on
    few ballots, so instant runoff excludes C at once."""
    profile = ballots((4, "ACB"), (3, "BCA"), (2, "CAB"))
    assert schulze(profile).elected == ("C",)
    assert instant_runoff(profile).elected == ("A",)


def test_schulze_publishes_the_pairwise_counts_and_the_ranking() -> None:
    result = schulze(ballots((4, "ACB"), (3, "BCA"), (2, "CAB")))
    pairwise = result.report.extra["pairwise"]
    assert pairwise == {
        "A": {"A": 0, "B": 6, "C": 4},
        "B": {"A": 3, "B": 0, "C": 3},
        "C": {"A": 5, "B": 6, "C": 0},
    }
    assert result.report.extra["ranking"] == [["C"], ["A"], ["B"]]


def test_schulze_ranks_a_candidate_above_every_unranked_one() -> None:
    result = schulze(ballots((3, "A"), (2, "BC")))
    assert result.report.extra["pairwise"]["A"] == {"A": 0, "B": 3, "C": 3}
    assert result.elected == ("A",)


def test_schulze_breaks_a_cycle_by_the_strongest_path() -> None:
    """A > B 7:2, B > C 5:4, C > A 6:3: the weakest link, B > C, gives way, so C wins."""
    result = schulze(ballots((3, "ABC"), (2, "BCA"), (4, "CAB")))
    assert result.elected == ("C",)
    assert result.report.extra["ranking"] == [["C"], ["A"], ["B"]]


def test_an_exact_schulze_tie_needs_the_seed_then_is_drawn_by_lot() -> None:
    profile = ballots((1, "AB"), (1, "BA"))
    assert not schulze(profile).success
    drawn = schulze(profile, seed="published")
    assert drawn.success
    assert drawn.report.tie_breaks[0].by == "lot"


def test_schulze_refuses_an_unknown_strength() -> None:
    with pytest.raises(ValueError, match="strength: 'ratio'"):
        schulze(ballots((1, "AB")), strength="ratio")  # type: ignore[arg-type]


def test_approval_elects_the_most_approved() -> None:
    result = approval(
        [{"Ada", "Bea"}, {"Bea"}, {"Cyd", "Bea"}, set()],
        candidates=["Ada", "Bea", "Cyd"],
        seats=2,
        seed="s",
    )
    assert result.elected[0] == "Bea"
    assert result.report.stages[0].votes == {"Ada": "1", "Bea": "3", "Cyd": "1"}
    assert result.report.blank == 1
    assert result.report.tie_breaks[0].tied == ("Ada", "Cyd")


def test_approval_refuses_an_unknown_or_repeated_name_by_ballot_number() -> None:
    with pytest.raises(BallotError, match="ballot 2: 'Zed' is not a candidate"):
        approval([["Ada"], ["Zed"]], candidates=["Ada"])
    with pytest.raises(BallotError, match="ballot 1: 'Ada' is approved twice"):
        approval([["Ada", "Ada"]], candidates=["Ada"])
    with pytest.raises(ValueError, match="counts: more counts than ballots"):
        approval([["Ada"]], candidates=["Ada"], counts=[1, 2])


def test_meek_passes_surpluses_on_through_every_ballot() -> None:
    """A's surplus reaches C through the ballots that rank the elected B second."""
    result = meek_stv(ballots((10, "ABC"), (3, "B"), (4, "C"), (5, "D")), seats=2)
    assert result.success
    assert result.elected[0] == "A"
    keep = result.report.stages[-1].notes["keep factors"]
    assert isinstance(keep, dict)
    assert 0 < float(keep["A"]) < 1


def test_meek_elects_as_many_as_there_are_seats() -> None:
    profile = ballots((5, "ABC"), (4, "BCA"), (3, "CAB"), (2, "DAB"), (1, "E"))
    for seats in range(1, 6):
        assert len(meek_stv(profile, seats=seats, seed="s").elected) == seats


def test_meek_refuses_bad_precision() -> None:
    with pytest.raises(ValueError, match="places: 12"):
        meek_stv(ballots((1, "AB")), seats=1, places=12)
    with pytest.raises(ValueError, match="omega: 10"):
        meek_stv(ballots((1, "AB")), seats=1, omega=10)


def test_every_method_refuses_ballots_with_no_valid_paper() -> None:
    empty = Ballots.from_rankings([[]], candidates=["A", "B"])
    for count in (instant_runoff, schulze):
        with pytest.raises(ValueError, match="no valid ballot"):
            count(empty)
