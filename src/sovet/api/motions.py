"""Motions, amendments, comments, votes and decisions: how councils decide, from below."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response

from sovet.adapters.queries import open_queries
from sovet.adapters.sql import SqlStore
from sovet.api.deps import MemberDep, SovetDep
from sovet.api.models import MAX_ID, SlugPath, council_named, positions, refusals
from sovet.api.motion_models import (
    Acted,
    AgendaOut,
    AmendmentProposal,
    BallotCasting,
    CastOut,
    CommentPosting,
    ConsultationOpened,
    DecisionOut,
    Forwarding,
    Hiding,
    InstructionFiling,
    MinorityReportFiling,
    MotionActed,
    MotionDetailOut,
    MotionFiling,
    OpenVoteOut,
    ReceiptCheck,
    ReceiptOut,
    ReferendumCallOut,
    ResultsOut,
    Showing,
    TallyOut,
    VoteOut,
    VotesOpened,
    agenda_out,
    decision_out,
    motion_detail_out,
    motion_out,
    results_out,
    tally_out,
    vote_out,
)
from sovet.domain.errors import NotFound
from sovet.domain.motions import Motion
from sovet.services.agenda import council_with_id
from sovet.services.attach_minority_report import AttachMinorityReport, attach_minority_report
from sovet.services.call_referendum import CallReferendum, call_referendum
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.comment import PostComment, comment
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.forward_motion import ForwardMotion, forward_motion
from sovet.services.instruct_delegates import InstructDelegates, instruct_delegates
from sovet.services.moderation import HideComment, ShowComment, hide_comment, show_comment
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.propose_amendment import AmendText, ProposeAmendment, propose_amendment
from sovet.services.refer_for_consultation import ReferForConsultation, refer_for_consultation
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot
from sovet.services.support_motion import SupportMotion, support_motion

router = APIRouter(tags=["motions"])
MotionId = Annotated[int, Path(ge=0, le=MAX_ID, description="The motion's id")]
VoteId = Annotated[int, Path(ge=0, le=MAX_ID, description="The vote's id")]
ACT = refusals(401, 403, 404, 409, 422)


def _acted(store: SqlStore, motion: Motion) -> MotionActed:
    return MotionActed(
        motion=motion_out(motion, council_with_id(store, motion.council_id)),
        entries=positions(store),
    )


@router.get("/councils/{slug}/agenda", summary="A council's agenda", responses=refusals(404, 422))
def agenda(slug: SlugPath, sovet: SovetDep) -> AgendaOut:
    """A council's motions: those gathering support (with how many they have and need),
    those on the agenda with the moment their vote opens, those being voted on, and the
    latest decided."""
    council_id = council_named(sovet, slug).id
    with open_queries(sovet.db) as queries:
        found = queries.agenda(council_id)
    assert found is not None
    return agenda_out(found)


@router.get(
    "/councils/{slug}/decisions", summary="A council's decisions", responses=refusals(404, 422)
)
def decisions(slug: SlugPath, sovet: SovetDep) -> list[DecisionOut]:
    """Every decision of a council, newest first, with its final text, its vote, its
    minority reports and any referendum on it."""
    council_id = council_named(sovet, slug).id
    with open_queries(sovet.db) as queries:
        return [decision_out(view) for view in queries.decisions(council_id)]


@router.post("/councils/{slug}/motions", status_code=201, summary="File a motion", responses=ACT)
def file(slug: SlugPath, body: MotionFiling, member: MemberDep, sovet: SovetDep) -> MotionActed:
    """A member (in a delegate council, a delegate) files a motion: a resolution on a
    matter the council's charter lists, or an amendment of its charter. Outside the
    council's competence it is refused, naming the council that holds it; a motion that
    would ban a faction, silence a platform or expel for faction membership is refused
    at any level, citing the entrenched rule. The mover is its first supporter."""
    request = FileMotion(
        council=slug,
        title=body.title,
        text=body.text,
        matter=body.matter,
        kind=body.kind,
        effects=tuple(body.effects),
        on_behalf_of=body.on_behalf_of,
    )
    with sovet.db.transaction() as store:
        return _acted(store, file_motion(store, request, actor=member))


@router.get("/motions/{motion_id}", summary="A motion", responses=refusals(404, 422))
def motion(
    motion_id: MotionId,
    sovet: SovetDep,
    show_hidden: Annotated[
        bool, Query(description="Show the text of comments hidden by moderation")
    ] = False,
) -> MotionDetailOut:
    """A motion with every version of its text and the diffs between them, its
    amendments (each as a diff), supporters, threaded comments, votes (live counts of a
    named vote; only the turnout of an open secret one), the decision with its minority
    reports, its lineage, any consultation, instructions and faction statements."""
    with open_queries(sovet.db) as queries:
        view = queries.motion_view(motion_id, show_hidden=show_hidden)
    if view is None:
        raise NotFound(f"there is no motion {motion_id}")
    return motion_detail_out(view)


@router.post(
    "/motions/{motion_id}/supporters", status_code=201, summary="Support a motion", responses=ACT
)
def support(motion_id: MotionId, member: MemberDep, sovet: SovetDep) -> MotionActed:
    """A member supports a motion. When its supporters reach the charter's threshold it
    goes on the agenda, and its vote opens when the charter's agenda period ends: no
    officer can stop, delay or reword it."""
    with sovet.db.transaction() as store:
        return _acted(store, support_motion(store, SupportMotion(motion_id), actor=member))


@router.post(
    "/motions/{motion_id}/secret-ballot-requests",
    status_code=201,
    summary="Ask for a secret ballot",
    responses=ACT,
)
def ask_secret(motion_id: MotionId, member: MemberDep, sovet: SovetDep) -> Acted:
    """A member asks, before the vote opens, for the motion to be voted by secret
    ballot; when the charter's share of members (or seats) has asked, it is."""
    with sovet.db.transaction() as store:
        request_secret_ballot(store, RequestSecretBallot(motion_id), actor=member)
    return Acted(id=None, entries=positions(store))


@router.post(
    "/motions/{motion_id}/amendments",
    status_code=201,
    summary="Propose an amendment",
    responses=ACT,
)
def amend(
    motion_id: MotionId, body: AmendmentProposal, member: MemberDep, sovet: SovetDep
) -> Acted:
    """A member proposes, before the motion's vote opens, to change its text: either as
    the whole text changed as the member would have it (`text`; the passage changed is
    found in it), or as a passage of the text (it must occur exactly once) and what
    replaces it (`original` and `replacement`). Amendments are voted before the motion."""
    request: AmendText | ProposeAmendment
    if body.text is not None:
        request = AmendText(motion_id, body.text)
    else:
        assert body.original is not None and body.replacement is not None  # AmendmentProposal
        request = ProposeAmendment(motion_id, body.original, body.replacement)
    with sovet.db.transaction() as store:
        amendment = propose_amendment(store, request, actor=member)
    return Acted(id=amendment.id, entries=positions(store))


@router.post("/motions/{motion_id}/comments", status_code=201, summary="Comment", responses=ACT)
def post_comment(
    motion_id: MotionId, body: CommentPosting, member: MemberDep, sovet: SovetDep
) -> Acted:
    """A member of the council comments on the motion or one of its amendments, or
    replies to a comment."""
    request = PostComment(
        motion=motion_id, text=body.text, amendment=body.amendment, reply_to=body.reply_to
    )
    with sovet.db.transaction() as store:
        posted = comment(store, request, actor=member)
    return Acted(id=posted.id, entries=positions(store))


@router.post(
    "/comments/{comment_id}/hiding", status_code=201, summary="Hide a comment", responses=ACT
)
def hide(
    comment_id: Annotated[int, Path(ge=0, le=MAX_ID)],
    body: Hiding,
    member: MemberDep,
    sovet: SovetDep,
) -> Acted:
    """A member of the council hides a comment, giving a reason that is shown in its
    place with their name. Nothing is deleted: the text stays readable on request. A
    member hides their own comments; another's, only as an officer whose office the
    charter gives ``moderate``, or where the charter gives every member ``moderate``."""
    with sovet.db.transaction() as store:
        hide_comment(
            store, HideComment(comment_id, reason=body.reason, office=body.office), actor=member
        )
    return Acted(id=comment_id, entries=positions(store))


@router.post(
    "/comments/{comment_id}/showing",
    status_code=201,
    summary="Show a hidden comment again",
    responses=ACT,
)
def show(
    comment_id: Annotated[int, Path(ge=0, le=MAX_ID)],
    body: Showing,
    member: MemberDep,
    sovet: SovetDep,
) -> Acted:
    """Whoever may hide a comment shows it again, in its place, with its text; its author
    shows again only what they hid themselves."""
    with sovet.db.transaction() as store:
        show_comment(store, ShowComment(comment_id, office=body.office), actor=member)
    return Acted(id=comment_id, entries=positions(store))


@router.post("/motions/{motion_id}/votes", status_code=201, summary="Open the vote", responses=ACT)
def open_votes(motion_id: MotionId, member: MemberDep, sovet: SovetDep) -> VotesOpened:
    """Any member opens the vote on a motion once its agenda period has ended (the next
    act of any member in the council does it too): votes on its pending amendments
    first, else on the motion. The register of voters is frozen as it opens."""
    with sovet.db.transaction() as store:
        opened = open_vote(store, OpenVote(motion_id), actor=member)
    with open_queries(sovet.db) as queries:
        votes = [results_out(queries.results(vote)) for vote in opened]
    return VotesOpened(votes=votes, entries=positions(store))


@router.get("/votes/{vote_id}", summary="A vote and its results", responses=refusals(404, 422))
def vote(vote_id: VoteId, sovet: SovetDep) -> VoteOut:
    """A vote: who may vote, who has voted, and its counts, live while it is open for a
    named vote; an open secret vote shows only its turnout until it closes, and then
    every ballot (checkable by receipt)."""
    with open_queries(sovet.db) as queries:
        view = queries.vote_view(vote_id)
    if view is None:
        raise NotFound(f"there is no vote {vote_id}")
    return vote_out(view)


@router.get(
    "/votes/{vote_id}/tally",
    summary="A vote's counts, for live results",
    response_model=TallyOut,
    responses={304: {"description": "Nothing changed since the ETag sent"}, **refusals(404, 422)},
)
def tally(
    vote_id: VoteId,
    response: Response,
    sovet: SovetDep,
    if_none_match: Annotated[
        str | None, Header(max_length=200, description="The ETag of the last answer")
    ] = None,
) -> TallyOut | Response:
    """A vote's counts, turnout and state alone, for a page that shows them live: a few
    hundred bytes read in one statement, however many have voted. An open secret vote
    shows only its turnout, as ``GET /api/votes/{vote_id}`` does. ``version`` counts up
    with each ballot and once more at the close, and the ETag carries it: sent back in
    ``If-None-Match``, it is answered 304, with no body, while nothing has changed."""
    with open_queries(sovet.db) as queries:
        found = queries.live_tally(vote_id)
    if found is None:
        raise NotFound(f"there is no vote {vote_id}")
    headers = {"ETag": f'"{found.version}"', "Cache-Control": "no-cache"}
    if if_none_match is not None and _matches(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return tally_out(found)


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weakly compared, as RFC 9110 asks)."""
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


@router.post("/votes/{vote_id}/ballots", status_code=201, summary="Vote", responses=ACT)
def cast(vote_id: VoteId, body: BallotCasting, member: MemberDep, sovet: SovetDep) -> CastOut:
    """A member on the vote's register votes yes, no or abstain, once. A secret ballot
    returns a receipt: with it, the voter checks after the close that it was counted."""
    with sovet.db.transaction() as store:
        done = cast_vote(store, CastVote(vote_id, body.choice), actor=member)
    return CastOut(
        vote=done.vote,
        choice=done.choice,
        receipt=done.receipt,
        against_instruction=done.against_instruction,
        entries=positions(store),
    )


@router.post("/votes/{vote_id}/closing", status_code=201, summary="Close a vote", responses=ACT)
def close(vote_id: VoteId, member: MemberDep, sovet: SovetDep) -> ResultsOut:
    """Any member of the council (or on the register) closes a vote whose time is up:
    the result is counted and recorded, and a passed motion becomes a decision."""
    with sovet.db.transaction() as store:
        closed = close_vote(store, CloseVote(vote_id), actor=member)
    with open_queries(sovet.db) as queries:
        return results_out(queries.results(closed))


@router.post("/votes/{vote_id}/receipt", summary="Check a receipt", responses=refusals(404, 422))
def check_receipt(vote_id: VoteId, body: ReceiptCheck, sovet: SovetDep) -> ReceiptOut:
    """Whether the secret ballot with this receipt was counted when the vote closed, and
    as what. The receipt travels in the body, so that it stays out of addresses and logs."""
    with open_queries(sovet.db) as queries:
        if queries.vote(vote_id) is None:
            raise NotFound(f"there is no vote {vote_id}")
        found = queries.receipt(vote_id, body.receipt)
    return ReceiptOut(vote=found.vote_id, counted=found.counted, choice=found.choice)


@router.post(
    "/motions/{motion_id}/minority-reports",
    status_code=201,
    summary="Attach a minority report",
    responses=ACT,
)
def minority_report(
    motion_id: MotionId, body: MinorityReportFiling, member: MemberDep, sovet: SovetDep
) -> Acted:
    """A member on the losing side attaches a minority report to a decision within the
    time its council's charter sets; it is published with the decision for good."""
    request = AttachMinorityReport(motion_id, text=body.text)
    with sovet.db.transaction() as store:
        report = attach_minority_report(store, request, actor=member)
    return Acted(id=report, entries=positions(store))


@router.post(
    "/motions/{motion_id}/forwarding", status_code=201, summary="Forward a decision", responses=ACT
)
def forward(
    motion_id: MotionId, body: Forwarding, member: MemberDep, sovet: SovetDep
) -> MotionActed:
    """A member of the deciding council forwards a decision to another council (upward
    or sideways), where it is filed with its lineage and the origin's vote."""
    with sovet.db.transaction() as store:
        return _acted(store, forward_motion(store, ForwardMotion(motion_id, body.to), actor=member))


@router.post(
    "/motions/{motion_id}/consultation",
    status_code=201,
    summary="Refer for consultation",
    responses=ACT,
)
def consult(motion_id: MotionId, member: MemberDep, sovet: SovetDep) -> ConsultationOpened:
    """A delegate refers a pending motion of a delegate council down to each of its
    constituent councils, which vote on it; the motion shows their aggregated answers."""
    with sovet.db.transaction() as store:
        motions = refer_for_consultation(store, ReferForConsultation(motion_id), actor=member)
        out = [motion_out(m, council_with_id(store, m.council_id)) for m in motions]
    return ConsultationOpened(motions=out, entries=positions(store))


@router.post(
    "/motions/{motion_id}/instructions",
    status_code=201,
    summary="Instruct delegates",
    responses=ACT,
)
def instruct(
    motion_id: MotionId, body: InstructionFiling, member: MemberDep, sovet: SovetDep
) -> MotionActed:
    """A member of a constituent council files, in that council, an instruction to its
    delegates on this motion of a higher council. Once the council passes it, the
    delegates' votes on the motion are public and one against it is marked."""
    request = InstructDelegates(
        council=body.council, motion=motion_id, choice=body.choice, text=body.text
    )
    with sovet.db.transaction() as store:
        return _acted(store, instruct_delegates(store, request, actor=member))


@router.post(
    "/motions/{motion_id}/referendum-signatures",
    status_code=201,
    summary="Call a referendum",
    responses=ACT,
)
def referendum(motion_id: MotionId, member: MemberDep, sovet: SovetDep) -> ReferendumCallOut:
    """A member of a base council beneath a higher council signs the call for a
    referendum on one of its decisions. At the charter's share of members beneath, every
    one of them votes, secretly, whether to overturn it; the result stands over it."""
    with sovet.db.transaction() as store:
        call = call_referendum(store, CallReferendum(motion_id), actor=member)
    return ReferendumCallOut(
        referendum=call.referendum,
        signatures=call.signatures,
        needed=call.needed,
        vote=call.vote,
        entries=positions(store),
    )


@router.get("/me/votes", summary="My open votes", responses=refusals(401))
def my_votes(member: MemberDep, sovet: SovetDep) -> list[OpenVoteOut]:
    """The open votes the logged-in member is on the register of, and whether they have
    voted in each."""
    with open_queries(sovet.db) as queries:
        found = queries.open_votes_of(member.id)
    return [
        OpenVoteOut(
            vote=item.vote.id,
            subject=item.vote.subject,
            motion=motion_out(item.motion, item.council),
            closes=item.vote.closes,
            secret=item.vote.secret,
            voted=item.voted,
        )
        for item in found
    ]
