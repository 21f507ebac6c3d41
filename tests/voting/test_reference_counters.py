"""Our counts beside independent counters on the same ballots: the same candidates win.

pref_voting (``stv_scottish``, ``stv_meek``, ``instant_runoff``, ``beat_path``), votekit
(``STV``, ``Schulze``) and stvpoll (``ScottishSTV``) count the real elections and seeded
random profiles. Their arithmetic differs from the statute's (floating point, or
rounding instead of cutting), so only the elected candidates are compared, and random
profiles on which our count needed a tie-break are left out: each library breaks ties
its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from sovet.voting import Ballots, instant_runoff, meek_stv, schulze, scottish_stv

from . import counters
from .data import blt, minneapolis, preflib

Missing = Callable[[str], None]

SCOTTISH_FILES = [
    "scotland_glasgow_2007_droop/blt/Anderston-City-2007.blt",
    "scotland_glasgow_2007_droop/blt/Calton-2007.blt",
    "scotland_glasgow_2007_droop/blt/Greater-Pollock-2007.blt",
    "scotland_glasgow_2007_droop/blt/Linn-2007.blt",
    "scotland_glasgow_2007_droop/blt/Pollokshields-2007.blt",
    "scotland_linn_2017_2022_scot_elex/glasgow_2017_ward1.quoted.blt",
    "scotland_linn_2017_2022_scot_elex/glasgow_2022_ward1.quoted.blt",
    "irish_dublin_west_2002/dublin_west_2002.blt",
]


@pytest.fixture(scope="module", autouse=True)
def libraries(missing: Missing) -> None:
    for name in ("pref_voting", "votekit", "stvpoll"):
        counters.library(name, missing)


def random_profile(seed: int, *, voters: tuple[int, int]) -> tuple[Ballots, int]:
    """Truncated rankings from a Plackett-Luce model with random candidate strengths."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(4, 9))
    count = int(rng.integers(*voters))
    strengths = np.log(rng.dirichlet(np.full(size, 0.8)))
    order = np.argsort(-(rng.gumbel(size=(count, size)) + strengths), axis=1)
    lengths = rng.integers(1, size + 1, size=count)
    rows = np.where(np.arange(size) < lengths[:, None], order, -1)
    ballots = Ballots.from_array(rows, candidates=[f"C{c}" for c in range(size)])
    return ballots, int(rng.integers(1, min(size, 5)))


@pytest.mark.reference_data
@pytest.mark.parametrize("relative", SCOTTISH_FILES)
def test_real_stv_elections_elect_what_pref_voting_and_stvpoll_elect(
    reference_data: Path, relative: str
) -> None:
    election = blt(reference_data, relative)
    ballots = election.counted()
    ours = set(scottish_stv(ballots, seats=election.seats).elected)
    assert counters.pref_voting_scottish(ballots, election.seats) == ours
    assert counters.stvpoll_scottish(ballots, election.seats) == ours


@pytest.mark.reference_data
@pytest.mark.parametrize("relative", SCOTTISH_FILES[1:3])
def test_real_stv_elections_elect_what_votekit_elects(reference_data: Path, relative: str) -> None:
    election = blt(reference_data, relative)
    ballots = election.counted()
    ours = set(scottish_stv(ballots, seats=election.seats).elected)
    assert counters.votekit_stv(ballots, election.seats) == ours


@pytest.mark.reference_data
def test_the_minneapolis_park_board_elects_the_same_three_in_every_counter(
    reference_data: Path,
) -> None:
    ballots = minneapolis(reference_data, "2013_park_board").ballots
    ours = set(scottish_stv(ballots, seats=3).elected)
    assert ours == set(meek_stv(ballots, seats=3).elected)
    assert counters.pref_voting_scottish(ballots, 3) == ours
    assert counters.stvpoll_scottish(ballots, 3) == ours
    assert counters.votekit_stv(ballots, 3) == ours


@pytest.mark.reference_data
@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_debian_schulze_winners_match_pref_voting_and_votekit(
    reference_data: Path, number: int
) -> None:
    ballots = preflib(reference_data, f"debian_dpl_preflib/00002-0000000{number}.soi")
    ours = set(schulze(ballots, strength="margins").elected)
    assert counters.pref_voting_schulze(ballots) == ours
    assert counters.votekit_schulze(ballots) == ours


@pytest.mark.reference_data
@pytest.mark.parametrize("number", ["03", "45", "80", "99"])
def test_nsw_runoff_winners_match_pref_voting(reference_data: Path, number: str) -> None:
    ballots = preflib(reference_data, f"nsw_la_irv_preflib/00058-000000{number}.soi")
    assert counters.pref_voting_irv(ballots) == set(instant_runoff(ballots).elected)


@pytest.mark.parametrize("seed", range(30))
def test_random_profiles_elect_what_pref_voting_and_stvpoll_elect(seed: int) -> None:
    ballots, seats = random_profile(seed, voters=(100, 3000))
    result = scottish_stv(ballots, seats=seats, seed="tests")
    assert not result.report.tie_breaks, "each counter draws lots its own way: pick another seed"
    ours = set(result.elected)
    assert counters.pref_voting_scottish(ballots, seats) == ours
    assert counters.stvpoll_scottish(ballots, seats) == ours


@pytest.mark.parametrize("seed", range(5))
def test_random_profiles_elect_what_votekit_elects(seed: int) -> None:
    ballots, seats = random_profile(seed, voters=(100, 3000))
    assert counters.votekit_stv(ballots, seats) == set(scottish_stv(ballots, seats=seats).elected)


@pytest.mark.parametrize("seed", range(30))
def test_random_profiles_give_pref_voting_and_votekits_one_seat_winners(seed: int) -> None:
    ballots, _ = random_profile(seed, voters=(100, 3000))
    runoff = instant_runoff(ballots, seed="tests")
    if not runoff.report.tie_breaks:
        assert counters.pref_voting_irv(ballots) == set(runoff.elected)
    beat_path = schulze(ballots, seed="tests", strength="margins")
    if not beat_path.report.tie_breaks:
        assert counters.pref_voting_schulze(ballots) == set(beat_path.elected)
        if seed < 5:
            assert counters.votekit_schulze(ballots) == set(beat_path.elected)


@pytest.mark.parametrize("seed", [0, 1, 3, 4, 5, 6, 7, 8])
def test_meek_elects_what_pref_voting_meek_elects_on_small_profiles(seed: int) -> None:
    """pref_voting's Meek takes minutes on a ward of a few thousand ballots, so only
    small profiles go to it. Seed 2 is left out: its count needs a lot, and each counter
    draws lots its own way."""
    ballots, seats = random_profile(seed, voters=(30, 200))
    result = meek_stv(ballots, seats=max(2, seats), seed="tests")
    assert not result.report.tie_breaks
    assert counters.pref_voting_meek(ballots, max(2, seats)) == set(result.elected)
