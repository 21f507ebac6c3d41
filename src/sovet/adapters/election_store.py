"""SQL reads of elections for the use cases, and the ranked ballot box.

``ElectionStore`` is a part of ``sql.SqlStore`` (which implements ``services.ports.Store``),
kept apart only to keep each module short. The ranked ballot box is the one table here
written outside the projection: see ``tables.ranked_ballot_box``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from sovet.adapters import tables as t
from sovet.domain.elections import Candidate, Election, parse_ranking
from sovet.domain.motions import moment
from sovet.domain.votes import Voter


def election_from_row(row: Any) -> Election:
    return Election(
        id=row.id,
        council_id=row.council_id,
        constituency_id=row.constituency_id,
        seats=row.seats,
        method=row.method,
        phase=row.phase,
        opened=moment(row.opened),
        nominations_close=moment(row.nominations_close),
        closes=moment(row.closes),
        term_starts=row.term_starts,
        term_months=row.term_months,
        eligible=row.eligible,
        seed=row.seed,
        closed=None if row.closed is None else moment(row.closed),
        ballots_cast=row.ballots_cast,
        office=row.office,
        by_election=row.by_election,
    )


def candidate_from_row(row: Any) -> Candidate:
    return Candidate(
        election_id=row.election_id,
        member_id=row.member_id,
        nominated_by=row.nominated_by,
        consented=row.consented is not None,
        statement=row.statement,
        place=row.place,
        outcome=row.outcome,
        mandate_id=row.mandate_id,
    )


class ElectionStore:
    conn: Connection

    def election(self, election_id: int) -> Election | None:
        row = self.conn.execute(select(t.elections).where(t.elections.c.id == election_id)).first()
        return None if row is None else election_from_row(row)

    def election_in_progress(
        self,
        council_id: int,
        constituency_id: int,
        office: str | None = None,
        *,
        by_election: bool = False,
    ) -> Election | None:
        """The election (or by-election) of this constituency's seats in this council, or of
        the council's ``office``, not yet counted."""
        e = t.elections.c
        query = select(t.elections).where(
            (e.council_id == council_id)
            & (e.constituency_id == constituency_id)
            & (e.office.is_(None) if office is None else e.office == office)
            & (e.by_election == by_election)
            & e.phase.in_(("nominating", "voting"))
        )
        row = self.conn.execute(query).first()
        return None if row is None else election_from_row(row)

    def candidates(self, election_id: int) -> list[Candidate]:
        """The candidates in the order they were nominated."""
        query = (
            select(t.candidates)
            .where(t.candidates.c.election_id == election_id)
            .order_by(t.candidates.c.nominated, t.candidates.c.member_id)
        )
        return [candidate_from_row(row) for row in self.conn.execute(query)]

    def elections_voting(self) -> list[Election]:
        e = t.elections.c
        query = select(t.elections).where(e.phase == "voting").order_by(e.id)
        return [election_from_row(row) for row in self.conn.execute(query)]

    def electors_yet_to_vote(self, election_id: int) -> list[tuple[int, str]]:
        r = t.election_register.c
        query = select(r.member_id, r.under).where(r.election_id == election_id, r.voted.is_(False))
        return sorted((int(row.member_id), row.under) for row in self.conn.execute(query))

    def elector(self, election_id: int, member_id: int) -> Voter | None:
        r = t.election_register.c
        row = self.conn.execute(
            select(t.election_register).where(
                (r.election_id == election_id) & (r.member_id == member_id)
            )
        ).first()
        return None if row is None else Voter(row.member_id, row.under, row.voted)

    def put_ranking(self, *, election_id: int, receipt_hash: bytes, ranking: str) -> None:
        """Drop a ranked ballot in the box: no voter, no time, keyed by the receipt's hash."""
        self.conn.execute(
            insert(t.ranked_ballot_box).values(
                receipt_hash=receipt_hash, election_id=election_id, ranking=ranking
            )
        )

    def ranked_ballot_box(self, election_id: int) -> list[tuple[bytes, tuple[int, ...]]]:
        """The ballots cast so far, in the order of their receipts' hashes."""
        box = t.ranked_ballot_box.c
        query = (
            select(box.receipt_hash, box.ranking)
            .where(box.election_id == election_id)
            .order_by(box.receipt_hash)
        )
        return [(bytes(receipt), parse_ranking(text)) for receipt, text in self.conn.execute(query)]

    def empty_ranked_ballot_box(self, election_id: int) -> None:
        self.conn.execute(
            delete(t.ranked_ballot_box).where(t.ranked_ballot_box.c.election_id == election_id)
        )
