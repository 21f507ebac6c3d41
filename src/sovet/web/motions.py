"""How councils decide, as pages: a council's agenda, each motion's page, and the acts of
deliberation on it (support, a secret ballot asked for, amendments, comments, hiding one,
opening the vote).

The rest of the deciding pages have routers of their own: filing a motion
(``web.filing``), votes (``web.votes``), decisions and what follows them
(``web.decisions``) and factions (``web.factions``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import Response

from sovet.adapters.queries import open_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.errors import NotFound
from sovet.domain.members import Member
from sovet.services.comment import PostComment, comment
from sovet.services.moderation import HideComment, ShowComment, hide_comment, show_comment
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.ports import Store
from sovet.services.propose_amendment import AmendText, propose_amendment
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot
from sovet.services.support_motion import SupportMotion, support_motion
from sovet.web.motion_page import MotionId, Shown, act_on_motion, motion_page, standing_in
from sovet.web.rendering import render, require_csrf

router = APIRouter()


@router.get("/councils/{slug}/agenda")
def agenda(request: Request, sovet: SovetDep, member: OptionalMemberDep, slug: str) -> Response:
    """A council's motions by where they stand: gathering support, on the agenda with the
    moment their vote opens, being voted on, and the latest decided."""
    with sovet.db.reading() as store:
        council = store.council_by_slug(slug)
        if council is None:
            raise NotFound(f"there is no council {slug!r}")
        here = None if member is None else standing_in(store, council, member)
        now = store.now()
    with open_queries(sovet.db) as queries:
        found = queries.agenda(council.id)
    assert found is not None
    context = {"agenda": found, "council": council, "standing": here, "now": now}
    return render(request, "agenda.html", context, member=member)


@router.get("/motions/{motion_id}")
def motion(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    motion_id: MotionId,
    hidden: bool = False,
    done: str | None = None,
    done_on: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
) -> Response:
    """A motion's page; after an act, it confirms the act (``done``, on the vote or comment
    ``done_on``) where it opens."""
    shown = Shown(done, on=done_on)
    return motion_page(request, sovet, motion_id, member, show_hidden=hidden, shown=shown)


@router.post("/motions/{motion_id}/support", dependencies=[Depends(require_csrf)])
def support(request: Request, sovet: SovetDep, member: MemberDep, motion_id: MotionId) -> Response:
    act = SupportMotion(motion_id)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: support_motion(store, act, actor=member),
        done="supported",
    )


@router.post("/motions/{motion_id}/secret-ballot", dependencies=[Depends(require_csrf)])
def ask_secret(
    request: Request, sovet: SovetDep, member: MemberDep, motion_id: MotionId
) -> Response:
    act = RequestSecretBallot(motion_id)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: request_secret_ballot(store, act, actor=member),
        done="asked",
    )


@router.post("/motions/{motion_id}/amendments", dependencies=[Depends(require_csrf)])
def amend(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    motion_id: MotionId,
    text: Annotated[str, Form()] = "",
) -> Response:
    """Propose an amendment as the motion's text changed as the member would have it: the
    passage changed is found in it. A refused one comes back in its box, with the reason
    beside it."""
    act = AmendText(motion_id, text)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: propose_amendment(store, act, actor=member),
        done="amended",
        kept={"amendment": text},
        refused_at="amendment",
        labels={"text": "Your amended text"},
    )


@router.post("/motions/{motion_id}/comments", dependencies=[Depends(require_csrf)])
def post_comment(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    motion_id: MotionId,
    text: Annotated[str, Form()] = "",
    about: Annotated[int | None, Form(ge=0, le=MAX_ID)] = None,
    reply_to: Annotated[int | None, Form(ge=0, le=MAX_ID)] = None,
) -> Response:
    """Comment on the motion or an amendment, or reply to a comment; a refused one comes
    back in its own box (the comment form's or the reply's), with the reason beside it."""
    act = PostComment(motion=motion_id, text=text, amendment=about, reply_to=reply_to)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: comment(store, act, actor=member),
        done="commented",
        kept={"comment": text, "about": "" if about is None else str(about)},
        refused_at="comment" if reply_to is None else f"reply-{reply_to}",
        labels={"text": "Your comment" if reply_to is None else "Your reply", "amendment": "About"},
    )


CommentId = Annotated[int, Path(ge=0, le=MAX_ID)]


@router.post("/comments/{comment_id}/hide", dependencies=[Depends(require_csrf)])
def hide(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    comment_id: CommentId,
    reason: Annotated[str, Form()] = "",
    office: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    act = HideComment(comment_id, reason=reason, office=office or None)
    return _moderate(
        request,
        sovet,
        member,
        comment_id,
        lambda store: hide_comment(store, act, actor=member),
        "hidden",
    )


@router.post("/comments/{comment_id}/show", dependencies=[Depends(require_csrf)])
def show(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    comment_id: CommentId,
    office: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    act = ShowComment(comment_id, office=office or None)
    return _moderate(
        request,
        sovet,
        member,
        comment_id,
        lambda store: show_comment(store, act, actor=member),
        "shown",
    )


def _moderate(
    request: Request,
    sovet: Sovet,
    member: Member,
    comment_id: int,
    use_case: Callable[[Store], None],
    done: str,
) -> Response:
    """Hide a comment or show it again, and return to it on its motion's page."""
    with sovet.db.reading() as store:
        found = store.comment(comment_id)
    if found is None:
        raise NotFound(f"there is no comment {comment_id}")
    return act_on_motion(
        request,
        sovet,
        found.motion_id,
        member,
        use_case,
        done=done,
        on=comment_id,
    )


@router.post("/motions/{motion_id}/votes", dependencies=[Depends(require_csrf)])
def open_votes(
    request: Request, sovet: SovetDep, member: MemberDep, motion_id: MotionId
) -> Response:
    act = OpenVote(motion_id)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: open_vote(store, act, actor=member),
        done="opened",
    )
