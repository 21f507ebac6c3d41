"""Invariants of the counts, on ballots that hypothesis makes up."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sovet.voting import (
    Ballots,
    droop_quota,
    instant_runoff,
    meek_stv,
    read_blt,
    schulze,
    scottish_stv,
    write_blt,
)
from sovet.voting.blt import Election

NAMES = ("Ada", "Bea", "Cyd", "Dee", "Eve", "Fay", "Gus")


@st.composite
def elections(draw: st.DrawFn) -> tuple[Ballots, int]:
    """Ranked ballots over 2 to 7 candidates, truncated anywhere, and a seat number."""
    size = draw(st.integers(2, len(NAMES)))
    names = NAMES[:size]
    ranking = st.permutations(names).flatmap(
        lambda order: st.integers(1, size).map(lambda length: order[:length])
    )
    groups = draw(st.lists(st.tuples(ranking, st.integers(1, 40)), min_size=1, max_size=25))
    ballots = Ballots.from_rankings(
        [list(r) for r, _ in groups], candidates=names, counts=[n for _, n in groups]
    )
    return ballots, draw(st.integers(1, size))


def amount(text: str) -> Decimal:
    return Decimal(text)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_stv_elects_exactly_as_many_distinct_candidates_as_there_are_seats(
    election: tuple[Ballots, int],
) -> None:
    ballots, seats = election
    result = scottish_stv(ballots, seats=seats, seed="property")
    assert result.success
    assert len(result.elected) == len(set(result.elected)) == seats
    assert set(result.elected) <= set(ballots.candidates)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_stv_quota_is_the_droop_quota_and_every_vote_is_accounted_for(
    election: tuple[Ballots, int],
) -> None:
    """At every stage: candidates' votes + non-transferable + lost to rounding = ballots."""
    ballots, seats = election
    report = scottish_stv(ballots, seats=seats, seed="property").report
    assert report.quota == f"{ballots.total // (seats + 1) + 1}.00000"
    assert amount(report.quota) == droop_quota(ballots.total, seats)
    lost = Decimal(0)
    for stage in report.stages:
        lost += amount(stage.lost)
        held = sum(amount(v) for v in stage.votes.values())
        assert held + amount(stage.total_non_transferable) + lost == ballots.total
        assert Decimal(0) <= amount(stage.lost) < Decimal("0.00001") * ballots.total + 1


@settings(max_examples=150, deadline=None)
@given(elections())
def test_stv_exhaustion_never_falls_and_transfers_only_add(election: tuple[Ballots, int]) -> None:
    ballots, seats = election
    report = scottish_stv(ballots, seats=seats, seed="property").report
    totals = [amount(stage.total_non_transferable) for stage in report.stages]
    assert totals == sorted(totals)
    for stage in report.stages:
        assert all(amount(gain) > 0 for gain in stage.transfers.values())


@settings(max_examples=150, deadline=None)
@given(elections())
def test_stv_elected_reach_the_quota_unless_they_fill_the_last_vacancies(
    election: tuple[Ballots, int],
) -> None:
    ballots, seats = election
    report = scottish_stv(ballots, seats=seats, seed="property").report
    quota = amount(report.quota or "0")
    for stage in report.stages:
        for name in stage.elected:
            assert amount(stage.votes[name]) >= quota or "rule 52" in stage.notes
        for name in stage.votes:
            after_surplus = stage.action == "surplus" and name in stage.candidates
            assert not after_surplus or amount(stage.votes[name]) == quota


@settings(max_examples=100, deadline=None)
@given(elections())
def test_a_count_does_not_depend_on_how_ballots_are_grouped_or_candidates_listed(
    election: tuple[Ballots, int],
) -> None:
    ballots, seats = election
    one_by_one = [list(r) for r, n in ballots.items() for _ in range(n)]
    regrouped = Ballots.from_rankings(one_by_one, candidates=tuple(reversed(ballots.candidates)))
    first = scottish_stv(ballots, seats=seats, seed="s")
    again = scottish_stv(regrouped, seats=seats, seed="s")
    assert set(first.elected) == set(again.elected)
    assert first.report.stages[-1].votes == again.report.stages[-1].votes


@settings(max_examples=100, deadline=None)
@given(elections())
def test_one_seat_methods_each_elect_one(election: tuple[Ballots, int]) -> None:
    ballots, seats = election
    runoff = instant_runoff(ballots, seed="s")
    assert len(runoff.elected) == 1
    final = runoff.report.stages[-1].votes
    continuing = sum(int(v) for v in final.values())
    assert 2 * int(final[runoff.elected[0]]) > continuing or len(final) == 1
    assert len(schulze(ballots, seed="s").elected) == 1
    assert len(meek_stv(ballots, seats=seats, seed="s").elected) == seats


@settings(max_examples=100, deadline=None)
@given(elections())
def test_schulze_elects_a_condorcet_winner_whenever_there_is_one(
    election: tuple[Ballots, int],
) -> None:
    ballots, _ = election
    wins = {
        (a, b): sum(
            n for r, n in ballots.items() if a in r and (b not in r or r.index(a) < r.index(b))
        )
        for a in ballots.candidates
        for b in ballots.candidates
        if a != b
    }
    condorcet = [
        a
        for a in ballots.candidates
        if all(wins[a, b] > wins[b, a] for b in ballots.candidates if b != a)
    ]
    if condorcet:
        assert schulze(ballots, seed="s").elected == (condorcet[0],)


@settings(max_examples=100, deadline=None)
@given(elections())
def test_a_blt_file_written_and_read_back_counts_the_same(election: tuple[Ballots, int]) -> None:
    ballots, seats = election
    again = read_blt(write_blt(Election(ballots, seats, "property"))).counted()
    assert sorted(again.items()) == sorted(ballots.items())
    assert scottish_stv(again, seats=seats, seed="s").report.stages == (
        scottish_stv(ballots, seats=seats, seed="s").report.stages
    )
