"""The read side of deliberation: agendas, motions, votes, decisions and factions.

``MotionQueries`` is a part of ``queries.Queries``. While a secret vote is open its
views show only the turnout; the counts appear when it closes, with every ballot.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, true

from sovet.adapters import tables as t
from sovet.adapters.motion_store import (
    MotionReads,
    decision_from_row,
    faction_from_row,
    instruction_from_row,
    motion_from_row,
    vote_from_row,
)
from sovet.adapters.sql import council_from_row
from sovet.domain.factions import Faction
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import (
    Amendment,
    Decision,
    Instruction,
    Motion,
    diff,
    moment,
    needed,
    support_share,
)
from sovet.domain.overturns import KINDS as OVERTURN_KINDS
from sovet.domain.overturns import in_words
from sovet.domain.votes import Choice, Tally, Vote
from sovet.record.entry import Entry


@dataclass(frozen=True)
class Results:
    """A vote's counts as anyone may see them: live for a named vote, only the turnout
    for an open secret one, everything once closed."""

    vote: Vote
    register: int
    turnout: int
    tally: Tally | None
    quorum_met: bool | None
    passed: bool | None
    reason: str | None


@dataclass(frozen=True)
class LiveTally:
    """What a vote's page shows live, and nothing more: its counts as ``Results`` shows
    them (only the turnout of an open secret vote), its turnout and whether it closed."""

    vote: Vote
    register: int
    turnout: int
    tally: Tally | None
    passed: bool | None

    @property
    def version(self) -> int:
        """One more with each ballot cast and once more at the close: a vote's ballots
        are never taken back and nothing changes after its close, so it changes exactly
        when what ``LiveTally`` shows does, and tells nothing else."""
        return self.turnout + (self.vote.closed is not None)


@dataclass(frozen=True)
class NamedBallot:
    member: Member
    choice: Choice
    against_instruction: int | None


_REGISTER = (
    select(
        func.count().label("on_register"),
        func.count().filter(t.vote_register.c.voted).label("turnout"),
    )
    .where(t.vote_register.c.vote_id == bindparam("vote"))
    .subquery()
)
_NAMED = (
    select(
        *(
            func.count().filter(t.ballots.c.choice == choice).label(f"named_{choice}")
            for choice in ("yes", "no", "abstain")
        )
    )
    .where(t.ballots.c.vote_id == bindparam("vote"))
    .subquery()
)
LIVE_TALLY = (
    select(t.votes, _REGISTER, _NAMED)
    .select_from(t.votes.join(_REGISTER, true()).join(_NAMED, true()))
    .where(t.votes.c.id == bindparam("vote"))
)
"""A vote, the size of its register and its turnout, and its named ballots counted by
choice: one statement, which hands back one row however many have voted."""


@dataclass(frozen=True)
class VoteView:
    results: Results
    ballots: list[NamedBallot]
    """Named ballots: every ballot of a named vote, and those of instructed delegates."""
    voters: list[Member]
    """Who has voted (in a secret vote, not how)."""


@dataclass(frozen=True)
class MotionSummary:
    motion: Motion
    council: Council
    supporters: int
    needed: int
    vote: Results | None
    """The motion's latest vote, if one has opened."""


@dataclass(frozen=True)
class Agenda:
    council: Council
    gathering: list[MotionSummary]
    scheduled: list[MotionSummary]
    voting: list[MotionSummary]
    decided: list[MotionSummary]


@dataclass(frozen=True)
class Version:
    number: int
    text: str
    amendment_id: int | None
    made: datetime
    diff: str
    """From the version before (empty for the first)."""


@dataclass(frozen=True)
class AmendmentView:
    amendment: Amendment
    proposer: Member
    diff: str
    """The change to the text it was proposed against."""
    vote: Results | None


@dataclass(frozen=True)
class CommentView:
    id: int
    amendment_id: int | None
    reply_to: int | None
    author: Member
    posted: datetime
    text: str | None
    """None when hidden and not asked for."""
    hidden: bool
    hidden_by: Member | None
    hidden_reason: str | None


@dataclass(frozen=True)
class MinorityReport:
    id: int
    author: Member
    text: str
    attached: datetime


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    motion: Motion
    council: Council
    text: str
    vote: Results
    minority_reports: list[MinorityReport]
    referendum: Results | None
    overturn: list[str]
    """What the referendum that overturned it undid, or why not, in words."""


@dataclass(frozen=True)
class Statement:
    id: int
    faction: Faction
    author: Member
    text: str
    motion_id: int | None
    published: datetime


@dataclass(frozen=True)
class Consultation:
    """What the constituent councils answered when a motion was referred down."""

    answers: list[MotionSummary]
    yes: int
    no: int
    abstain: int
    councils_for: int
    councils_against: int
    pending: int


@dataclass(frozen=True)
class InstructionView:
    instruction: Instruction
    council: Council


@dataclass(frozen=True)
class Referral:
    """A motion this one came from or went to."""

    motion_id: int
    title: str
    council: Council


@dataclass(frozen=True)
class MotionView:
    motion: Motion
    council: Council
    filed_by: Member
    on_behalf_of: Council | None
    text: str
    versions: list[Version]
    amendments: list[AmendmentView]
    supporters: list[Member]
    needed: int
    secrecy_requests: int
    votes: list[VoteView]
    comments: list[CommentView]
    decision: DecisionView | None
    lineage: list[Referral]
    """The motions it was forwarded from, nearest first."""
    origin_vote: dict[str, Any] | None
    forwarded_to: list[Referral]
    consults: Referral | None
    consultation: Consultation | None
    instructions: list[InstructionView]
    statements: list[Statement]


@dataclass(frozen=True)
class FactionSummary:
    faction: Faction
    members: int


@dataclass(frozen=True)
class FactionView:
    faction: Faction
    members: list[Member]
    statements: list[Statement]


@dataclass(frozen=True)
class OpenVote:
    vote: Vote
    motion: Motion
    council: Council
    voted: bool


@dataclass(frozen=True)
class Receipt:
    vote_id: int
    counted: bool
    choice: Choice | None


class MotionQueries(MotionReads):
    def agenda(self, council_id: int, *, decided: int = 20) -> Agenda | None:
        council = self._council(council_id)
        if council is None:
            return None
        rows = self.conn.execute(
            select(t.motions).where(t.motions.c.council_id == council_id).order_by(t.motions.c.id)
        )
        motions = [motion_from_row(row) for row in rows]
        summaries = self._summaries(council, motions)
        closed = [s for s in summaries if s.motion.decided]
        return Agenda(
            council=council,
            gathering=[s for s in summaries if s.motion.state == "filed"],
            scheduled=[s for s in summaries if s.motion.state == "on_agenda"],
            voting=[s for s in summaries if s.motion.state in ("amending", "voting")],
            decided=closed[::-1][:decided],
        )

    def motion_view(self, motion_id: int, *, show_hidden: bool = False) -> MotionView | None:
        motion = self.motion(motion_id)
        if motion is None:
            return None
        council = self._council(motion.council_id)
        assert council is not None
        versions = self._versions(motion.id)
        members = self._members_of_motion(motion)
        decision = self.decision(motion.id)
        votes = self.votes_on(motion.id)
        results = {vote.id: self.results(vote) for vote in votes}
        return MotionView(
            motion=motion,
            council=council,
            filed_by=members[motion.filed_by],
            on_behalf_of=None
            if motion.on_behalf_of is None
            else self._council(motion.on_behalf_of),
            text=versions[-1].text,
            versions=versions,
            amendments=[
                AmendmentView(
                    amendment=a,
                    proposer=members[a.proposed_by],
                    diff=diff(
                        versions[a.version - 1].text,
                        versions[a.version - 1].text.replace(a.original, a.replacement, 1),
                        old_name=f"version {a.version}",
                        new_name=f"amendment {a.id}",
                    ),
                    vote=next((results[v.id] for v in votes if v.amendment_id == a.id), None),
                )
                for a in self.amendments_of(motion.id)
            ],
            supporters=[members[m] for m in self.supporters(motion.id)],
            needed=self._needed(council, support_share(council.charter, motion.kind)),
            secrecy_requests=len(self.secrecy_requests(motion.id)),
            votes=[self._vote_view(vote, results[vote.id]) for vote in votes],
            comments=self._comments(motion.id, show_hidden=show_hidden),
            decision=None if decision is None else self._decision_view(decision, motion, council),
            lineage=self._lineage(motion),
            origin_vote=self._origin_vote(motion.id),
            forwarded_to=self._referrals(t.motions.c.forwarded_from == motion.id),
            consults=None if motion.consults is None else self._referral(motion.consults),
            consultation=self._consultation(motion),
            instructions=self._instructions(motion.id),
            statements=self._statements(t.faction_statements.c.motion_id == motion.id),
        )

    def vote_view(self, vote_id: int) -> VoteView | None:
        vote = self.vote(vote_id)
        return None if vote is None else self._vote_view(vote, self.results(vote))

    def results(self, vote: Vote) -> Results:
        row = self.conn.execute(select(t.votes).where(t.votes.c.id == vote.id)).one()
        register = self.conn.execute(
            select(func.count(), func.count().filter(t.vote_register.c.voted)).where(
                t.vote_register.c.vote_id == vote.id
            )
        ).one()
        if vote.closed is not None:
            tally: Tally | None = Tally(row.yes, row.no, row.abstain, row.eligible)
        elif vote.secret:
            tally = None
        else:
            tally = Tally.of(list(self.named_ballots(vote.id).values()), eligible=vote.eligible)
        return Results(
            vote=vote,
            register=int(register[0]),
            turnout=int(register[1] or 0),
            tally=tally,
            quorum_met=row.quorum_met,
            passed=row.passed,
            reason=row.reason,
        )

    def live_tally(self, vote_id: int) -> LiveTally | None:
        row = self.conn.execute(LIVE_TALLY, {"vote": vote_id}).first()
        if row is None:
            return None
        vote = vote_from_row(row)
        if vote.closed is not None:
            tally: Tally | None = Tally(row.yes, row.no, row.abstain, row.eligible)
        elif vote.secret:
            tally = None
        else:
            tally = Tally(row.named_yes, row.named_no, row.named_abstain, vote.eligible)
        return LiveTally(
            vote=vote,
            register=int(row.on_register),
            turnout=int(row.turnout or 0),
            tally=tally,
            passed=row.passed,
        )

    def decisions(self, council_id: int) -> list[DecisionView]:
        council = self._council(council_id)
        if council is None:
            return []
        rows = self.conn.execute(
            select(t.decisions)
            .where(t.decisions.c.council_id == council_id)
            .order_by(t.decisions.c.motion_id.desc())
        )
        views = []
        for row in rows:
            decision = decision_from_row(row)
            motion = self.motion(decision.motion_id)
            assert motion is not None
            views.append(self._decision_view(decision, motion, council))
        return views

    def factions(self) -> list[FactionSummary]:
        counts: dict[int, int] = dict(
            self.conn.execute(
                select(t.faction_members.c.faction_id, func.count()).group_by(
                    t.faction_members.c.faction_id
                )
            ).all()
        )
        rows = self.conn.execute(select(t.factions).order_by(t.factions.c.name))
        return [
            FactionSummary(faction=faction_from_row(row), members=int(counts.get(row.id, 0)))
            for row in rows
        ]

    def faction_view(self, faction_id: int) -> FactionView | None:
        faction = self.faction(faction_id)
        if faction is None:
            return None
        rows = self.conn.execute(
            select(t.members.c.id, t.members.c.name)
            .join(t.faction_members, t.faction_members.c.member_id == t.members.c.id)
            .where(t.faction_members.c.faction_id == faction_id)
            .order_by(t.members.c.name)
        )
        return FactionView(
            faction=faction,
            members=[Member(id=row.id, name=row.name) for row in rows],
            statements=self._statements(t.faction_statements.c.faction_id == faction_id),
        )

    def open_votes_of(self, member_id: int) -> list[OpenVote]:
        """The open votes a member is on the register of, oldest first."""
        rows = self.conn.execute(
            select(t.votes, t.vote_register.c.voted)
            .join(t.vote_register, t.vote_register.c.vote_id == t.votes.c.id)
            .where(t.vote_register.c.member_id == member_id, t.votes.c.closed.is_(None))
            .order_by(t.votes.c.id)
        )
        found = []
        for row in rows:
            vote = vote_from_row(row)
            motion = self.motion(vote.motion_id)
            council = self._council(vote.council_id)
            assert motion is not None and council is not None
            found.append(OpenVote(vote=vote, motion=motion, council=council, voted=row.voted))
        return found

    def receipt(self, vote_id: int, receipt: str) -> Receipt:
        """Whether the secret ballot with this receipt was counted, and as what."""
        digest = hashlib.sha256(receipt.encode()).digest()
        choice = self.conn.execute(
            select(t.published_ballots.c.choice).where(
                t.published_ballots.c.vote_id == vote_id,
                t.published_ballots.c.receipt_hash == digest,
            )
        ).scalar()
        return Receipt(vote_id=vote_id, counted=choice is not None, choice=choice)

    def published_ballots(self, vote_id: int) -> list[tuple[bytes, Choice]]:
        rows = self.conn.execute(
            select(t.published_ballots.c.receipt_hash, t.published_ballots.c.choice)
            .where(t.published_ballots.c.vote_id == vote_id)
            .order_by(t.published_ballots.c.receipt_hash)
        )
        return [(bytes(receipt), choice) for receipt, choice in rows]

    def _council(self, council_id: int) -> Council | None:
        row = self.conn.execute(select(t.councils).where(t.councils.c.id == council_id)).first()
        return None if row is None else council_from_row(row)

    def _needed(self, council: Council, share: float) -> int:
        if council.kind == "base":
            base = self.conn.execute(
                select(func.count()).where(t.memberships.c.council_id == council.id)
            ).scalar()
        else:
            base = self.seats_in(council.id)
        return needed(share, int(base or 0))

    def _summaries(self, council: Council, motions: Sequence[Motion]) -> list[MotionSummary]:
        counts: dict[int, int] = dict(
            self.conn.execute(
                select(t.supporters.c.motion_id, func.count())
                .where(t.supporters.c.motion_id.in_([m.id for m in motions]))
                .group_by(t.supporters.c.motion_id)
            ).all()
        )
        summaries = []
        for motion in motions:
            votes = self.votes_on(motion.id)
            summaries.append(
                MotionSummary(
                    motion=motion,
                    council=council,
                    supporters=int(counts.get(motion.id, 0)),
                    needed=self._needed(council, support_share(council.charter, motion.kind)),
                    vote=self.results(votes[-1]) if votes else None,
                )
            )
        return summaries

    def _versions(self, motion_id: int) -> list[Version]:
        rows = self.conn.execute(
            select(t.motion_versions)
            .where(t.motion_versions.c.motion_id == motion_id)
            .order_by(t.motion_versions.c.number)
        ).all()
        versions: list[Version] = []
        for row in rows:
            before = versions[-1].text if versions else None
            versions.append(
                Version(
                    number=row.number,
                    text=row.text,
                    amendment_id=row.amendment_id,
                    made=moment(row.made),
                    diff=""
                    if before is None
                    else diff(
                        before,
                        row.text,
                        old_name=f"version {row.number - 1}",
                        new_name=f"version {row.number}",
                    ),
                )
            )
        return versions

    def _members(self, ids: Sequence[int]) -> dict[int, Member]:
        rows = self.conn.execute(select(t.members).where(t.members.c.id.in_(set(ids))))
        return {row.id: Member(id=row.id, name=row.name) for row in rows}

    def _members_of_motion(self, motion: Motion) -> dict[int, Member]:
        ids = [motion.filed_by, *self.supporters(motion.id)]
        ids += [a.proposed_by for a in self.amendments_of(motion.id)]
        return self._members(ids)

    def _vote_view(self, vote: Vote, results: Results) -> VoteView:
        ballots = self.conn.execute(
            select(t.ballots).where(t.ballots.c.vote_id == vote.id).order_by(t.ballots.c.entry)
        ).all()
        voters = self.conn.execute(
            select(t.vote_register.c.member_id).where(
                t.vote_register.c.vote_id == vote.id, t.vote_register.c.voted
            )
        ).scalars()
        voter_ids = [int(v) for v in voters]
        members = self._members([*voter_ids, *(b.member_id for b in ballots)])
        return VoteView(
            results=results,
            ballots=[
                NamedBallot(
                    member=members[b.member_id],
                    choice=b.choice,
                    against_instruction=b.against_instruction,
                )
                for b in ballots
            ],
            voters=sorted((members[v] for v in voter_ids), key=lambda m: (m.name, m.id)),
        )

    def _comments(self, motion_id: int, *, show_hidden: bool) -> list[CommentView]:
        rows = self.conn.execute(
            select(t.comments).where(t.comments.c.motion_id == motion_id).order_by(t.comments.c.id)
        ).all()
        members = self._members(
            [r.author for r in rows] + [r.hidden_by for r in rows if r.hidden_by is not None]
        )
        return [
            CommentView(
                id=row.id,
                amendment_id=row.amendment_id,
                reply_to=row.reply_to,
                author=members[row.author],
                posted=moment(row.posted),
                text=row.text if row.hidden_by is None or show_hidden else None,
                hidden=row.hidden_by is not None,
                hidden_by=None if row.hidden_by is None else members[row.hidden_by],
                hidden_reason=row.hidden_reason,
            )
            for row in rows
        ]

    def _decision_view(self, decision: Decision, motion: Motion, council: Council) -> DecisionView:
        vote = self.vote(decision.vote_id)
        assert vote is not None
        rows = self.conn.execute(
            select(t.minority_reports)
            .where(t.minority_reports.c.motion_id == motion.id)
            .order_by(t.minority_reports.c.id)
        ).all()
        members = self._members([row.author for row in rows])
        referendum = self.referendum_on(motion.id)
        referendum_vote = (
            None
            if referendum is None or referendum.vote_id is None
            else self.vote(referendum.vote_id)
        )
        return DecisionView(
            decision=decision,
            motion=motion,
            council=council,
            text=self.motion_text(motion.id, decision.version),
            vote=self.results(vote),
            minority_reports=[
                MinorityReport(
                    id=row.id,
                    author=members[row.author],
                    text=row.text,
                    attached=moment(row.attached),
                )
                for row in rows
            ],
            referendum=None if referendum_vote is None else self.results(referendum_vote),
            overturn=[]
            if referendum_vote is None or decision.overturned_by is None
            else self._overturn(decision.overturned_by, referendum_vote.id),
        )

    def _overturn(self, referendum: int, vote: int) -> list[str]:
        """The entries of the overturn (appended when its vote closed), in words."""
        query = (
            select(t.entries.c.body)
            .where(t.entries.c.kind.in_(OVERTURN_KINDS), t.entries.c.position > vote)
            .order_by(t.entries.c.position)
        )
        entries = [Entry.from_body(body) for body in self.conn.execute(query).scalars()]
        mine = [entry for entry in entries if entry.payload["referendum"] == referendum]
        if not mine:
            return []
        councils: dict[int, str] = {
            row.id: row.name
            for row in self.conn.execute(select(t.councils.c.id, t.councils.c.name))
        }
        periods: dict[int, str] = {
            row.id: row.name
            for row in self.conn.execute(select(t.planning_periods.c.id, t.planning_periods.c.name))
        }
        return [in_words(entry.kind, entry.payload, councils, periods) for entry in mine]

    def _referral(self, motion_id: int) -> Referral | None:
        motion = self.motion(motion_id)
        if motion is None:
            return None
        council = self._council(motion.council_id)
        assert council is not None
        return Referral(motion_id=motion.id, title=motion.title, council=council)

    def _referrals(self, condition: Any) -> list[Referral]:
        ids = self.conn.execute(
            select(t.motions.c.id).where(condition).order_by(t.motions.c.id)
        ).scalars()
        return [r for r in (self._referral(int(i)) for i in ids) if r is not None]

    def _lineage(self, motion: Motion) -> list[Referral]:
        chain, origin = [], motion.forwarded_from
        while origin is not None:
            referral = self._referral(origin)
            found = self.motion(origin)
            if referral is None or found is None:
                break
            chain.append(referral)
            origin = found.forwarded_from
        return chain

    def _origin_vote(self, motion_id: int) -> dict[str, Any] | None:
        value = self.conn.execute(
            select(t.motions.c.origin_vote).where(t.motions.c.id == motion_id)
        ).scalar()
        return None if value is None else dict(json.loads(value))

    def _consultation(self, motion: Motion) -> Consultation | None:
        children = self.consultations_of(motion.id)
        if not children:
            return None
        answers = []
        for child in children:
            council = self._council(child.council_id)
            assert council is not None
            answers.extend(self._summaries(council, [child]))
        closed = [a.vote for a in answers if a.vote is not None and a.vote.passed is not None]
        return Consultation(
            answers=answers,
            yes=sum(r.tally.yes for r in closed if r.tally is not None),
            no=sum(r.tally.no for r in closed if r.tally is not None),
            abstain=sum(r.tally.abstain for r in closed if r.tally is not None),
            councils_for=sum(1 for r in closed if r.passed),
            councils_against=sum(1 for r in closed if not r.passed),
            pending=len(answers) - len(closed),
        )

    def _instructions(self, motion_id: int) -> list[InstructionView]:
        rows = self.conn.execute(
            select(t.instructions)
            .where(t.instructions.c.motion_id == motion_id)
            .order_by(t.instructions.c.id)
        ).all()
        views = []
        for row in rows:
            council = self._council(row.council_id)
            assert council is not None
            views.append(InstructionView(instruction=instruction_from_row(row), council=council))
        return views

    def _statements(self, condition: Any) -> list[Statement]:
        rows = self.conn.execute(
            select(t.faction_statements).where(condition).order_by(t.faction_statements.c.id)
        ).all()
        members = self._members([row.author for row in rows])
        factions = {
            row.id: faction_from_row(row)
            for row in self.conn.execute(
                select(t.factions).where(t.factions.c.id.in_({r.faction_id for r in rows}))
            )
        }
        return [
            Statement(
                id=row.id,
                faction=factions[row.faction_id],
                author=members[row.author],
                text=row.text,
                motion_id=row.motion_id,
                published=moment(row.published),
            )
            for row in rows
        ]
