"""Counting a million ranked ballots, next to pref_voting, votekit and stvpoll in the same run.

    .venv/bin/python benchmarks/count.py                    # 10^6 ballots, 12 candidates, 3 seats
    .venv/bin/python benchmarks/count.py --ballots 100000 --seed 7

The ballots are made up, seeded: truncated rankings from a Plackett-Luce model (a few
strong candidates, a long tail) with ranking lengths 1 to 12, most short. Our Scottish
STV is timed from the raw ballots (validation and aggregation included) to the full
report; each library is given the ballots already aggregated into its own profile type
(the building time is shown apart) and timed on the count alone. Every counter must
elect the same candidates, and every Schulze counter the same winner, or the run fails.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sovet.voting import Ballots, meek_stv, schulze, scottish_stv

CANDIDATES = 12


def make_ballots(count: int, seed: int) -> tuple[NDArray[np.int16], list[str]]:
    """``count`` truncated rankings as rows of candidate indices, ``-1`` after the last."""
    rng = np.random.default_rng(seed)
    names = [f"Candidate {chr(ord('A') + c)}" for c in range(CANDIDATES)]
    strengths = np.log(np.array([8, 7.5, 7, 6.8, 6, 4, 3, 2.5, 2, 1.5, 1, 0.6]))
    lengths = np.minimum(rng.geometric(0.35, size=count), CANDIDATES)
    rows = np.empty((count, CANDIDATES), dtype=np.int16)
    for start in range(0, count, 200_000):
        block = slice(start, min(count, start + 200_000))
        noise = rng.gumbel(size=(block.stop - block.start, CANDIDATES))
        rows[block] = np.argsort(-(noise + strengths), axis=1)
    rows[np.arange(CANDIDATES)[None, :] >= lengths[:, None]] = -1
    return rows, names


def timed(run: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = run()
    return value, time.perf_counter() - start


def header() -> None:
    print(f"  {'counter':<30} {'build':>9} {'count':>9} {'total':>9}   elected")


def row(label: str, build: float, count: float, elected: object, note: str = "") -> None:
    print(f"  {label:<30} {build:8.3f}s {count:8.3f}s {build + count:8.3f}s   {elected!s} {note}")


def pref_voting_profile(ballots: Ballots) -> Any:
    from pref_voting.profiles_with_ties import ProfileWithTies

    profile = ProfileWithTies(
        [{name: rank for rank, name in enumerate(r, start=1)} for r, _ in ballots.items()],
        rcounts=[n for _, n in ballots.items()],
        candidates=list(ballots.candidates),
    )
    profile.use_extended_strict_preference()
    return profile


def votekit_profile(ballots: Ballots) -> Any:
    from votekit import RankBallot, RankProfile

    return RankProfile(
        ballots=[RankBallot(ranking=[{c} for c in r], weight=n) for r, n in ballots.items()],
        candidates=list(ballots.candidates),
    )


def libraries_stv(ballots: Ballots, seats: int) -> list[tuple[str, float, float, set[str]]]:
    """(name, seconds to build its profile, seconds to count, elected) per library."""
    from pref_voting.proportional_methods import stv_scottish
    from stvpoll.scottish_stv import calculate_scottish_stv
    from votekit.elections import FastSTV

    results = []
    profile, build = timed(lambda: pref_voting_profile(ballots))
    elected, took = timed(lambda: stv_scottish(profile, num_seats=seats, rng=random.Random(0)))
    results.append(("pref_voting stv_scottish", build, took, set(elected)))
    vk_profile, build = timed(lambda: votekit_profile(ballots))
    election, took = timed(lambda: FastSTV(vk_profile, n_seats=seats, simultaneous=False))
    results.append(("votekit FastSTV", build, took, {c for g in election.get_elected() for c in g}))
    data, build = timed(lambda: dict(ballots.items()))
    outcome, took = timed(
        lambda: calculate_scottish_stv(list(ballots.candidates), data, seats, random_shuffle=False)
    )
    results.append(("stvpoll ScottishSTV", build, took, set(outcome.elected_as_tuple())))
    return results


def libraries_schulze(ballots: Ballots) -> list[tuple[str, float, float, set[str]]]:
    from pref_voting.margin_based_methods import beat_path
    from votekit.elections import Schulze

    results = []
    profile, build = timed(lambda: pref_voting_profile(ballots))
    winners, took = timed(lambda: beat_path(profile))
    results.append(("pref_voting beat_path", build, took, set(winners)))
    vk_profile, build = timed(lambda: votekit_profile(ballots))
    election, took = timed(lambda: Schulze(vk_profile))
    results.append(("votekit Schulze", build, took, set(next(iter(election.get_elected())))))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--seats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    rows, names = make_ballots(args.ballots, args.seed)
    as_names = [[names[c] for c in r if c >= 0] for r in rows.tolist()]
    ballots, aggregate = timed(lambda: Ballots.from_array(rows, candidates=names))
    print(
        f"{args.ballots:,} ballots, {CANDIDATES} candidates, {args.seats} seats: "
        f"{len(ballots):,} distinct rankings, mean length {(rows >= 0).sum(1).mean():.2f}"
    )
    print("build: raw ballots to the counter's input (ours: validated and aggregated)")

    print("\nScottish STV (SSI 2007/42), elected set:")
    header()
    result, count = timed(lambda: scottish_stv(ballots, seats=args.seats))
    ours = set(result.elected)
    stages = f"({len(result.report.stages)} stages, full report)"
    row("sovet scottish_stv", aggregate, count, sorted(ours), stages)
    by_name, build = timed(lambda: Ballots.from_rankings(as_names, candidates=names))
    again, count = timed(lambda: scottish_stv(by_name, seats=args.seats))
    row("sovet, from lists of names", build, count, sorted(again.elected))
    failures = [] if set(again.elected) == ours else ["the two input paths differ"]
    for name, build, took, elected in libraries_stv(ballots, args.seats):
        row(name, build, took, sorted(elected), "(from our aggregate)")
        if elected != ours:
            failures.append(f"{name} elected {sorted(elected)}")
    meek, took = timed(lambda: meek_stv(ballots, seats=args.seats))
    row("sovet meek_stv", aggregate, took, sorted(meek.elected), "(another method)")

    print("\nSchulze (beat-path, margins), winner:")
    header()
    winner, took = timed(lambda: schulze(ballots, strength="margins"))
    row("sovet schulze", aggregate, took, sorted(winner.elected))
    for name, build, took, elected in libraries_schulze(ballots):
        row(name, build, took, sorted(elected), "(from our aggregate)")
        if elected != set(winner.elected):
            failures.append(f"{name} chose {sorted(elected)}")
    if failures:
        raise SystemExit("counters disagree: " + "; ".join(failures))
    print("\nall counters elect the same candidates")


if __name__ == "__main__":
    main()
