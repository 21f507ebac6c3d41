"""Decisions and what follows them, as pages: a council's decisions with their minority
reports, attaching a minority report, forwarding a decision to another council, referring
a motion down for consultation, instructing delegates, and signing the call for a
referendum from below.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from sovet.adapters.queries import open_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.domain.errors import NotFound
from sovet.services.attach_minority_report import AttachMinorityReport, attach_minority_report
from sovet.services.call_referendum import CallReferendum, call_referendum
from sovet.services.forward_motion import ForwardMotion, forward_motion
from sovet.services.instruct_delegates import InstructDelegates, instruct_delegates
from sovet.services.refer_for_consultation import ReferForConsultation, refer_for_consultation
from sovet.web.motion_page import MotionId, act_on_motion
from sovet.web.rendering import render, require_csrf

router = APIRouter()


@router.get("/councils/{slug}/decisions")
def decisions(request: Request, sovet: SovetDep, member: OptionalMemberDep, slug: str) -> Response:
    """Every decision of a council, newest first, with its final text, its vote, its
    minority reports and any referendum on it."""
    with sovet.db.reading() as store:
        council = store.council_by_slug(slug)
    if council is None:
        raise NotFound(f"there is no council {slug!r}")
    with open_queries(sovet.db) as queries:
        found = queries.decisions(council.id)
    context = {"council": council, "decisions": found}
    return render(request, "decisions.html", context, member=member)


@router.post("/motions/{motion_id}/minority-reports", dependencies=[Depends(require_csrf)])
def minority_report(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    motion_id: MotionId,
    text: Annotated[str, Form()] = "",
) -> Response:
    act = AttachMinorityReport(motion_id, text=text)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: attach_minority_report(store, act, actor=member),
        done="reported",
        kept={"report": text},
    )


@router.post("/motions/{motion_id}/forwarding", dependencies=[Depends(require_csrf)])
def forward(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    motion_id: MotionId,
    to: Annotated[str, Form()] = "",
) -> Response:
    act = ForwardMotion(motion_id, to)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: forward_motion(store, act, actor=member),
        done="forwarded",
    )


@router.post("/motions/{motion_id}/consultation", dependencies=[Depends(require_csrf)])
def consult(request: Request, sovet: SovetDep, member: MemberDep, motion_id: MotionId) -> Response:
    act = ReferForConsultation(motion_id)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: refer_for_consultation(store, act, actor=member),
        done="consulted",
    )


@router.post("/motions/{motion_id}/instructions", dependencies=[Depends(require_csrf)])
def instruct(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    motion_id: MotionId,
    council: Annotated[str, Form()] = "",
    choice: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> Response:
    act = InstructDelegates(council=council, motion=motion_id, choice=choice, text=text)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: instruct_delegates(store, act, actor=member),
        done="instructed",
        kept={"instruction": text},
    )


@router.post("/motions/{motion_id}/referendum", dependencies=[Depends(require_csrf)])
def sign_referendum(
    request: Request, sovet: SovetDep, member: MemberDep, motion_id: MotionId
) -> Response:
    act = CallReferendum(motion_id)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: call_referendum(store, act, actor=member),
        done="signed",
    )
