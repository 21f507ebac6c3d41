"""Instant recall, offices and concentration indicators: petitions of a constituency
against its delegates and officers, a council's mandates, and where power piles up."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from sovet.adapters.indicator_queries import indicators as read_indicators
from sovet.adapters.recall_queries import open_recall_queries
from sovet.adapters.sql import SqlStore
from sovet.api.deps import MemberDep, SovetDep
from sovet.api.models import MAX_ID, SlugPath, council_named, positions, refusals
from sovet.api.motion_models import Acted, motion_out
from sovet.api.recall_models import (
    CouncilMandatesOut,
    IndicatorsOut,
    PetitionActed,
    PetitionOut,
    RecallPetitioning,
    council_mandates_out,
    indicators_out,
    petition_out,
)
from sovet.domain.motions import Motion
from sovet.services.agenda import council_with_id, support_needed
from sovet.services.petition_recall import PetitionRecall, petition_recall
from sovet.services.sign_recall_petition import SignRecallPetition, sign_recall_petition
from sovet.services.stand_down import StandDown, stand_down

router = APIRouter(tags=["recall"])
MandateId = Annotated[int, Path(ge=0, le=MAX_ID, description="The mandate's id")]
MotionId = Annotated[int, Path(ge=0, le=MAX_ID, description="The recall petition's id")]
ACT = refusals(401, 403, 404, 409, 422)


def _acted(store: SqlStore, motion: Motion) -> PetitionActed:
    council = council_with_id(store, motion.council_id)
    return PetitionActed(
        motion=motion_out(motion, council),
        signatures=len(store.supporters(motion.id)),
        signatures_needed=support_needed(store, council, motion.kind),
        entries=positions(store),
    )


@router.post(
    "/mandates/{mandate_id}/recall-petitions",
    status_code=201,
    summary="Petition to recall a delegate or officer",
    responses=ACT,
)
def petition(
    mandate_id: MandateId, body: RecallPetitioning, member: MemberDep, sovet: SovetDep
) -> PetitionActed:
    """A member of the mandate's constituency opens a petition to recall it, and is its
    first signature. At the charter's recall_petition_threshold of signatures the recall
    vote is scheduled and opens by itself after the agenda period, by secret ballot. If it
    passes, the mandate ends at once, the next substitute takes the seat (or it waits for
    a by-election) and every seat held through it ends too. No higher council can block,
    delay or reverse it."""
    with sovet.db.transaction() as store:
        return _acted(
            store,
            petition_recall(store, PetitionRecall(mandate_id, body.reasons), actor=member),
        )


@router.post(
    "/recall-petitions/{motion_id}/signatures",
    status_code=201,
    summary="Sign a recall petition",
    responses=ACT,
)
def sign(motion_id: MotionId, member: MemberDep, sovet: SovetDep) -> PetitionActed:
    """A member of the constituency signs the petition, once."""
    with sovet.db.transaction() as store:
        return _acted(
            store, sign_recall_petition(store, SignRecallPetition(motion_id), actor=member)
        )


@router.get(
    "/councils/{slug}/recall-petitions",
    summary="A council's recall petitions",
    responses=refusals(404, 422),
)
def petitions(slug: SlugPath, sovet: SovetDep) -> list[PetitionOut]:
    """Every recall petition filed in the council (as the constituency), newest first,
    with its signatures, the signatures it needs, its vote and the mandate it targets."""
    council_id = council_named(sovet, slug).id
    with open_recall_queries(sovet.db) as queries:
        found = queries.petitions(council_id)
    assert found is not None
    return [petition_out(p) for p in found]


@router.get(
    "/councils/{slug}/mandates", summary="A council's mandates", responses=refusals(404, 422)
)
def mandates(slug: SlugPath, sovet: SovetDep) -> CouncilMandatesOut:
    """Every delegate mandate and office in the council, current and ended (with why),
    its vacant seats awaiting a by-election, and the mandates it can recall."""
    council_id = council_named(sovet, slug).id
    with open_recall_queries(sovet.db) as queries:
        found = queries.council_mandates(council_id)
    assert found is not None
    return council_mandates_out(found)


@router.get("/indicators", summary="Concentration indicators")
def indicators(sovet: SovetDep) -> IndicatorsOut:
    """For every member holding a seat or an office: how many at once, how far up they
    reach, and their cap; for every council: the largest shares of its seats held by one
    workplace or one faction, and of its agenda filed by its officers, with warnings at
    the charter's concentration_warning_share."""
    with open_recall_queries(sovet.db) as queries:
        return indicators_out(read_indicators(queries.conn, queries.today))


@router.post(
    "/mandates/{mandate_id}/standing-down",
    status_code=201,
    summary="Stand down from your seat or office",
    responses=ACT,
)
def standing_down(mandate_id: MandateId, member: MemberDep, sovet: SovetDep) -> Acted:
    """The holder ends their own seat or office at once, as a recall ends it: the first
    substitute able to takes a seat, else it is vacant and its by-election opens; what
    was held through it ends too. Nobody stands down for another."""
    with sovet.db.transaction() as store:
        mandate = stand_down(store, StandDown(mandate_id), actor=member)
        return Acted(id=mandate.id, entries=positions(store))
