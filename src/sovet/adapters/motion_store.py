"""SQL reads of motions, votes, decisions and factions for the use cases, and the ballot box.

``MotionStore`` is a part of ``sql.SqlStore`` (which implements ``services.ports.Store``)
and ``MotionReads`` a part of ``queries.Queries``; they are kept apart only to keep each
module short. The ballot box is the one table here
written outside the projection: see ``tables.ballot_box``.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, exists, func, insert, or_, select

from sovet.adapters import tables as t
from sovet.domain.factions import Faction
from sovet.domain.members import Member
from sovet.domain.motions import (
    Amendment,
    Comment,
    Decision,
    Instruction,
    Motion,
    Referendum,
    effects_from_json,
    moment,
)
from sovet.domain.votes import BallotPaper, Choice, Rule, Tally, Vote, Voter


def motion_from_row(row: Any) -> Motion:
    return Motion(
        id=row.id,
        council_id=row.council_id,
        kind=row.kind,
        matter=row.matter,
        title=row.title,
        filed_by=row.filed_by,
        state=row.state,
        version=row.version,
        effects=effects_from_json(json.loads(row.effects)),
        filed=moment(row.filed),
        due=None if row.due is None else moment(row.due),
        on_behalf_of=row.on_behalf_of,
        forwarded_from=row.forwarded_from,
        consults=row.consults,
    )


def amendment_from_row(row: Any) -> Amendment:
    return Amendment(
        id=row.id,
        motion_id=row.motion_id,
        proposed_by=row.proposed_by,
        original=row.original,
        replacement=row.replacement,
        state=row.state,
        version=row.version,
    )


def vote_from_row(row: Any) -> Vote:
    return Vote(
        id=row.id,
        council_id=row.council_id,
        subject=row.subject,
        motion_id=row.motion_id,
        amendment_id=row.amendment_id,
        referendum_id=row.referendum_id,
        secret=row.secret,
        rule=Rule(quorum=row.quorum, threshold=row.threshold, objection_share=row.objection_share),
        eligible=row.eligible,
        opened=moment(row.opened),
        closes=moment(row.closes),
        closed=None if row.closed is None else moment(row.closed),
    )


def decision_from_row(row: Any) -> Decision:
    return Decision(
        motion_id=row.motion_id,
        council_id=row.council_id,
        vote_id=row.vote_id,
        version=row.version,
        decided=moment(row.decided),
        minority_until=moment(row.minority_until),
        overturned_by=row.overturned_by,
    )


def comment_from_row(row: Any) -> Comment:
    return Comment(
        id=row.id,
        motion_id=row.motion_id,
        amendment_id=row.amendment_id,
        reply_to=row.reply_to,
        author=row.author,
        text=row.text,
        hidden_by=row.hidden_by,
    )


def faction_from_row(row: Any) -> Faction:
    return Faction(id=row.id, name=row.name, platform=row.platform, formed_by=row.formed_by)


def instruction_from_row(row: Any) -> Instruction:
    return Instruction(
        id=row.id, council_id=row.council_id, motion_id=row.motion_id, choice=row.choice
    )


ANYTHING_DUE = select(
    or_(
        exists().where(
            t.motions.c.council_id == bindparam("council"),
            t.motions.c.state == "on_agenda",
            t.motions.c.due <= bindparam("now"),
        ),
        exists().where(
            t.votes.c.council_id == bindparam("council"),
            t.votes.c.closed.is_(None),
            t.votes.c.closes <= bindparam("now"),
        ),
    )
)
VOTE = select(t.votes).where(t.votes.c.id == bindparam("id"))
VOTER = select(t.vote_register).where(
    t.vote_register.c.vote_id == bindparam("vote"),
    t.vote_register.c.member_id == bindparam("member"),
)
DUE_VOTES = t.votes.alias("due_votes")
BALLOT_PAPER = (
    select(
        t.votes,
        t.members.c.id.label("paper_member_id"),
        t.members.c.name.label("paper_member_name"),
        t.vote_register.c.member_id.label("on_register"),
        t.vote_register.c.under.label("register_under"),
        t.vote_register.c.voted.label("register_voted"),
        or_(
            exists().where(
                t.motions.c.council_id == t.votes.c.council_id,
                t.motions.c.state == "on_agenda",
                t.motions.c.due <= bindparam("now"),
            ),
            exists().where(
                DUE_VOTES.c.council_id == t.votes.c.council_id,
                DUE_VOTES.c.closed.is_(None),
                DUE_VOTES.c.closes <= bindparam("now"),
            ),
        ).label("due"),
    )
    .select_from(
        t.votes.join(t.members, t.members.c.id == bindparam("member")).outerjoin(
            t.vote_register,
            and_(
                t.vote_register.c.vote_id == t.votes.c.id,
                t.vote_register.c.member_id == t.members.c.id,
            ),
        )
    )
    .where(t.votes.c.id == bindparam("vote"))
)
INSTRUCTION_TO_SEAT = (
    select(t.instructions)
    .join(t.mandates, t.mandates.c.constituency_id == t.instructions.c.council_id)
    .join(t.motions, t.motions.c.id == t.instructions.c.motion_id)
    .where(
        t.mandates.c.id == bindparam("mandate"),
        t.instructions.c.motion_id == bindparam("motion"),
        t.motions.c.council_id == t.mandates.c.council_id,
    )
    .order_by(t.instructions.c.id.desc())
    .limit(1)
)
"""Statements on the path of every vote cast, built once."""


class MotionReads:
    """Reads shared by the use cases (through ``SqlStore``) and the read views."""

    conn: Connection

    def seats_in(self, council_id: int) -> int:
        query = select(func.sum(t.constituents.c.seats)).where(
            t.constituents.c.council_id == council_id
        )
        return int(self.conn.execute(query).scalar() or 0)

    def members_beneath(self, council_id: int) -> dict[int, int]:
        """Every member of a base council beneath ``council_id``, with that council's id
        (the lowest-numbered one, for a member of several)."""
        graph: dict[int, set[int]] = {}
        for higher, lower in self.conn.execute(
            select(t.constituents.c.council_id, t.constituents.c.constituent_id).where(
                t.constituents.c.seats > 0
            )
        ):
            graph.setdefault(higher, set()).add(lower)
        beneath, stack = set(), list(graph.get(council_id, ()))
        while stack:
            here = stack.pop()
            if here not in beneath:
                beneath.add(here)
                stack.extend(graph.get(here, ()))
        found: dict[int, int] = {}
        query = (
            select(t.memberships.c.member_id, t.memberships.c.council_id)
            .where(t.memberships.c.council_id.in_(beneath))
            .order_by(t.memberships.c.council_id)
        )
        for member_id, base_id in self.conn.execute(query):
            found.setdefault(int(member_id), int(base_id))
        return found

    def motion(self, motion_id: int) -> Motion | None:
        row = self.conn.execute(select(t.motions).where(t.motions.c.id == motion_id)).first()
        return None if row is None else motion_from_row(row)

    def motions_in(self, council_id: int, states: Collection[str]) -> list[Motion]:
        query = (
            select(t.motions)
            .where(t.motions.c.council_id == council_id, t.motions.c.state.in_(states))
            .order_by(t.motions.c.id)
        )
        return [motion_from_row(row) for row in self.conn.execute(query)]

    def anything_due_in(self, council_id: int, now: str) -> bool:
        return bool(self.conn.execute(ANYTHING_DUE, {"council": council_id, "now": now}).scalar())

    def motion_text(self, motion_id: int, version: int) -> str:
        query = select(t.motion_versions.c.text).where(
            t.motion_versions.c.motion_id == motion_id, t.motion_versions.c.number == version
        )
        return str(self.conn.execute(query).scalar_one())

    def supporters(self, motion_id: int) -> list[int]:
        query = (
            select(t.supporters.c.member_id)
            .where(t.supporters.c.motion_id == motion_id)
            .order_by(t.supporters.c.entry)
        )
        return [int(member) for member in self.conn.execute(query).scalars()]

    def secrecy_requests(self, motion_id: int) -> list[int]:
        query = (
            select(t.secrecy_requests.c.member_id)
            .where(t.secrecy_requests.c.motion_id == motion_id)
            .order_by(t.secrecy_requests.c.entry)
        )
        return [int(member) for member in self.conn.execute(query).scalars()]

    def amendment(self, amendment_id: int) -> Amendment | None:
        query = select(t.amendments).where(t.amendments.c.id == amendment_id)
        row = self.conn.execute(query).first()
        return None if row is None else amendment_from_row(row)

    def amendments_of(self, motion_id: int) -> list[Amendment]:
        query = (
            select(t.amendments)
            .where(t.amendments.c.motion_id == motion_id)
            .order_by(t.amendments.c.id)
        )
        return [amendment_from_row(row) for row in self.conn.execute(query)]

    def vote(self, vote_id: int) -> Vote | None:
        row = self.conn.execute(VOTE, {"id": vote_id}).first()
        return None if row is None else vote_from_row(row)

    def vote_tally(self, vote_id: int) -> Tally | None:
        """A closed vote's counts; None while it is open."""
        query = select(t.votes).where(t.votes.c.id == vote_id, t.votes.c.closed.is_not(None))
        row = self.conn.execute(query).first()
        if row is None:
            return None
        return Tally(yes=row.yes, no=row.no, abstain=row.abstain, eligible=row.eligible)

    def votes_on(self, motion_id: int) -> list[Vote]:
        query = select(t.votes).where(t.votes.c.motion_id == motion_id).order_by(t.votes.c.id)
        return [vote_from_row(row) for row in self.conn.execute(query)]

    def open_votes_in(self, council_id: int) -> list[Vote]:
        query = (
            select(t.votes)
            .where(t.votes.c.council_id == council_id, t.votes.c.closed.is_(None))
            .order_by(t.votes.c.id)
        )
        return [vote_from_row(row) for row in self.conn.execute(query)]

    def open_votes(self) -> list[Vote]:
        query = select(t.votes).where(t.votes.c.closed.is_(None)).order_by(t.votes.c.id)
        return [vote_from_row(row) for row in self.conn.execute(query)]

    def yet_to_vote(self, vote_id: int) -> list[tuple[int, str]]:
        r = t.vote_register.c
        query = select(r.member_id, r.under).where(r.vote_id == vote_id, r.voted.is_(False))
        return sorted((int(row.member_id), row.under) for row in self.conn.execute(query))

    def voter(self, vote_id: int, member_id: int) -> Voter | None:
        row = self.conn.execute(VOTER, {"vote": vote_id, "member": member_id}).first()
        return (
            None
            if row is None
            else Voter(member_id=row.member_id, under=row.under, voted=row.voted)
        )

    def ballot_paper(self, vote_id: int, member_id: int, now: str) -> BallotPaper | None:
        row = self.conn.execute(
            BALLOT_PAPER, {"vote": vote_id, "member": member_id, "now": now}
        ).first()
        if row is None:
            return None
        voter = (
            None
            if row.on_register is None
            else Voter(
                member_id=row.on_register, under=row.register_under, voted=row.register_voted
            )
        )
        member = Member(id=row.paper_member_id, name=row.paper_member_name)
        return BallotPaper(member=member, vote=vote_from_row(row), voter=voter, due=bool(row.due))

    def named_ballots(self, vote_id: int) -> dict[int, Choice]:
        query = select(t.ballots.c.member_id, t.ballots.c.choice).where(
            t.ballots.c.vote_id == vote_id
        )
        return {int(member): choice for member, choice in self.conn.execute(query)}

    def decision(self, motion_id: int) -> Decision | None:
        query = select(t.decisions).where(t.decisions.c.motion_id == motion_id)
        row = self.conn.execute(query).first()
        return None if row is None else decision_from_row(row)

    def minority_report_authors(self, motion_id: int) -> set[int]:
        query = select(t.minority_reports.c.author).where(
            t.minority_reports.c.motion_id == motion_id
        )
        return {int(author) for author in self.conn.execute(query).scalars()}

    def comment(self, comment_id: int) -> Comment | None:
        row = self.conn.execute(select(t.comments).where(t.comments.c.id == comment_id)).first()
        return None if row is None else comment_from_row(row)

    def forwarded_to(self, motion_id: int) -> set[int]:
        query = select(t.motions.c.council_id).where(t.motions.c.forwarded_from == motion_id)
        return {int(council) for council in self.conn.execute(query).scalars()}

    def consultations_of(self, motion_id: int) -> list[Motion]:
        query = select(t.motions).where(t.motions.c.consults == motion_id).order_by(t.motions.c.id)
        return [motion_from_row(row) for row in self.conn.execute(query)]

    def instruction(self, council_id: int, motion_id: int) -> Instruction | None:
        query = (
            select(t.instructions)
            .where(
                t.instructions.c.council_id == council_id, t.instructions.c.motion_id == motion_id
            )
            .order_by(t.instructions.c.id.desc())
        )
        row = self.conn.execute(query).first()
        return None if row is None else instruction_from_row(row)

    def instruction_to_seat(self, mandate_id: int, motion_id: int) -> Instruction | None:
        found = {"mandate": mandate_id, "motion": motion_id}
        row = self.conn.execute(INSTRUCTION_TO_SEAT, found).first()
        return None if row is None else instruction_from_row(row)

    def referendum_on(self, motion_id: int) -> Referendum | None:
        query = select(t.referendums).where(t.referendums.c.motion_id == motion_id)
        row = self.conn.execute(query).first()
        return (
            None
            if row is None
            else Referendum(
                id=row.id, motion_id=row.motion_id, council_id=row.council_id, vote_id=row.vote_id
            )
        )

    def referendum_signatures(self, referendum_id: int) -> set[int]:
        query = select(t.referendum_signatures.c.member_id).where(
            t.referendum_signatures.c.referendum_id == referendum_id
        )
        return {int(member) for member in self.conn.execute(query).scalars()}

    def faction(self, faction_id: int) -> Faction | None:
        row = self.conn.execute(select(t.factions).where(t.factions.c.id == faction_id)).first()
        return None if row is None else faction_from_row(row)

    def faction_name_taken(self, name: str) -> bool:
        wanted = name.casefold()
        return any(
            taken.casefold() == wanted
            for taken in self.conn.execute(select(t.factions.c.name)).scalars()
        )

    def in_faction(self, faction_id: int, member_id: int) -> bool:
        query = select(t.faction_members.c.member_id).where(
            t.faction_members.c.faction_id == faction_id,
            t.faction_members.c.member_id == member_id,
        )
        return self.conn.execute(query).first() is not None


class MotionStore(MotionReads):
    """The reads, and the ballot box, which only a write transaction touches."""

    def put_ballot(self, *, vote_id: int, receipt_hash: bytes, choice: Choice) -> None:
        self.conn.execute(
            insert(t.ballot_box).values(receipt_hash=receipt_hash, vote_id=vote_id, choice=choice)
        )

    def ballot_box(self, vote_id: int) -> list[tuple[bytes, Choice]]:
        """The secret ballots cast so far, in the order of their receipts' hashes."""
        query = (
            select(t.ballot_box.c.receipt_hash, t.ballot_box.c.choice)
            .where(t.ballot_box.c.vote_id == vote_id)
            .order_by(t.ballot_box.c.receipt_hash)
        )
        return [(bytes(receipt), choice) for receipt, choice in self.conn.execute(query)]

    def empty_ballot_box(self, vote_id: int) -> None:
        self.conn.execute(delete(t.ballot_box).where(t.ballot_box.c.vote_id == vote_id))
