"""Independent counters (pref_voting, votekit, stvpoll) run on our ballots.

Each function takes :class:`Ballots` and returns the elected candidates as a set of
names, so that a test can put the libraries' results beside ours. A library that cannot
be imported here is reported through ``missing`` (a skip locally, a failure in CI).
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from types import ModuleType
from typing import Any

from sovet.voting import Ballots


def library(name: str, missing: Callable[[str], None]) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as error:
        missing(f"the reference counter {name} ({error})")
        raise


def pref_voting_profile(ballots: Ballots) -> Any:
    from pref_voting.profiles_with_ties import ProfileWithTies

    rankings = []
    counts = []
    for ranking, count in ballots.items():
        rankings.append({name: rank for rank, name in enumerate(ranking, start=1)})
        counts.append(count)
    profile = ProfileWithTies(rankings, rcounts=counts, candidates=list(ballots.candidates))
    profile.use_extended_strict_preference()
    return profile


def pref_voting_scottish(ballots: Ballots, seats: int) -> set[str]:
    from pref_voting.proportional_methods import stv_scottish

    profile = pref_voting_profile(ballots)
    return set(stv_scottish(profile, num_seats=seats, rng=random.Random(0)))


def pref_voting_meek(ballots: Ballots, seats: int) -> set[str]:
    from pref_voting.proportional_methods import stv_meek

    return set(stv_meek(pref_voting_profile(ballots), num_seats=seats))


def pref_voting_irv(ballots: Ballots) -> set[str]:
    from pref_voting.iterative_methods import instant_runoff

    return set(instant_runoff(pref_voting_profile(ballots)))


def pref_voting_schulze(ballots: Ballots) -> set[str]:
    from pref_voting.margin_based_methods import beat_path

    return set(beat_path(pref_voting_profile(ballots)))


def votekit_profile(ballots: Ballots) -> Any:
    from votekit import RankBallot, RankProfile

    return RankProfile(
        ballots=[
            RankBallot(ranking=[{name} for name in ranking], weight=count)
            for ranking, count in ballots.items()
        ],
        candidates=list(ballots.candidates),
    )


def votekit_stv(ballots: Ballots, seats: int) -> set[str]:
    from votekit.elections import STV

    election = STV(votekit_profile(ballots), n_seats=seats, simultaneous=False)
    return {name for group in election.get_elected() for name in group}


def votekit_schulze(ballots: Ballots) -> set[str]:
    from votekit.elections import Schulze

    return set(next(iter(Schulze(votekit_profile(ballots)).get_elected())))


def stvpoll_scottish(ballots: Ballots, seats: int) -> set[str]:
    from stvpoll.scottish_stv import calculate_scottish_stv

    result = calculate_scottish_stv(
        list(ballots.candidates), dict(ballots.items()), seats, random_shuffle=False
    )
    return set(result.elected_as_tuple())
