"""Factions as pages: every faction and its platform, forming one, a faction's page with
its members and statements, joining, leaving and publishing a statement.

Faction rights are entrenched: any member forms, joins or leaves a faction and publishes
its platform without any council's leave. A statement on a motion appears beside it on
the motion's page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from sovet.adapters.queries import open_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import NotFound, Refused
from sovet.domain.members import Member
from sovet.services.form_faction import FormFaction, form_faction
from sovet.services.join_faction import JoinFaction, join_faction
from sovet.services.leave_faction import LeaveFaction, leave_faction
from sovet.services.ports import Store
from sovet.services.publish_statement import PublishStatement, publish_statement
from sovet.web.motion_page import MotionId, act_on_motion
from sovet.web.rendering import render, require_csrf

router = APIRouter()

FactionId = Annotated[int, Path(ge=0, le=MAX_ID)]
DONE = {
    "formed": "The faction was formed, with you as its first member. The act is in the public record.",
    "joined": "You joined the faction. The act is in the public record.",
    "left": "You left the faction. The act is in the public record.",
    "published": "The statement was published. The act is in the public record.",
}


def _council_members(sovet: Sovet, slug: str) -> tuple[str, set[int]]:
    """A council's name and who belongs to it: its members, or its seats' holders."""
    with open_queries(sovet.db) as queries:
        view = queries.council(slug)
    if view is None:
        raise NotFound(f"there is no council {slug!r}")
    members = {m.id for m in view.members}
    members |= {seat.holder.id for seat in view.seats if seat.holder is not None}
    return view.council.name, members


def factions_page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    *,
    council: str | None = None,
    refusal: Refused | None = None,
    kept: dict[str, str] | None = None,
    done: str | None = None,
) -> Response:
    with open_queries(sovet.db) as queries:
        found = queries.factions()
        views = {s.faction.id: queries.faction_view(s.faction.id) for s in found}
    council_name = None
    if council is not None:
        council_name, members = _council_members(sovet, council)
        found = [
            s
            for s in found
            if (view := views[s.faction.id]) is not None
            and any(m.id in members for m in view.members)
        ]
    context: dict[str, Any] = {
        "factions": found,
        "council_slug": council,
        "council_name": council_name,
        "rule": BY_KEY["faction_rights"].text,
        "refusal": refusal,
        "kept": kept or {},
        "done": DONE.get(done or ""),
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "factions.html", context, member=member, status=status)


def faction_page(
    request: Request,
    sovet: Sovet,
    faction_id: int,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    kept: dict[str, str] | None = None,
    done: str | None = None,
) -> Response:
    with open_queries(sovet.db) as queries:
        view = queries.faction_view(faction_id)
    if view is None:
        raise NotFound(f"there is no faction {faction_id}")
    context: dict[str, Any] = {
        "view": view,
        "faction": view.faction,
        "belongs": member is not None and any(m.id == member.id for m in view.members),
        "rule": BY_KEY["faction_rights"].text,
        "refusal": refusal,
        "kept": kept or {},
        "done": DONE.get(done or ""),
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "faction.html", context, member=member, status=status)


@router.get("/factions")
def factions(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    council: str | None = None,
    done: str | None = None,
) -> Response:
    """Every faction, or those with members in one council (``?council=``)."""
    return factions_page(request, sovet, member, council=council, done=done)


@router.post("/factions", dependencies=[Depends(require_csrf)])
def form(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    name: Annotated[str, Form()] = "",
    platform: Annotated[str, Form()] = "",
) -> Response:
    try:
        with sovet.db.transaction() as store:
            formed = form_faction(store, FormFaction(name, platform), actor=member)
    except Refused as error:
        kept = {"name": name, "platform": platform}
        return factions_page(request, sovet, member, refusal=error, kept=kept)
    return RedirectResponse(f"/factions/{formed.id}?done=formed", status_code=303)


@router.get("/factions/{faction_id}")
def faction(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    faction_id: FactionId,
    done: str | None = None,
) -> Response:
    return faction_page(request, sovet, faction_id, member, done=done)


def _act_on_faction(
    request: Request,
    sovet: Sovet,
    faction_id: int,
    member: Member,
    act: Any,
    done: str,
) -> Response:
    try:
        with sovet.db.transaction() as store:
            act(store)
    except Refused as error:
        return faction_page(request, sovet, faction_id, member, refusal=error)
    return RedirectResponse(f"/factions/{faction_id}?done={done}", status_code=303)


@router.post("/factions/{faction_id}/join", dependencies=[Depends(require_csrf)])
def join(request: Request, sovet: SovetDep, member: MemberDep, faction_id: FactionId) -> Response:
    def act(store: Store) -> object:
        return join_faction(store, JoinFaction(faction_id), actor=member)

    return _act_on_faction(request, sovet, faction_id, member, act, "joined")


@router.post("/factions/{faction_id}/leave", dependencies=[Depends(require_csrf)])
def leave(request: Request, sovet: SovetDep, member: MemberDep, faction_id: FactionId) -> Response:
    def act(store: Store) -> object:
        return leave_faction(store, LeaveFaction(faction_id), actor=member)

    return _act_on_faction(request, sovet, faction_id, member, act, "left")


@router.post("/factions/{faction_id}/statements", dependencies=[Depends(require_csrf)])
def publish(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    faction_id: FactionId,
    text: Annotated[str, Form()] = "",
) -> Response:
    """Publish a statement in the faction's name, on no motion in particular."""
    try:
        with sovet.db.transaction() as store:
            publish_statement(store, PublishStatement(faction_id, text=text), actor=member)
    except Refused as error:
        kept = {"statement": text}
        return faction_page(request, sovet, faction_id, member, refusal=error, kept=kept)
    return RedirectResponse(f"/factions/{faction_id}?done=published#statements", status_code=303)


@router.post("/motions/{motion_id}/statements", dependencies=[Depends(require_csrf)])
def publish_on_motion(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    motion_id: MotionId,
    faction: Annotated[int, Form(ge=0, le=MAX_ID)],
    text: Annotated[str, Form()] = "",
) -> Response:
    """Publish a statement in a faction's name on a motion: it appears beside it."""
    act = PublishStatement(faction, text=text, motion=motion_id)
    return act_on_motion(
        request,
        sovet,
        motion_id,
        member,
        lambda store: publish_statement(store, act, actor=member),
        done="published",
        kept={"statement": text},
    )
