"""BLT, the plain ballot format of ERS, OpenSTV and Droop: read and written.

::

    4 2                     candidates, seats
    -3                      optional: withdrawn candidates, as negative numbers
    12 1 2 4 0              a ballot cast 12 times: candidate 1, then 2, then 4; 0 ends it
    3 0                     three blank ballots
    0                       end of the ballots
    "Ada"                   candidate names, one per line, in number order
    "Bea"
    "Cyd"
    "Dee"
    "Council election"      the title

Names may also stand unquoted, one per line, as some published files write them; a
quote inside a quoted name is written twice (``"Ada ""Red"" Byron"``).
Every refusal is a :class:`BltError` that names the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from sovet.domain.errors import Invalid
from sovet.voting.ballots import MAX_TOTAL, Ballots, check_candidates

QUOTED = re.compile(r'"((?:[^"]|"")*)"')


class BltError(Invalid):
    """A BLT file that cannot be read, with the line (from 1) and the fault in words."""

    def __init__(self, line: int, fault: str) -> None:
        super().__init__(f"line {line}: {fault}")
        self.line = line
        self.fault = fault


@dataclass(frozen=True)
class Election:
    """An election as a BLT file holds it.

    ``ballots`` covers every candidate named in the file; :meth:`counted` gives the
    ballots with the withdrawn candidates taken out, as a count takes them.
    """

    ballots: Ballots
    seats: int
    title: str = ""
    withdrawn: tuple[str, ...] = ()

    def counted(self) -> Ballots:
        return self.ballots.withdraw(self.withdrawn) if self.withdrawn else self.ballots


def read_blt(text: str) -> Election:
    """Read a BLT file's text; refuse (:class:`BltError`) any malformed line, naming it."""
    lines = _Lines(text)
    number, header = lines.next("the header line 'candidates seats'")
    candidates, seats = _header(number, header)
    number, line = lines.next("the ballots")
    withdrawn_numbers: list[int] = []
    if line.startswith("-"):
        withdrawn_numbers = _withdrawn(number, line, candidates)
        number, line = lines.next("the ballots")
    rows: list[list[int]] = []
    counts: list[int] = []
    total = 0
    while line != "0":
        count, row = _ballot(number, line, candidates)
        rows.append(row)
        counts.append(count)
        total += count
        if total > MAX_TOTAL:
            raise BltError(number, f"the ballot counts add up to {total} (at most {MAX_TOTAL})")
        number, line = lines.next("the end of the ballots (a line '0')")
    names, title = _names(lines, candidates)
    ballots = _ballots(rows, counts, names)
    withdrawn = tuple(names[c - 1] for c in withdrawn_numbers)
    if seats > candidates - len(withdrawn):
        raise BltError(1, f"{seats} seats but only {candidates - len(withdrawn)} candidates stand")
    return Election(ballots, seats, title, withdrawn)


def write_blt(election: Election) -> str:
    """The election as BLT text: the most cast rankings first, then blank ballots."""
    ballots = election.ballots
    for name in (*ballots.candidates, election.title):
        if "\n" in name or "\r" in name:
            raise ValueError(f"election: {name!r} cannot be written in BLT (a line break)")
    number = {name: index for index, name in enumerate(ballots.candidates, start=1)}
    lines = [f"{len(ballots.candidates)} {election.seats}"]
    if election.withdrawn:
        lines.append(" ".join(f"-{number[name]}" for name in election.withdrawn))
    ranked = sorted(ballots.items(), key=lambda item: (-item[1], item[0]))
    for ranking, count in ranked:
        lines.append(" ".join([str(count), *(str(number[name]) for name in ranking), "0"]))
    if ballots.blank:
        lines.append(f"{ballots.blank} 0")
    lines.append("0")
    lines.extend(_quote(name) for name in ballots.candidates)
    lines.append(_quote(election.title))
    return "\n".join(lines) + "\n"


class _Lines:
    """The file's non-blank lines with their numbers, remembering the last one read."""

    def __init__(self, text: str) -> None:
        self._lines = enumerate(text.splitlines(), start=1)
        self.last = 0

    def __iter__(self) -> Iterator[tuple[int, str]]:
        for number, raw in self._lines:
            self.last = number
            if raw.strip():
                yield number, raw.strip()

    def next(self, expected: str) -> tuple[int, str]:
        found = next(iter(self), None)
        if found is None:
            raise BltError(self.last, f"the file ends before {expected}")
        return found


def _header(number: int, line: str) -> tuple[int, int]:
    parts = line.split()
    if len(parts) != 2 or not all(_whole(part) for part in parts):
        raise BltError(number, f"expected 'candidates seats' (two whole numbers), got {line!r}")
    candidates, seats = int(parts[0]), int(parts[1])
    if candidates < 1 or seats < 1:
        raise BltError(number, "there must be at least one candidate and one seat")
    return candidates, seats


def _withdrawn(number: int, line: str, candidates: int) -> list[int]:
    withdrawn: list[int] = []
    for token in line.split():
        if not re.fullmatch(r"-\d+", token) or not 1 <= -int(token) <= candidates:
            raise BltError(number, f"{token!r} is not a withdrawn candidate (-1 to -{candidates})")
        if -int(token) in withdrawn:
            raise BltError(number, f"candidate {-int(token)} is withdrawn twice")
        withdrawn.append(-int(token))
    return withdrawn


def _ballot(number: int, line: str, candidates: int) -> tuple[int, list[int]]:
    tokens = line.split()
    if tokens[-1] != "0":
        raise BltError(number, "a ballot line must end with 0")
    count = _ballot_count(number, tokens[0])
    row: list[int] = []
    for rank, token in enumerate(tokens[1:-1], start=1):
        if "=" in token:
            raise BltError(number, f"rank {rank} gives equal preferences ({token!r})")
        if token == "-":
            raise BltError(number, f"rank {rank} is skipped (ranks must run without a gap)")
        if not _whole(token) or not 1 <= int(token) <= candidates:
            raise BltError(
                number, f"{token!r} at rank {rank} is not a candidate (1 to {candidates})"
            )
        if int(token) - 1 in row:
            raise BltError(number, f"candidate {token} is ranked twice")
        row.append(int(token) - 1)
    return count, row


def _ballot_count(number: int, token: str) -> int:
    """How many voters cast a ballot line: a whole number from 1 to :data:`MAX_TOTAL`."""
    digits = token.lstrip("0")
    if not _whole(token) or not digits:
        raise BltError(number, f"the ballot count {token!r} is not a whole number from 1")
    if len(digits) > len(str(MAX_TOTAL)) or int(digits) > MAX_TOTAL:
        raise BltError(number, f"the ballot count {digits} is too large (at most {MAX_TOTAL})")
    return int(digits)


def _whole(token: str) -> bool:
    """Whether the token is written in the digits 0 to 9 alone (``str.isdigit`` takes '²')."""
    return token.isascii() and token.isdigit()


def _names(lines: _Lines, candidates: int) -> tuple[tuple[str, ...], str]:
    names: list[str] = []
    title: str | None = None
    for number, line in lines:
        found = [_unquote(name) for name in QUOTED.findall(line)] if line[0] == '"' else [line]
        if line.startswith('"') and QUOTED.sub("", line).strip():
            raise BltError(number, f"expected quoted names, got {line!r}")
        for name in found:
            if len(names) < candidates:
                if not name.strip():
                    raise BltError(number, "a candidate's name is empty")
                if name in names:
                    raise BltError(number, f"{name!r} is named twice")
                names.append(name)
            elif title is None:
                title = name
            else:
                raise BltError(number, f"unexpected text after the title: {line!r}")
    if len(names) < candidates:
        raise BltError(lines.last, f"{candidates} candidates but only {len(names)} names follow")
    return check_candidates(names), title or ""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _unquote(name: str) -> str:
    return name.replace('""', '"')


def _ballots(rows: list[list[int]], counts: list[int], names: tuple[str, ...]) -> Ballots:
    width = max((len(row) for row in rows), default=0)
    matrix = np.full((len(rows), width), -1, dtype=np.int16)
    for index, row in enumerate(rows):
        matrix[index, : len(row)] = row
    return Ballots.from_array(matrix, candidates=names, counts=np.asarray(counts, np.int64))
