"""The JSON shapes of motions, votes, decisions and factions.

Requests are closed and strict like every request (``models.ClosedRequest``), with each
text bounded; Markdown comes back both as written and rendered (raw HTML disabled).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from sovet.adapters.motion_queries import (
    Agenda,
    CommentView,
    Consultation,
    DecisionView,
    FactionView,
    LiveTally,
    MotionSummary,
    MotionView,
    Referral,
    Results,
    Statement,
    VoteView,
)
from sovet.api.models import (
    MAX_ID,
    Answer,
    ClosedRequest,
    CouncilRef,
    MemberRef,
    Positions,
    Slug,
    council_ref,
    member_ref,
)
from sovet.domain.factions import Faction
from sovet.domain.federation import Council
from sovet.domain.motions import MAX_COMMENT, MAX_TITLE, Motion, effect_to_json
from sovet.domain.text import MAX_MARKDOWN, render_markdown
from sovet.domain.votes import Choice

Markdown = Annotated[
    str, Field(max_length=MAX_MARKDOWN, description="Markdown; raw HTML is shown as text")
]
Id = Annotated[int, Field(ge=0, le=MAX_ID)]


class MotionFiling(ClosedRequest):
    title: Annotated[str, Field(max_length=MAX_TITLE)]
    text: Markdown
    matter: Annotated[str, Field(max_length=40)] = Field(
        default="",
        description="The kind of matter it decides, one the council's charter lists "
        "(a charter amendment's is always 'charter')",
    )
    kind: Literal["resolution", "charter_amendment"] = "resolution"
    effects: Annotated[list[dict[str, Any]], Field(max_length=10)] = Field(
        default_factory=list,
        description="What the decision does, as typed effects: amend_charter {changes}, "
        "ban_faction {faction}, silence_platform {faction}, expel_member {member, grounds}, "
        "concerns_member {member}, admit_constituent {constituent, seats} (in a delegate "
        "council, on 'delegation': admits a council that asked to join, with at most the "
        "seats it asked for), admit_members {members} (in a base council, on 'membership': "
        "admits the registered members listed, at most 1,000)",
    )
    on_behalf_of: Slug | None = Field(
        default=None, description="In a delegate council: the constituent council filed for"
    )


class AmendmentProposal(ClosedRequest):
    """An amendment in exactly one of two forms: the motion's text changed in place
    (text), or a passage of it and what replaces it (original and replacement)."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [{"required": ["text"]}, {"required": ["original", "replacement"]}]
        }
    )

    text: Markdown | None = Field(
        default=None,
        description="The motion's current text, changed as the member would have it: the "
        "passage changed is found in it. Instead of original and replacement",
    )
    original: Markdown | None = Field(
        default=None,
        description="The passage replaced: it must occur exactly once. With replacement, "
        "instead of text",
    )
    replacement: Markdown | None = Field(
        default=None, description="What replaces the original passage (empty deletes it)"
    )

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        """Exactly one of the two forms, whole."""
        passage = {"original": self.original, "replacement": self.replacement}
        given = [name for name, value in passage.items() if value is not None]
        if self.text is not None and given:
            raise PydanticCustomError(
                "amendment_form",
                "give the amended text (text) or a passage and its replacement (original "
                "and replacement), not both",
            )
        if self.text is None and not given:
            raise PydanticCustomError(
                "amendment_form",
                "give the amended text (text), or a passage and its replacement (original "
                "and replacement)",
            )
        if self.text is None and len(given) == 1:
            [missing] = passage.keys() - set(given)
            raise PydanticCustomError(
                "amendment_form",
                f"{given[0]} needs {missing} too: give both, or the amended text (text) alone",
            )
        return self


class CommentPosting(ClosedRequest):
    text: Annotated[str, Field(max_length=MAX_COMMENT)]
    amendment: Id | None = Field(default=None, description="The amendment it is about, if any")
    reply_to: Id | None = Field(default=None, description="The comment it answers, if any")


class Hiding(ClosedRequest):
    reason: Annotated[str, Field(max_length=500, description="Why, shown in its place")]
    office: Annotated[str | None, Field(max_length=40)] = Field(
        default=None, description="Hide it as this officer, if the charter gives it 'moderate'"
    )


class Showing(ClosedRequest):
    office: Annotated[str | None, Field(max_length=40)] = Field(
        default=None,
        description="Show it again as this officer, if the charter gives it 'moderate'",
    )


class BallotCasting(ClosedRequest):
    choice: Choice


class ReceiptCheck(ClosedRequest):
    receipt: Annotated[str, Field(max_length=128, description="The receipt the vote gave you")]


class MinorityReportFiling(ClosedRequest):
    text: Markdown


class Forwarding(ClosedRequest):
    to: Slug = Field(description="The council it is forwarded to")


class InstructionFiling(ClosedRequest):
    council: Slug = Field(description="The constituent council that instructs its delegates")
    choice: Choice
    text: Markdown = Field(description="The reasons, as members will read them")


class FactionFounding(ClosedRequest):
    name: Annotated[str, Field(max_length=120)]
    platform: Markdown


class StatementPosting(ClosedRequest):
    text: Markdown
    motion: Id | None = Field(default=None, description="The motion it concerns, if any")


class MotionOut(Answer):
    id: int
    council: CouncilRef
    kind: str
    matter: str
    title: str
    state: str = Field(description="filed, on_agenda, amending, voting, passed or rejected")
    version: int = Field(description="The number of the current version of its text")
    filed_by: int = Field(description="The member who filed or forwarded it")
    filed: datetime
    due: datetime | None = Field(description="When its vote opens, once it is on the agenda")
    on_behalf_of: int | None
    forwarded_from: int | None
    consults: int | None = Field(description="For a consultation: the motion it is about")
    effects: list[dict[str, Any]]


class ResultsOut(Answer):
    id: int
    subject: str = Field(description="motion, amendment or referendum")
    motion: int
    amendment: int | None
    referendum: int | None
    secret: bool
    threshold: str
    quorum: float
    eligible: int = Field(description="Members or seats the quorum counts from")
    opened: datetime
    closes: datetime
    closed: datetime | None
    on_register: int = Field(description="How many may vote (frozen when it opened)")
    turnout: int = Field(description="How many have voted")
    yes: int | None = Field(description="Null while a secret vote is open")
    no: int | None
    abstain: int | None
    quorum_met: bool | None
    passed: bool | None
    reason: str | None


class TallyOut(Answer):
    """A vote's counts alone, as its page shows them live."""

    id: int
    state: Literal["open", "closed"]
    secret: bool
    closes: datetime
    on_register: int = Field(description="How many may vote (frozen when it opened)")
    turnout: int = Field(description="How many have voted")
    yes: int | None = Field(description="Null while a secret vote is open")
    no: int | None
    abstain: int | None
    passed: bool | None = Field(description="Null until it closes")
    version: int = Field(
        description="One more with each ballot and once more at the close; the ETag carries it"
    )


class BallotOut(Answer):
    member: MemberRef
    choice: Choice
    against_instruction: int | None = Field(
        description="The instruction this delegate's vote went against, if any"
    )


class VoteOut(ResultsOut):
    ballots: list[BallotOut] = Field(description="Named ballots")
    voters: list[MemberRef] = Field(description="Who has voted (in a secret vote, not how)")


class VersionOut(Answer):
    number: int
    text: str
    amendment: int | None
    made: datetime
    diff: str


class AmendmentOut(Answer):
    id: int
    proposer: MemberRef
    original: str
    replacement: str
    state: str
    version: int
    diff: str
    vote: ResultsOut | None


class CommentOut(Answer):
    id: int
    amendment: int | None
    reply_to: int | None
    author: MemberRef
    posted: datetime
    text: str | None = Field(description="Null when hidden, unless asked for")
    text_html: str | None
    hidden: bool
    hidden_by: MemberRef | None
    hidden_reason: str | None


class MinorityReportOut(Answer):
    id: int
    author: MemberRef
    text: str
    text_html: str
    attached: datetime


class DecisionOut(Answer):
    motion: MotionOut
    text: str
    text_html: str
    decided: datetime
    minority_until: datetime
    overturned_by: int | None = Field(description="The referendum that overturned it")
    overturn: list[str] = Field(
        description="What the referendum's overturn undid (the charter restored, the "
        "instruction withdrawn, the plan adopted no more, the constituent gone, the demand "
        "targets withdrawn), or why it could not, in words"
    )
    vote: ResultsOut
    minority_reports: list[MinorityReportOut]
    referendum: ResultsOut | None


class ReferralOut(Answer):
    motion: int
    title: str
    council: CouncilRef


class MotionSummaryOut(Answer):
    motion: MotionOut
    supporters: int
    supporters_needed: int
    vote: ResultsOut | None


class ConsultationOut(Answer):
    answers: list[MotionSummaryOut]
    yes: int
    no: int
    abstain: int
    councils_for: int
    councils_against: int
    pending: int


class InstructionOut(Answer):
    id: int
    council: CouncilRef
    choice: Choice


class FactionOut(Answer):
    id: int
    name: str
    platform: str
    platform_html: str
    formed_by: int


class StatementOut(Answer):
    id: int
    faction: int
    faction_name: str
    author: MemberRef
    text: str
    text_html: str
    motion: int | None
    published: datetime


class MotionDetailOut(Answer):
    motion: MotionOut
    filed_by: MemberRef
    text: str
    text_html: str
    versions: list[VersionOut]
    amendments: list[AmendmentOut]
    supporters: list[MemberRef]
    supporters_needed: int
    secret_ballot_requests: int
    votes: list[VoteOut]
    comments: list[CommentOut]
    decision: DecisionOut | None
    lineage: list[ReferralOut] = Field(description="The motions it was forwarded from")
    origin_vote: dict[str, Any] | None = Field(description="The vote of the council it came from")
    forwarded_to: list[ReferralOut]
    consults: ReferralOut | None
    consultation: ConsultationOut | None
    instructions: list[InstructionOut]
    statements: list[StatementOut]


class AgendaOut(Answer):
    council: CouncilRef
    gathering: list[MotionSummaryOut] = Field(description="Gathering support")
    scheduled: list[MotionSummaryOut] = Field(description="On the agenda, due for a vote")
    voting: list[MotionSummaryOut]
    decided: list[MotionSummaryOut] = Field(description="The latest passed or rejected")


class MotionActed(Answer):
    motion: MotionOut
    entries: Positions


class Acted(Answer):
    id: int | None = Field(description="What the act created, if anything")
    entries: Positions


class VotesOpened(Answer):
    votes: list[ResultsOut]
    entries: Positions


class CastOut(Answer):
    vote: int
    choice: Choice
    receipt: str | None = Field(
        description="For a secret ballot: keep it to check, after the close, that it was counted"
    )
    against_instruction: int | None
    entries: Positions


class ReceiptOut(Answer):
    vote: int
    counted: bool
    choice: Choice | None


class ConsultationOpened(Answer):
    motions: list[MotionOut]
    entries: Positions


class ReferendumCallOut(Answer):
    referendum: int
    signatures: int
    needed: int
    vote: int | None = Field(description="The referendum's vote, once it has opened")
    entries: Positions


class OpenVoteOut(Answer):
    vote: int
    subject: str
    motion: MotionOut
    closes: datetime
    secret: bool
    voted: bool


class FactionSummaryOut(FactionOut):
    members: int


class FactionDetailOut(FactionOut):
    members: list[MemberRef]
    statements: list[StatementOut]


class FactionActed(Answer):
    faction: FactionOut
    entries: Positions


def motion_out(motion: Motion, council: Council) -> MotionOut:
    return MotionOut(
        id=motion.id,
        council=council_ref(council),
        kind=motion.kind,
        matter=motion.matter,
        title=motion.title,
        state=motion.state,
        version=motion.version,
        filed_by=motion.filed_by,
        filed=motion.filed,
        due=motion.due,
        on_behalf_of=motion.on_behalf_of,
        forwarded_from=motion.forwarded_from,
        consults=motion.consults,
        effects=[effect_to_json(effect) for effect in motion.effects],
    )


def results_out(results: Results) -> ResultsOut:
    return ResultsOut(**_results(results))


def _results(results: Results) -> dict[str, Any]:
    vote, tally = results.vote, results.tally
    return {
        "id": vote.id,
        "subject": vote.subject,
        "motion": vote.motion_id,
        "amendment": vote.amendment_id,
        "referendum": vote.referendum_id,
        "secret": vote.secret,
        "threshold": vote.rule.threshold,
        "quorum": vote.rule.quorum,
        "eligible": vote.eligible,
        "opened": vote.opened,
        "closes": vote.closes,
        "closed": vote.closed,
        "on_register": results.register,
        "turnout": results.turnout,
        "yes": None if tally is None else tally.yes,
        "no": None if tally is None else tally.no,
        "abstain": None if tally is None else tally.abstain,
        "quorum_met": results.quorum_met,
        "passed": results.passed,
        "reason": results.reason,
    }


def tally_out(live: LiveTally) -> TallyOut:
    vote, tally = live.vote, live.tally
    return TallyOut(
        id=vote.id,
        state="open" if vote.closed is None else "closed",
        secret=vote.secret,
        closes=vote.closes,
        on_register=live.register,
        turnout=live.turnout,
        yes=None if tally is None else tally.yes,
        no=None if tally is None else tally.no,
        abstain=None if tally is None else tally.abstain,
        passed=live.passed,
        version=live.version,
    )


def vote_out(view: VoteView) -> VoteOut:
    return VoteOut(
        **_results(view.results),
        ballots=[
            BallotOut(
                member=member_ref(b.member),
                choice=b.choice,
                against_instruction=b.against_instruction,
            )
            for b in view.ballots
        ],
        voters=[member_ref(m) for m in view.voters],
    )


def summary_out(summary: MotionSummary) -> MotionSummaryOut:
    return MotionSummaryOut(
        motion=motion_out(summary.motion, summary.council),
        supporters=summary.supporters,
        supporters_needed=summary.needed,
        vote=None if summary.vote is None else results_out(summary.vote),
    )


def agenda_out(agenda: Agenda) -> AgendaOut:
    return AgendaOut(
        council=council_ref(agenda.council),
        gathering=[summary_out(s) for s in agenda.gathering],
        scheduled=[summary_out(s) for s in agenda.scheduled],
        voting=[summary_out(s) for s in agenda.voting],
        decided=[summary_out(s) for s in agenda.decided],
    )


def decision_out(view: DecisionView) -> DecisionOut:
    return DecisionOut(
        motion=motion_out(view.motion, view.council),
        text=view.text,
        text_html=render_markdown(view.text),
        decided=view.decision.decided,
        minority_until=view.decision.minority_until,
        overturned_by=view.decision.overturned_by,
        overturn=view.overturn,
        vote=results_out(view.vote),
        minority_reports=[
            MinorityReportOut(
                id=r.id,
                author=member_ref(r.author),
                text=r.text,
                text_html=render_markdown(r.text),
                attached=r.attached,
            )
            for r in view.minority_reports
        ],
        referendum=None if view.referendum is None else results_out(view.referendum),
    )


def faction_out(faction: Faction) -> FactionOut:
    return FactionOut(**_faction(faction))


def _faction(faction: Faction) -> dict[str, Any]:
    return {
        "id": faction.id,
        "name": faction.name,
        "platform": faction.platform,
        "platform_html": render_markdown(faction.platform),
        "formed_by": faction.formed_by,
    }


def faction_detail_out(view: FactionView) -> FactionDetailOut:
    return FactionDetailOut(
        **_faction(view.faction),
        members=[member_ref(m) for m in view.members],
        statements=[statement_out(s) for s in view.statements],
    )


def statement_out(statement: Statement) -> StatementOut:
    return StatementOut(
        id=statement.id,
        faction=statement.faction.id,
        faction_name=statement.faction.name,
        author=member_ref(statement.author),
        text=statement.text,
        text_html=render_markdown(statement.text),
        motion=statement.motion_id,
        published=statement.published,
    )


def motion_detail_out(view: MotionView) -> MotionDetailOut:
    return MotionDetailOut(
        motion=motion_out(view.motion, view.council),
        filed_by=member_ref(view.filed_by),
        text=view.text,
        text_html=render_markdown(view.text),
        versions=[
            VersionOut(
                number=v.number, text=v.text, amendment=v.amendment_id, made=v.made, diff=v.diff
            )
            for v in view.versions
        ],
        amendments=[
            AmendmentOut(
                id=a.amendment.id,
                proposer=member_ref(a.proposer),
                original=a.amendment.original,
                replacement=a.amendment.replacement,
                state=a.amendment.state,
                version=a.amendment.version,
                diff=a.diff,
                vote=None if a.vote is None else results_out(a.vote),
            )
            for a in view.amendments
        ],
        supporters=[member_ref(m) for m in view.supporters],
        supporters_needed=view.needed,
        secret_ballot_requests=view.secrecy_requests,
        votes=[vote_out(v) for v in view.votes],
        comments=[_comment(c) for c in view.comments],
        decision=None if view.decision is None else decision_out(view.decision),
        lineage=[_referral(r) for r in view.lineage],
        origin_vote=view.origin_vote,
        forwarded_to=[_referral(r) for r in view.forwarded_to],
        consults=None if view.consults is None else _referral(view.consults),
        consultation=None if view.consultation is None else _consultation(view.consultation),
        instructions=[
            InstructionOut(
                id=i.instruction.id, council=council_ref(i.council), choice=i.instruction.choice
            )
            for i in view.instructions
        ],
        statements=[statement_out(s) for s in view.statements],
    )


def _comment(comment: CommentView) -> CommentOut:
    return CommentOut(
        id=comment.id,
        amendment=comment.amendment_id,
        reply_to=comment.reply_to,
        author=member_ref(comment.author),
        posted=comment.posted,
        text=comment.text,
        text_html=None if comment.text is None else render_markdown(comment.text),
        hidden=comment.hidden,
        hidden_by=None if comment.hidden_by is None else member_ref(comment.hidden_by),
        hidden_reason=comment.hidden_reason,
    )


def _referral(referral: Referral) -> ReferralOut:
    return ReferralOut(
        motion=referral.motion_id, title=referral.title, council=council_ref(referral.council)
    )


def _consultation(consultation: Consultation) -> ConsultationOut:
    return ConsultationOut(
        answers=[summary_out(a) for a in consultation.answers],
        yes=consultation.yes,
        no=consultation.no,
        abstain=consultation.abstain,
        councils_for=consultation.councils_for,
        councils_against=consultation.councils_against,
        pending=consultation.pending,
    )
