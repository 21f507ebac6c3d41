"""Scottish STV, rule by rule (SSI 2007/42 schedule 1, rules 45-52), on counts worked by hand."""

from __future__ import annotations

import pytest

from sovet.voting import Ballots, Report, droop_quota, lot_digest, scottish_stv


def ballots(*groups: tuple[int, str]) -> Ballots:
    """``(count, "ABC")``: ``count`` voters ranking A, then B, then C."""
    names = sorted({name for _, ranking in groups for name in ranking})
    return Ballots.from_rankings(
        [list(ranking) for _, ranking in groups],
        candidates=names,
        counts=[count for count, _ in groups],
    )


def test_rule_46_the_quota_ignores_decimals_and_adds_one() -> None:
    assert droop_quota(100, 3) == 26
    assert droop_quota(5199, 3) == 1300
    assert droop_quota(10, 2) == 4
    result = scottish_stv(ballots((7, "AB"), (3, "B")), seats=2)
    assert result.report.quota == "4.00000"


def test_rule_48_a_surplus_passes_on_at_a_value_cut_to_five_places() -> None:
    """A has 7 votes, quota 4: each of A's papers passes on at 3/7 = 0.42857, the
    remainder ignored; the 0.00001 that the cut removes is recorded as lost."""
    result = scottish_stv(ballots((4, "AB"), (3, "AC"), (1, "B"), (2, "C")), seats=2)
    first, surplus, *_ = result.report.stages
    assert first.elected == ("A",)
    assert surplus.action == "surplus"
    assert surplus.candidates == ("A",)
    assert surplus.transfer_values == {"1.00000": "0.42857"}
    assert surplus.transfers == {"B": "1.71428", "C": "1.28571"}
    assert surplus.lost == "0.00001"
    assert surplus.votes == {"A": "4.00000", "B": "2.71428", "C": "3.28571"}


def test_rule_48_cuts_each_paper_not_the_parcel() -> None:
    """Surplus 1 of 3 votes: each paper is worth 0.33333, so three papers pass 0.99999."""
    result = scottish_stv(ballots((3, "AB"), (1, "C"), (1, "D")), seats=2)
    surplus = result.report.stages[1]
    assert surplus.transfer_values == {"1.00000": "0.33333"}
    assert surplus.transfers == {"B": "0.99999"}
    assert surplus.lost == "0.00001"


def test_rule_48_papers_with_no_next_preference_are_non_transferable() -> None:
    result = scottish_stv(ballots((4, "AB"), (3, "A"), (1, "B"), (2, "C")), seats=2)
    surplus = result.report.stages[1]
    assert surplus.non_transferable == "1.28571"
    assert surplus.total_non_transferable == "1.28571"


def test_rule_48_a_paper_received_by_transfer_passes_on_at_a_share_of_its_value() -> None:
    """B receives A's papers at 0.5 and reaches 7 (quota 4); B's surplus of 3 then passes
    A's papers on at 0.5 x 3 / 7 = 0.21428 and B's own at 3 / 7 = 0.42857."""
    result = scottish_stv(ballots((8, "ABC"), (3, "B"), (2, "C"), (1, "D"), (1, "E")), seats=3)
    stages = result.report.stages
    assert stages[1].candidates == ("A",)
    assert stages[1].transfer_values == {"1.00000": "0.50000"}
    assert stages[1].votes["B"] == "7.00000"
    assert stages[2].candidates == ("B",)
    assert stages[2].transfer_values == {"0.50000": "0.21428", "1.00000": "0.42857"}
    assert stages[2].transfers == {"C": "1.71424"}
    assert stages[2].non_transferable == "1.28571"


def test_rule_49_the_highest_surplus_is_transferred_first() -> None:
    result = scottish_stv(ballots((7, "BC"), (9, "AC"), (2, "C"), (2, "D")), seats=3)
    first, second, third, *_ = result.report.stages
    assert set(first.elected) == {"A", "B"}
    assert (second.action, second.candidates) == ("surplus", ("A",))
    assert (third.action, third.candidates) == ("surplus", ("B",))


def test_rule_50_with_no_surplus_the_lowest_is_excluded_and_their_papers_pass_whole() -> None:
    result = scottish_stv(ballots((5, "A"), (4, "B"), (2, "CB"), (1, "D")), seats=1)
    second = result.report.stages[1]
    assert (second.action, second.excluded) == ("exclusion", ("D",))
    third = result.report.stages[2]
    assert third.excluded == ("C",)
    assert third.transfers == {"B": "2.00000"}
    assert result.elected == ("B",)


def test_papers_skip_candidates_already_elected() -> None:
    """C's papers name A next, but A is elected: they pass to B."""
    result = scottish_stv(ballots((5, "A"), (3, "B"), (3, "E"), (1, "CAB"), (2, "D")), seats=2)
    exclusion = next(stage for stage in result.report.stages if stage.excluded == ("C",))
    assert exclusion.transfers == {"B": "1.00000"}


def test_rule_51_equal_lowest_go_by_the_latest_stage_where_they_differed() -> None:
    """After E's exclusion C and D both have 4; at stage 1 D had fewer, so D goes."""
    result = scottish_stv(ballots((10, "A"), (9, "B"), (4, "C"), (3, "D"), (1, "ED")), seats=1)
    assert result.report.stages[2].excluded == ("D",)
    (tie,) = result.report.tie_breaks
    assert (tie.stage, tie.tied, tie.chosen, tie.by) == (3, ("C", "D"), "D", "stage 1")


def test_rule_51_a_tie_at_every_stage_is_drawn_by_lot_from_the_published_seed() -> None:
    result = scottish_stv(ballots((5, "A"), (3, "B"), (3, "C")), seats=1, seed="seed 2026")
    (tie,) = result.report.tie_breaks
    draws = {name: lot_digest("seed 2026", "stage 2: exclusion", name) for name in "BC"}
    assert tie.by == "lot"
    assert tie.draws == draws
    assert tie.chosen == min("BC", key=draws.__getitem__)
    assert result.report.seed == "seed 2026"
    assert result.report.stages[1].excluded == (tie.chosen,)


def test_the_same_seed_draws_the_same_lot_every_time() -> None:
    profile = ballots((5, "A"), (3, "B"), (3, "C"), (3, "D"))
    draws = {scottish_stv(profile, seats=1, seed="s").report.to_json() for _ in range(3)}
    assert len(draws) == 1


def test_a_tie_left_to_lot_without_a_seed_stops_the_count_and_says_so() -> None:
    result = scottish_stv(ballots((5, "A"), (3, "B"), (3, "C")), seats=1)
    assert not result.success
    assert result.status == 1
    assert result.message == (
        "stage 2: exclusion: B, C are tied at every stage and the rules leave it to lot; "
        "give a seed (published before the count) to draw it"
    )
    assert result.elected == ()


def test_rule_52_continuing_candidates_fill_the_last_vacancies_without_quota() -> None:
    result = scottish_stv(ballots((4, "AB"), (3, "AC"), (1, "B"), (2, "C")), seats=2)
    last = result.report.stages[-1]
    assert result.elected == ("A", "C")
    assert last.elected == ("C",)
    assert "rule 52" in last.notes
    assert float(last.votes["C"]) < 4


def test_rule_52_no_surplus_is_transferred_once_every_seat_is_filled() -> None:
    result = scottish_stv(ballots((6, "AC"), (5, "BC"), (1, "C")), seats=2)
    assert [stage.action for stage in result.report.stages] == ["first preferences"]
    assert result.elected == ("A", "B")


@pytest.mark.parametrize(
    ("seats", "kind", "message"),
    [
        (0, ValueError, "seats: 0 seats for 3 candidates"),
        (4, ValueError, "seats: 4 seats for 3 candidates"),
        ("2", TypeError, "seats: a whole number is needed"),
    ],
)
def test_a_bad_seat_number_is_refused_naming_the_argument(
    seats: object, kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        scottish_stv(ballots((1, "ABC")), seats=seats)  # type: ignore[arg-type]


def test_a_count_with_no_valid_ballot_is_refused() -> None:
    empty = Ballots.from_rankings([[]], candidates=["A", "B"])
    with pytest.raises(ValueError, match="ballots: there is no valid ballot"):
        scottish_stv(empty, seats=1)


def test_the_report_is_versioned_json_that_reads_back_whole() -> None:
    result = scottish_stv(ballots((10, "A"), (3, "B"), (3, "C")), seats=1, seed="x")
    text = result.report.to_json()
    assert '"format": "sovet.count/1"' in text
    assert Report.from_json(text) == result.report


def test_a_report_of_an_unknown_format_is_refused() -> None:
    data = scottish_stv(ballots((3, "A"), (1, "B")), seats=1).report.to_dict()
    data["format"] = "sovet.count/99"
    with pytest.raises(ValueError, match=r"format: 'sovet\.count/99' is not a count report format"):
        Report.from_dict(data)
