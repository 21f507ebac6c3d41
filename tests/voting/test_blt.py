"""BLT files: read, written back, and refused line by line when malformed."""

from __future__ import annotations

import pytest

from sovet.voting import BltError, Election, read_blt, scottish_stv, write_blt

EXAMPLE = """\
4 2
-4
12 1 2 0
7 2 1 3 0
3 3 0
2 4 1 0
1 0
0
"Ada"
"Bea"
"Cyd"
"Dee"
"Works council"
"""


def test_a_blt_file_gives_its_candidates_seats_title_withdrawals_and_ballots() -> None:
    election = read_blt(EXAMPLE)
    assert election.seats == 2
    assert election.title == "Works council"
    assert election.withdrawn == ("Dee",)
    assert election.ballots.candidates == ("Ada", "Bea", "Cyd", "Dee")
    assert dict(election.ballots.items()) == {
        ("Ada", "Bea"): 12,
        ("Bea", "Ada", "Cyd"): 7,
        ("Cyd",): 3,
        ("Dee", "Ada"): 2,
    }
    assert election.ballots.blank == 1


def test_a_withdrawn_candidate_is_skipped_on_every_ballot_when_counted() -> None:
    counted = read_blt(EXAMPLE).counted()
    assert counted.candidates == ("Ada", "Bea", "Cyd")
    assert counted.first_preferences() == {"Ada": 14, "Bea": 7, "Cyd": 3}


def test_writing_and_reading_back_gives_the_same_election() -> None:
    election = read_blt(EXAMPLE)
    again = read_blt(write_blt(election))
    assert again.ballots.candidates == election.ballots.candidates
    assert sorted(again.ballots.items()) == sorted(election.ballots.items())
    assert (again.seats, again.title, again.withdrawn, again.ballots.blank) == (
        2,
        "Works council",
        ("Dee",),
        1,
    )


def test_written_blt_lists_the_most_cast_rankings_first() -> None:
    lines = write_blt(read_blt(EXAMPLE)).splitlines()
    assert lines[:4] == ["4 2", "-4", "12 1 2 0", "7 2 1 3 0"]


def test_a_quote_in_a_name_is_doubled_on_writing_and_undoubled_on_reading() -> None:
    election = read_blt(EXAMPLE.replace('"Bea"', '"Bea ""the Red"""'))
    assert election.ballots.candidates[1] == 'Bea "the Red"'
    assert read_blt(write_blt(election)).ballots.candidates[1] == 'Bea "the Red"'


def test_unquoted_names_one_per_line_are_read_as_published() -> None:
    text = EXAMPLE.replace('"Ada"', "Ada Lovelace (Ind)").replace('"Works council"', "Ward 1")
    election = read_blt(text)
    assert election.ballots.candidates[0] == "Ada Lovelace (Ind)"
    assert election.title == "Ward 1"


@pytest.mark.parametrize(
    ("broken", "line", "fault"),
    [
        ("4 2\n", "4 two\n", "expected 'candidates seats' (two whole numbers), got '4 two'"),
        ("3 3 0\n", "3 3\n", "a ballot line must end with 0"),
        ("3 3 0\n", "x 3 0\n", "the ballot count 'x' is not a whole number from 1"),
        ("3 3 0\n", "\u00b2 3 0\n", "the ballot count '\u00b2' is not a whole number from 1"),
        ("3 3 0\n", "3 \u00b2 0\n", "'\u00b2' at rank 1 is not a candidate (1 to 4)"),
        ("4 2\n", "4 \u00b9\n", "expected 'candidates seats' (two whole numbers), got '4 \u00b9'"),
        (
            "3 3 0\n",
            "9223372036854775807 3 0\n",
            "the ballot count 9223372036854775807 is too large (at most 9007199254740991)",
        ),
        (
            "3 3 0\n",
            f"{'9' * 5000} 3 0\n",
            f"the ballot count {'9' * 5000} is too large (at most 9007199254740991)",
        ),
        ("3 3 0\n", "3 5 0\n", "'5' at rank 1 is not a candidate (1 to 4)"),
        ("3 3 0\n", "3 3 3 0\n", "candidate 3 is ranked twice"),
        ("3 3 0\n", "3 1=3 0\n", "rank 1 gives equal preferences ('1=3')"),
        ("3 3 0\n", "3 1 - 3 0\n", "rank 2 is skipped (ranks must run without a gap)"),
        ("-4\n", "-7\n", "'-7' is not a withdrawn candidate (-1 to -4)"),
    ],
)
def test_a_malformed_line_is_refused_with_its_number(broken: str, line: str, fault: str) -> None:
    text = EXAMPLE.replace(broken, line, 1)
    number = text.splitlines().index(line.strip()) + 1
    with pytest.raises(BltError) as raised:
        read_blt(text)
    assert raised.value.line == number
    assert raised.value.message == f"line {number}: {fault}"


def test_a_file_that_stops_early_is_refused_at_its_last_line() -> None:
    with pytest.raises(BltError, match=r"line 3: the file ends before the end of the ballots"):
        read_blt("2 1\n1 1 0\n1 2 0\n")
    with pytest.raises(BltError, match=r"line 5: 2 candidates but only 1 names follow"):
        read_blt('2 1\n1 1 0\n0\n"Ada"\n\n')


def test_a_name_repeated_or_text_after_the_title_is_refused() -> None:
    with pytest.raises(BltError, match="line 5: 'Ada' is named twice"):
        read_blt('2 1\n1 1 0\n0\n"Ada"\n"Ada"\n"T"\n')
    with pytest.raises(BltError, match="line 6: unexpected text after the title"):
        read_blt('1 1\n1 1 0\n0\n"Ada"\n"T"\n"extra"\n')


def test_ballot_counts_are_refused_where_they_add_up_beyond_exact_counting() -> None:
    half = 2**52
    read_blt(f'2 1\n{half} 1 0\n{half - 1} 2 0\n0\n"Ada"\n"Bea"\n"T"\n')
    with pytest.raises(BltError, match=r"^line 3: the ballot counts add up to 9007199254740992"):
        read_blt(f'2 1\n{half} 1 0\n{half} 2 0\n0\n"Ada"\n"Bea"\n"T"\n')


def test_the_largest_ballot_count_is_counted_exactly() -> None:
    most = 2**53 - 1
    election = read_blt(f'2 1\n{most - 1} 1 0\n1 2 0\n0\n"Ada"\n"Bea"\n"T"\n')
    assert election.ballots.total == most
    assert dict(election.ballots.items()) == {("Ada",): most - 1, ("Bea",): 1}


def test_more_seats_than_standing_candidates_is_refused() -> None:
    with pytest.raises(BltError, match="line 1: 2 seats but only 1 candidates stand"):
        read_blt('2 2\n-2\n1 1 0\n0\n"Ada"\n"Bea"\n"T"\n')


def test_a_blt_election_counts_directly() -> None:
    election: Election = read_blt(EXAMPLE)
    result = scottish_stv(election.counted(), seats=election.seats)
    assert result.elected == ("Ada", "Bea")
