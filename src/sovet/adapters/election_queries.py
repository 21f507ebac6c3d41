"""The read side of elections: an election with its candidates, turnout and count, the
elections of a council, and receipts.

While voting is open an election shows only its turnout; its ballots appear, in the
order of their receipts' hashes, when it closes, with the count's full report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, or_, select

from sovet.adapters import tables as t
from sovet.adapters.election_store import candidate_from_row, election_from_row
from sovet.adapters.sql import Database, council_from_row
from sovet.domain.elections import Candidate, Election, Phase, label, parse_ranking
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.voting.ballots import Ballots
from sovet.voting.blt import Election as BltElection
from sovet.voting.blt import write_blt
from sovet.voting.report import Report


def fills_words(office: str | None, council: Council, constituency: Council) -> str:
    """What an election fills, in words: ``Tractor Works's seats in North``."""
    if office is not None:
        return f"the office of {office} of {council.name}"
    return f"{constituency.name}'s seats in {council.name}"


@dataclass(frozen=True)
class CandidateView:
    candidate: Candidate
    member: Member
    nominated_by: Member


@dataclass(frozen=True)
class PublishedBallot:
    receipt_hash: bytes
    ranking: tuple[Member, ...]


@dataclass(frozen=True)
class ElectionView:
    election: Election
    phase: Phase
    """The phase by the clock, which the next act in the election carries out."""
    council: Council
    constituency: Council
    candidates: list[CandidateView]
    turnout: int
    report: Report | None
    ballots: list[PublishedBallot]

    @property
    def standing(self) -> list[CandidateView]:
        """The candidates who consented, in the order they were nominated."""
        return [view for view in self.candidates if view.candidate.consented]

    @property
    def pending(self) -> list[CandidateView]:
        return [view for view in self.candidates if not view.candidate.consented]

    def blt(self) -> str | None:
        """The published ballots as a BLT file, for anyone to count again (with
        ``recount``); none before the count."""
        if self.election.seed is None or self.report is None:
            return None
        names = {view.member.id: label(view.member.id, view.member.name) for view in self.standing}
        ballots = Ballots.from_rankings(
            [[names[member.id] for member in ballot.ranking] for ballot in self.ballots],
            candidates=list(names.values()),
        )
        title = f"Election {self.election.id}: {self.seats_words}"
        return write_blt(BltElection(ballots, min(self.election.seats, len(names)), title))

    def recount(self, file: str | None = None) -> str:
        """The command that counts the BLT file (by default ``election-ID.blt``) again
        as the election was counted."""
        file = file or f"election-{self.election.id}.blt"
        return f"sovet count {file} --method {self.election.method} --seed {self.election.seed}"

    @property
    def seats_words(self) -> str:
        return fills_words(self.election.office, self.council, self.constituency)

    @property
    def ranked(self) -> list[CandidateView]:
        """After the count: the standing candidates in the count's order."""
        placed = [view for view in self.standing if view.candidate.place is not None]
        return sorted(placed, key=lambda view: view.candidate.place or 0)


@dataclass(frozen=True)
class ElectionSummary:
    election: Election
    council: Council
    constituency: Council
    phase: Phase
    elected: tuple[Member, ...]
    """Once counted, those elected, in the count's order."""


@dataclass(frozen=True)
class Receipt:
    election_id: int
    counted: bool
    ranking: tuple[Member, ...]


class ElectionQueries:
    """Reads of elections over one connection."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self.conn = conn
        self.now = now

    def election_view(self, election_id: int) -> ElectionView | None:
        row = self.conn.execute(select(t.elections).where(t.elections.c.id == election_id)).first()
        if row is None:
            return None
        election = election_from_row(row)
        report = None if row.report is None else Report.from_json(row.report)
        candidates = self._candidates(election_id)
        members = self._members(
            {c.member_id for c in candidates} | {c.nominated_by for c in candidates}
        )
        return ElectionView(
            election=election,
            phase=election.phase_at(self.now),
            council=self._council(election.council_id),
            constituency=self._council(election.constituency_id),
            candidates=[
                CandidateView(c, members[c.member_id], members[c.nominated_by]) for c in candidates
            ],
            turnout=self._turnout(election_id),
            report=report,
            ballots=[
                PublishedBallot(receipt, tuple(members[m] for m in ranking))
                for receipt, ranking in self._published(election_id)
            ],
        )

    def elections_of(self, council_id: int) -> list[ElectionSummary]:
        """The elections of a council's seats, or of its seats elsewhere, newest first."""
        e = t.elections.c
        query = (
            select(t.elections)
            .where(or_(e.council_id == council_id, e.constituency_id == council_id))
            .order_by(e.id.desc())
        )
        found = [election_from_row(row) for row in self.conn.execute(query)]
        elected = self._elected([election.id for election in found])
        return [
            ElectionSummary(
                election=election,
                council=self._council(election.council_id),
                constituency=self._council(election.constituency_id),
                phase=election.phase_at(self.now),
                elected=elected.get(election.id, ()),
            )
            for election in found
        ]

    def receipt(self, election_id: int, receipt: str) -> Receipt:
        digest = hashlib.sha256(receipt.encode()).digest()
        p = t.published_rankings.c
        text = self.conn.execute(
            select(p.ranking).where((p.election_id == election_id) & (p.receipt_hash == digest))
        ).scalar()
        if text is None:
            return Receipt(election_id, False, ())
        ranking = parse_ranking(text)
        members = self._members(set(ranking))
        return Receipt(election_id, True, tuple(members[m] for m in ranking))

    def _council(self, council_id: int) -> Council:
        row = self.conn.execute(select(t.councils).where(t.councils.c.id == council_id)).one()
        return council_from_row(row)

    def _members(self, ids: set[int]) -> dict[int, Member]:
        m = t.members.c
        rows = self.conn.execute(select(m.id, m.name).where(m.id.in_(sorted(ids))))
        return {row.id: Member(id=row.id, name=row.name) for row in rows}

    def _elected(self, election_ids: list[int]) -> dict[int, tuple[Member, ...]]:
        """Those elected in each of these elections, in the count's order."""
        c, m = t.candidates.c, t.members.c
        query = (
            select(c.election_id, m.id, m.name)
            .join_from(t.candidates, t.members, c.member_id == m.id)
            .where(c.election_id.in_(election_ids) & (c.outcome == "elected"))
            .order_by(c.election_id, c.place)
        )
        elected: dict[int, tuple[Member, ...]] = {}
        for row in self.conn.execute(query):
            member = Member(id=row.id, name=row.name)
            elected[row.election_id] = (*elected.get(row.election_id, ()), member)
        return elected

    def _candidates(self, election_id: int) -> list[Candidate]:
        c = t.candidates.c
        query = (
            select(t.candidates)
            .where(c.election_id == election_id)
            .order_by(c.nominated, c.member_id)
        )
        return [candidate_from_row(row) for row in self.conn.execute(query)]

    def _turnout(self, election_id: int) -> int:
        r = t.election_register.c
        query = select(func.count()).where((r.election_id == election_id) & r.voted)
        return int(self.conn.execute(query).scalar() or 0)

    def _published(self, election_id: int) -> list[tuple[bytes, tuple[int, ...]]]:
        p = t.published_rankings.c
        query = (
            select(p.receipt_hash, p.ranking)
            .where(p.election_id == election_id)
            .order_by(p.receipt_hash)
        )
        return [
            (bytes(row.receipt_hash), parse_ranking(row.ranking))
            for row in self.conn.execute(query)
        ]


@contextmanager
def open_election_queries(db: Database) -> Iterator[ElectionQueries]:
    """``ElectionQueries`` over a read-only transaction."""
    with db.engine.connect() as conn, conn.begin():
        yield ElectionQueries(conn, db.clock())
