"""Readers for the real elections in ../shared/reference-data/elections/.

Each reader turns one published format into :class:`Ballots` (or reads a reference
counter's per-stage figures), so that the tests compare our counts with the official
results and with other counters' published counts.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sovet.voting import Ballots, Election, read_blt

ELECTIONS = "elections"


def blt(reference_data: Path, relative: str) -> Election:
    return read_blt((reference_data / ELECTIONS / relative).read_text(encoding="utf-8"))


def preflib(reference_data: Path, relative: str) -> Ballots:
    """A PrefLib .soi/.soc file: ``# ALTERNATIVE NAME i: name`` and ``count: a,b,c`` lines."""
    names: dict[int, str] = {}
    rankings: list[list[str]] = []
    counts: list[int] = []
    for line in (reference_data / ELECTIONS / relative).read_text(encoding="utf-8").splitlines():
        if named := re.match(r"# ALTERNATIVE NAME (\d+): (.*)$", line):
            names[int(named[1])] = named[2].strip()
        elif line and not line.startswith("#"):
            count, order = line.split(":")
            counts.append(int(count))
            rankings.append([names[int(c)] for c in order.split(",")])
    candidates = [names[number] for number in sorted(names)]
    return Ballots.from_rankings(rankings, candidates=candidates, counts=counts)


def profiles(reference_data: Path) -> dict[str, Any]:
    path = reference_data / ELECTIONS / "small_real_profiles_votelib" / "profiles.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def profile_ballots(profile: dict[str, Any]) -> Ballots:
    rankings = [entry["ranking"] for entry in profile["ballots"]]
    candidates = sorted({name for ranking in rankings for name in ranking})
    counts = [entry["count"] for entry in profile["ballots"]]
    return Ballots.from_rankings(rankings, candidates=candidates, counts=counts)


UNDECLARED = "Undeclared Write-ins"


@dataclass(frozen=True)
class Rctab:
    """An RCTab contest: its ballots as RCTab reads them, and its published rounds."""

    ballots: Ballots
    rounds: list[dict[str, Any]]
    config: dict[str, Any]


def minneapolis(reference_data: Path, folder: str) -> Rctab:
    """Read a Minneapolis cast-vote record (aggregated) the way its RCTab config says.

    These are the ballot-reading rules, applied before any count: ``undervote`` is a
    skipped rank (more than ``maxSkippedRanksAllowed`` in a row end the ballot);
    ``overvote`` is skipped or ends the ballot (``overvoteRule``); a repeated candidate
    is skipped; ``UWI`` is the undeclared write-in candidate.
    """
    base = reference_data / ELECTIONS / "minneapolis_rctab" / folder
    config = json.loads(next(base.glob("*_config.json")).read_text(encoding="utf-8"))
    rules = config["rules"]
    report = json.loads(next(base.glob("*_expected_detailed_report.json")).read_text("utf-8"))
    candidates = [entry["name"] for entry in config["candidates"]] + [UNDECLARED]
    tally: Counter[tuple[str, ...]] = Counter()
    with next(base.glob("*_ballots_aggregated.csv")).open(encoding="utf-8") as file:
        reader = csv.reader(file)
        next(reader)
        for *marks, count in reader:
            tally[_rctab_ranking(marks, rules)] += int(count)
    ballots = Ballots.from_rankings(list(tally), candidates=candidates, counts=list(tally.values()))
    return Rctab(ballots, report["results"], config)


def _rctab_ranking(marks: list[str], rules: dict[str, Any]) -> tuple[str, ...]:
    ranking: list[str] = []
    skipped = 0
    for mark in marks:
        if mark == "undervote":
            skipped += 1
            if skipped > int(rules["maxSkippedRanksAllowed"]):
                break
            continue
        skipped = 0
        if mark == "overvote":
            if rules["overvoteRule"] == "exhaustImmediately":
                break
            continue
        name = UNDECLARED if mark == "UWI" else mark
        if name not in ranking:
            ranking.append(name)
    return tuple(ranking)


def whole(amount: str) -> int:
    """An RCTab tally ('1234' or '1234.0000') as a whole number of votes."""
    value = Decimal(amount)
    assert value == value.to_integral_value(), amount
    return int(value)


@dataclass(frozen=True)
class DroopStage:
    """One transfer of a Droop reference count: each candidate's vote after it."""

    action: str
    non_transferable: str
    votes: dict[str, str]
    states: dict[str, str]


def droop_dump(reference_data: Path, ward: str) -> list[DroopStage]:
    """Droop's tab-separated dump for a Glasgow 2007 ward: the state after each transfer."""
    path = (
        reference_data
        / ELECTIONS
        / "scotland_glasgow_2007_droop"
        / "droop_reference_dump"
        / f"{ward}-2007-scotland-fixed-p5-d5.txt"
    )
    stages = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if fields[1] not in {"begin", "transfer"}:
            continue
        cells = fields[4:]
        votes = {cells[i]: cells[i + 2] for i in range(0, len(cells), 3)}
        states = {cells[i]: cells[i + 1] for i in range(0, len(cells), 3)}
        stages.append(DroopStage(fields[1], fields[3], votes, states))
    return stages


ACTION = re.compile(r"^Action: (.*)$")
STATE = re.compile(r"^\t(Hopeful|Elected):\s+(.*) \((\d+\.\d{5})\)$")
NON_TRANSFERABLE = re.compile(r"^\tNontransferable votes: (\d+\.\d{5})$")


def droop_report(reference_data: Path, name: str) -> list[DroopStage]:
    """Droop's text report (scot-elex Linn wards): the state after each transfer."""
    path = reference_data / ELECTIONS / "scotland_linn_2017_2022_scot_elex" / name
    stages: list[DroopStage] = []
    action = ""
    votes: dict[str, str] = {}
    states: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if started := ACTION.match(line):
            action, votes, states = started[1], {}, {}
        elif state := STATE.match(line):
            votes[state[2]] = state[3]
            states[state[2]] = state[1]
        elif (moved := NON_TRANSFERABLE.match(line)) and _is_transfer(action):
            stages.append(DroopStage(action, moved[1], votes, states))
    return stages


def _is_transfer(action: str) -> bool:
    return action == "Begin Count" or action.startswith(
        ("Surplus transferred", "Transfer defeated")
    )
