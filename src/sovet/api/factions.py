"""Factions: members who share a platform, free to form, join, leave and publish."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from sovet.adapters.queries import open_queries
from sovet.api.deps import MemberDep, SovetDep
from sovet.api.models import MAX_ID, positions, refusals
from sovet.api.motion_models import (
    Acted,
    FactionActed,
    FactionDetailOut,
    FactionFounding,
    FactionSummaryOut,
    StatementPosting,
    faction_detail_out,
    faction_out,
)
from sovet.domain.errors import NotFound
from sovet.services.form_faction import FormFaction, form_faction
from sovet.services.join_faction import JoinFaction, join_faction
from sovet.services.leave_faction import LeaveFaction, leave_faction
from sovet.services.publish_statement import PublishStatement, publish_statement

router = APIRouter(tags=["factions"])
FactionId = Annotated[int, Path(ge=0, le=MAX_ID, description="The faction's id")]


@router.get("/factions", summary="Every faction")
def factions(sovet: SovetDep) -> list[FactionSummaryOut]:
    """Every faction with its platform and how many members it has."""
    with open_queries(sovet.db) as queries:
        found = queries.factions()
    return [
        FactionSummaryOut(**faction_out(item.faction).model_dump(), members=item.members)
        for item in found
    ]


@router.get("/factions/{faction_id}", summary="A faction", responses=refusals(404, 422))
def faction(faction_id: FactionId, sovet: SovetDep) -> FactionDetailOut:
    """A faction: its platform, its members and the statements it has published."""
    with open_queries(sovet.db) as queries:
        view = queries.faction_view(faction_id)
    if view is None:
        raise NotFound(f"there is no faction {faction_id}")
    return faction_detail_out(view)


@router.post(
    "/factions", status_code=201, summary="Form a faction", responses=refusals(401, 409, 422)
)
def form(body: FactionFounding, member: MemberDep, sovet: SovetDep) -> FactionActed:
    """Any member forms a faction with a name and a platform and is its first member.
    Faction rights are entrenched: no council's leave is needed, none can take them."""
    with sovet.db.transaction() as store:
        formed = form_faction(store, FormFaction(body.name, body.platform), actor=member)
    return FactionActed(faction=faction_out(formed), entries=positions(store))


@router.post(
    "/factions/{faction_id}/members",
    status_code=201,
    summary="Join a faction",
    responses=refusals(401, 404, 409, 422),
)
def join(faction_id: FactionId, member: MemberDep, sovet: SovetDep) -> FactionActed:
    """The logged-in member joins a faction, for themselves."""
    with sovet.db.transaction() as store:
        joined = join_faction(store, JoinFaction(faction_id), actor=member)
    return FactionActed(faction=faction_out(joined), entries=positions(store))


@router.delete(
    "/factions/{faction_id}/members/me",
    summary="Leave a faction",
    responses=refusals(401, 404, 409, 422),
)
def leave(faction_id: FactionId, member: MemberDep, sovet: SovetDep) -> FactionActed:
    """The logged-in member leaves a faction, at any time."""
    with sovet.db.transaction() as store:
        left = leave_faction(store, LeaveFaction(faction_id), actor=member)
    return FactionActed(faction=faction_out(left), entries=positions(store))


@router.post(
    "/factions/{faction_id}/statements",
    status_code=201,
    summary="Publish a statement",
    responses=refusals(401, 403, 404, 422),
)
def publish(
    faction_id: FactionId, body: StatementPosting, member: MemberDep, sovet: SovetDep
) -> Acted:
    """A member publishes a statement in the faction's name, on a motion (it appears
    beside it) or in general."""
    request = PublishStatement(faction_id, text=body.text, motion=body.motion)
    with sovet.db.transaction() as store:
        statement = publish_statement(store, request, actor=member)
    return Acted(id=statement, entries=positions(store))
