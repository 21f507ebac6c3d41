"""Instant recall and offices, as pages: a council's recall petitions (open one, sign,
follow the signatures to the threshold and the vote), and its mandates and offices with
what is vacant. An office is filled only by election by its own council, the first time
too: the mandates page offers to open that election (``web/elections``), and nobody can
fill an office by their own act. Its counterparts by one's own act, on one's own page:
standing down from a seat or office, and leaving a base council.

Each act's form calls its use case; a refusal shows the page again with the reason (and
the refusal's 4xx status), and leaves no record entry behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from sovet.adapters.recall_queries import open_recall_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.errors import Forbidden, NotFound, Refused
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.authority import standing
from sovet.services.leave_council import LeaveCouncil, leave_council
from sovet.services.petition_recall import PetitionRecall, petition_recall
from sovet.services.ports import Store
from sovet.services.sign_recall_petition import SignRecallPetition, sign_recall_petition
from sovet.services.stand_down import StandDown, stand_down
from sovet.web.acting import FormFields
from sovet.web.rendering import render, require_csrf

router = APIRouter()

DONE = {
    "opened": "The recall petition is open, with your signature. The act is in the public record.",
    "signed": "You signed the recall petition. The act is in the public record.",
}
PetitionId = Annotated[int, Path(ge=0, le=MAX_ID)]
PETITION = FormFields(
    {"mandate": ("Whom to recall", "recall-mandate"), "reasons": ("Reasons", "recall-reasons")},
    main="mandate",
)
"""The form that opens a recall petition: a reason about neither field is about whom it
would recall."""


def _council(sovet: Sovet, slug: str, member: Member | None) -> tuple[Council, bool]:
    """The council, and whether ``member`` has standing in it."""
    with sovet.db.reading() as store:
        council = store.council_by_slug(slug)
        if council is None:
            raise NotFound(f"there is no council {slug!r}")
        if member is None:
            return council, False
        try:
            standing(store, council, member)
        except Forbidden:
            return council, False
        return council, True


def recalls_page(
    request: Request,
    sovet: Sovet,
    slug: str,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    done: str | None = None,
    kept: dict[str, Any] | None = None,
    refused_at: str | None = None,
) -> Response:
    """A council's recall petitions and the form that opens one; after a refusal of that
    form (``refused_at``, the id of the field it is about), the form as it was filled in
    with the reason beside that field, or at the top if the form is not shown."""
    council, member_here = _council(sovet, slug, member)
    with open_recall_queries(sovet.db) as queries:
        petitions = queries.petitions(council.id) or []
        recallable = queries.recallable(council.id) if member_here else []
    offered = member_here and bool(recallable)
    context = {
        "council": council,
        "petitions": petitions,
        "recallable": recallable,
        "member_here": member_here,
        "refusal": refusal,
        "refused_at": refused_at if offered else None,
        "done": DONE.get(done or ""),
        "kept": kept or {},
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "recalls.html", context, member=member, status=status)


def mandates_page(
    request: Request,
    sovet: Sovet,
    slug: str,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    done: str | None = None,
) -> Response:
    council, member_here = _council(sovet, slug, member)
    with open_recall_queries(sovet.db) as queries:
        mandates = queries.council_mandates(council.id)
    assert mandates is not None
    context = {
        "council": council,
        "mandates": mandates,
        "today": sovet.db.clock().date(),
        "member_here": member_here,
        "refusal": refusal,
        "done": DONE.get(done or ""),
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "mandates.html", context, member=member, status=status)


@router.get("/councils/{slug}/recalls")
def recalls(
    request: Request, sovet: SovetDep, member: OptionalMemberDep, slug: str, done: str | None = None
) -> Response:
    return recalls_page(request, sovet, slug, member, done=done)


@router.get("/councils/{slug}/mandates")
def mandates(
    request: Request, sovet: SovetDep, member: OptionalMemberDep, slug: str, done: str | None = None
) -> Response:
    return mandates_page(request, sovet, slug, member, done=done)


def _act(
    sovet: Sovet, act: Callable[[Store], int], on_refusal: Callable[[Refused], Response]
) -> int | Response:
    """Run ``act`` in a transaction and return what it gives, or the page for its refusal."""
    try:
        with sovet.db.transaction() as store:
            return act(store)
    except Refused as error:
        return on_refusal(error)


@router.post("/councils/{slug}/recalls", dependencies=[Depends(require_csrf)])
def open_petition(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: str,
    mandate: Annotated[int, Form(ge=0, le=MAX_ID)],
    reasons: Annotated[str, Form()] = "",
) -> Response:

    def refused(error: Refused) -> Response:
        refusal, refused_at = PETITION.refused(error)
        kept = {"mandate": mandate, "reasons": reasons}
        return recalls_page(
            request, sovet, slug, member, refusal=refusal, kept=kept, refused_at=refused_at
        )

    done = _act(
        sovet,
        lambda store: petition_recall(store, PetitionRecall(mandate, reasons), actor=member).id,
        refused,
    )
    if isinstance(done, Response):
        return done
    return RedirectResponse(
        f"/councils/{slug}/recalls?done=opened#petition-{done}", status_code=303
    )


@router.post("/recall-petitions/{petition}/signatures", dependencies=[Depends(require_csrf)])
def sign(request: Request, sovet: SovetDep, member: MemberDep, petition: PetitionId) -> Response:
    with sovet.db.reading() as store:
        motion = store.motion(petition)
        council = None if motion is None else store.council(motion.council_id)
    if council is None:
        raise NotFound(f"there is no recall petition {petition}")
    done = _act(
        sovet,
        lambda store: sign_recall_petition(store, SignRecallPetition(petition), actor=member).id,
        lambda error: recalls_page(request, sovet, council.slug, member, refusal=error),
    )
    if isinstance(done, Response):
        return done
    return RedirectResponse(
        f"/councils/{council.slug}/recalls?done=signed#petition-{petition}", status_code=303
    )


@router.post("/mandates/{mandate}/standing-down", dependencies=[Depends(require_csrf)])
def standing_down(
    sovet: SovetDep, member: MemberDep, mandate: Annotated[int, Path(ge=0, le=MAX_ID)]
) -> Response:
    with sovet.db.transaction() as store:
        stand_down(store, StandDown(mandate), actor=member)
    return RedirectResponse(f"/members/{member.id}?done=stood-down#leaving", status_code=303)


@router.post("/councils/{slug}/leaving", dependencies=[Depends(require_csrf)])
def leaving(sovet: SovetDep, member: MemberDep, slug: str) -> Response:
    with sovet.db.transaction() as store:
        leave_council(store, LeaveCouncil(slug), actor=member)
    return RedirectResponse(f"/members/{member.id}?done=left#leaving", status_code=303)
