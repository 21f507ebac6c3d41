"""Real elections with official results: our counts elect the officially elected.

Where a reference count publishes per-stage figures for the same rules, every figure is
reproduced exactly: Droop's Scottish STV counts (fixed point, five places) of five
Glasgow 2007 wards and of Glasgow Linn 2017 and 2022, and RCTab's round-by-round
tallies of the Minneapolis 2013 and 2017 mayoral races. The official results written
here are those quoted by each data folder's SOURCE.md (the folders' expected.json files,
which SOURCE.md mentions, are not in the shared data).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sovet.voting import instant_runoff, meek_stv, schulze, scottish_stv

from .data import (
    UNDECLARED,
    blt,
    droop_dump,
    droop_report,
    minneapolis,
    preflib,
    profile_ballots,
    profiles,
    whole,
)

pytestmark = pytest.mark.reference_data

GLASGOW_2007 = {
    "Anderston-City": {"Nina Baker", "Philip Braat", "Craig MacKay", "Gordon Matheson"},
    "Calton": {"George Redmond", "Ruth Simpson", "Alison E Thewliss"},
    "Greater-Pollock": {"Patricia Duffy", "Alex Glass", "Tommy Morrison", "William O'Rourke"},
    "Linn": {"Margot Clark", "Sadie Docherty", "John McKenzie", "David Ritchie"},
    "Pollokshields": {"Khalil Malik", "David Meikle", "Irfan Rabbani"},
}

LINN = {
    "glasgow_2017_ward1": {
        "Euan BLOCKLEY (C)",
        "Malcolm CUNNING (Lab)",
        "Glenn ELDER (SNP)",
        "Margaret MORGAN (SNP)",
    },
    "glasgow_2022_ward1": {
        "Malcolm CUNNING Glasgow Labour",
        "Paul MCCABE Scottish National Party (SNP)",
        "Margaret MORGAN Scottish National Party (SNP)",
        "Catherine VALLIS Glasgow Labour",
    },
}


@pytest.mark.parametrize("ward", sorted(GLASGOW_2007))
def test_glasgow_2007_wards_elect_the_official_councillors_with_droops_every_figure(
    reference_data: Path, ward: str
) -> None:
    election = blt(reference_data, f"scotland_glasgow_2007_droop/blt/{ward}-2007.blt")
    result = scottish_stv(election.counted(), seats=election.seats)
    assert set(result.elected) == GLASGOW_2007[ward]
    reference = droop_dump(reference_data, ward)
    assert len(result.report.stages) == len(reference)
    for stage, expected in zip(result.report.stages, reference, strict=True):
        assert stage.votes == expected.votes, f"{ward} stage {stage.number}"
        assert stage.total_non_transferable == expected.non_transferable


@pytest.mark.parametrize("ward", sorted(LINN))
def test_glasgow_linn_2017_and_2022_reproduce_droops_report_stage_by_stage(
    reference_data: Path, ward: str
) -> None:
    election = blt(reference_data, f"scotland_linn_2017_2022_scot_elex/{ward}.quoted.blt")
    result = scottish_stv(election.counted(), seats=election.seats)
    assert set(result.elected) == LINN[ward]
    reference = droop_report(reference_data, f"droop_scotland_report_{ward}.txt")
    assert len(result.report.stages) == len(reference)
    for stage, expected in zip(result.report.stages, reference, strict=True):
        assert {name: stage.votes[name] for name in expected.votes} == expected.votes
        assert stage.total_non_transferable == expected.non_transferable


@pytest.mark.parametrize("ward", sorted(LINN))
def test_the_scot_elex_originals_read_as_the_gatherers_quoted_copies(
    reference_data: Path, ward: str
) -> None:
    """2017 names its candidates unquoted; 2022 quotes them CSV-style, inner quotes doubled."""
    folder = "scotland_linn_2017_2022_scot_elex"
    original = blt(reference_data, f"{folder}/{ward}.original.blt")
    quoted = blt(reference_data, f"{folder}/{ward}.quoted.blt")
    unquoted = tuple(name.replace('"', "") for name in original.ballots.candidates)
    assert unquoted == quoted.ballots.candidates
    ballots = [(tuple(name.replace('"', "") for name in r), n) for r, n in original.ballots.items()]
    assert sorted(ballots) == sorted(quoted.ballots.items())


def test_dublin_west_2002_elects_lenihan_higgins_and_burton_on_the_official_quota(
    reference_data: Path,
) -> None:
    """Irish rules differ (surplus from the last parcel, papers drawn at random), so only
    the elected set, the quota and the official first preferences are compared."""
    election = blt(reference_data, "irish_dublin_west_2002/dublin_west_2002.blt")
    ballots = election.counted()
    assert ballots.total == 29_988
    assert ballots.first_preferences() == {
        "Robert Bonnie": 748,
        "Joan Burton": 3810,
        "Deirdre Doherty Ryan": 2300,
        "Joe Higgins": 6442,
        "Brian Lenihan": 8086,
        "Mary Lou McDonald": 2404,
        "Tom Morrissey": 2370,
        "John Thomas Smyth": 134,
        "Sheila Terry": 3694,
    }
    official = {"Brian Lenihan", "Joe Higgins", "Joan Burton"}
    scottish = scottish_stv(ballots, seats=3)
    assert scottish.report.quota == "7498.00000"
    assert set(scottish.elected) == official
    assert set(meek_stv(ballots, seats=3).elected) == official


@pytest.mark.parametrize(
    ("folder", "winner"), [("2013_mayor", "BETSY HODGES"), ("2017_mayor", "Jacob Frey")]
)
def test_minneapolis_mayoral_runoffs_reproduce_rctabs_every_round(
    reference_data: Path, folder: str, winner: str
) -> None:
    """RCTab first excludes the undeclared write-ins alone, then excludes in batches; so
    its round 1 is our first preferences, and its round n + 1 our round n once the
    write-ins are withdrawn."""
    contest = minneapolis(reference_data, folder)
    first = {name: whole(votes) for name, votes in contest.rounds[0]["tally"].items()}
    assert contest.ballots.first_preferences() == first
    result = instant_runoff(contest.ballots.withdraw([UNDECLARED]), exclude_in_batches=True)
    assert result.elected == (winner,)
    assert len(result.report.stages) == len(contest.rounds) - 1
    for stage, published in zip(result.report.stages, contest.rounds[1:], strict=True):
        tally = {name: whole(votes) for name, votes in published["tally"].items()}
        assert {name: int(votes) for name, votes in stage.votes.items()} == tally


def test_minneapolis_park_board_2013_elects_erwin_young_and_forney(reference_data: Path) -> None:
    """RCTab's multi-seat rules (four places, several winners per round) are not ours;
    the elected set and the quota agree."""
    contest = minneapolis(reference_data, "2013_park_board")
    official = {"JOHN ERWIN", "ANNIE YOUNG", "MEG FORNEY"}
    result = scottish_stv(contest.ballots, seats=3)
    assert result.report.quota == f"{whole(contest.rounds[0]['threshold'])}.00000"
    assert set(result.elected) == official
    assert set(meek_stv(contest.ballots, seats=3).elected) == official


NSW = {
    "00058-00000003": ("SMITH Tamara", {"SMITH Tamara": "21528", "BEAVIS Kris": "18996"}),
    "00058-00000045": ("GEORGE Thomas", None),
    "00058-00000080": ("GREENWICH Alex", {"GREENWICH Alex": "20612", "PANDELEOS Patrice": "14885"}),
    "00058-00000099": ("BUTLER Roy", None),
    "00058-00000138": ("SAFFIN Janelle", None),
}


@pytest.mark.parametrize("contest", sorted(NSW))
def test_nsw_legislative_assembly_seats_go_to_the_official_winners(
    reference_data: Path, contest: str
) -> None:
    ballots = preflib(reference_data, f"nsw_la_irv_preflib/{contest}.soi")
    winner, final_two = NSW[contest]
    assert instant_runoff(ballots).elected == (winner,)
    to_the_end = instant_runoff(ballots, stop_at_majority=False)
    assert to_the_end.elected == (winner,)
    if final_two is not None:
        assert to_the_end.report.stages[-1].votes == final_two


@pytest.mark.parametrize(
    ("year", "number", "winner"),
    [(2002, 1, "Bdale Garbee"), (2005, 3, "Branden Robinson"), (2007, 5, "Sam Hocevar")],
)
def test_debian_project_leader_elections_go_to_the_official_schulze_winner(
    reference_data: Path, year: int, number: int, winner: str
) -> None:
    ballots = preflib(reference_data, f"debian_dpl_preflib/00002-0000000{number}.soi")
    assert schulze(ballots).elected == (winner,), year
    assert schulze(ballots, strength="margins").elected == (winner,), year


def test_burlington_2009_shows_runoff_and_schulze_parting_ways(reference_data: Path) -> None:
    profile = profiles(reference_data)["burlington_2009_mayor"]
    ballots = profile_ballots(profile)
    expected = profile["expected"]
    runoff = instant_runoff(ballots)
    assert runoff.elected == (expected["irv_winner"],)
    rounds = expected["irv_rounds_on_this_profile"]
    assert {k: int(v) for k, v in runoff.report.stages[0].votes.items()} == rounds[0]
    last = runoff.report.stages[1]
    assert {k: int(v) for k, v in last.votes.items()} == {
        k: v for k, v in rounds[1].items() if k != "exhausted"
    }
    assert int(last.total_non_transferable) == rounds[1]["exhausted"]
    assert schulze(ballots).elected == (expected["schulze_winner"],)


def test_the_1990_irish_presidency_reproduces_both_official_counts(reference_data: Path) -> None:
    profile = profiles(reference_data)["ireland_president_1990"]
    ballots = profile_ballots(profile)
    expected = profile["expected"]
    result = scottish_stv(ballots, seats=1)
    assert result.elected == (expected["winner"],)
    assert result.report.quota == f"{expected['quota_on_first_count']}.00000"
    first, second = result.report.stages
    assert {k: int(v[:-6]) for k, v in first.votes.items()} == expected["first_count"]
    second_count = dict(expected["second_count"])
    assert int(second.total_non_transferable[:-6]) == second_count.pop("non_transferable")
    assert {k: int(v[:-6]) for k, v in second.votes.items() if k in second_count} == second_count
