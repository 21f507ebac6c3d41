"""Councils and the federation: founding, admitting, importing, joining."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response

from sovet.adapters.mail import (
    dismiss_failed_invitations,
    failed_invitations,
    send_invitations,
)
from sovet.adapters.queries import CouncilView, open_queries
from sovet.api.deps import MemberDep, SovetDep
from sovet.api.models import (
    Admission,
    Admitted,
    BaseCouncilFounding,
    ConstituentJoining,
    ConstituentOut,
    CouncilDetailOut,
    CouncilSummaryOut,
    DelegateCouncilFounding,
    Edge,
    FailedInvitationOut,
    Founded,
    GraphOut,
    ImportedMember,
    ImportOut,
    Joined,
    MemberRef,
    SeatOut,
    SlugPath,
    council_out,
    council_ref,
    member_ref,
    positions,
    refusals,
    summary_out,
)
from sovet.api.motion_models import Acted
from sovet.api.password import mail_of
from sovet.domain.errors import Invalid, NotFound
from sovet.services import authority
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.invitations import invitation_notices
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.leave_council import LeaveCouncil, leave_council

MAX_CSV_BYTES = 16 * 1024 * 1024
CSV_BODY = {
    "required": True,
    "content": {
        "text/csv": {
            "schema": {"type": "string", "maxLength": MAX_CSV_BYTES},
            "example": "name,email,contact\nAda Byron,ada@example.org,line 3 workshop\n",
        }
    },
}

router = APIRouter(tags=["councils"])


@router.get("/councils", summary="Every council")
def councils(sovet: SovetDep) -> list[CouncilSummaryOut]:
    """Every council with its kind, how many members it has, and how many of its seats
    are filled."""
    with open_queries(sovet.db) as queries:
        return [summary_out(summary) for summary in queries.councils()]


@router.get("/councils/{slug}", summary="A council", responses=refusals(404, 422))
def council(slug: SlugPath, sovet: SovetDep) -> CouncilDetailOut:
    """A council with its charter, its members, its seats and who holds them, the
    councils that seat delegates in it, and the councils it seats delegates in."""
    with open_queries(sovet.db) as queries:
        view = queries.council(slug)
    if view is None:
        raise NotFound(f"there is no council {slug!r}")
    return _detail(view)


@router.post(
    "/councils/base",
    status_code=201,
    summary="Found a base council",
    responses=refusals(401, 409, 422),
)
def found_base(body: BaseCouncilFounding, member: MemberDep, sovet: SovetDep) -> Founded:
    """Workers found the council of their workplace; the founder is its first member."""
    request = FoundBaseCouncil(
        slug=body.slug, name=body.name, workplace=body.workplace, charter=body.charter or {}
    )
    with sovet.db.transaction() as store:
        founded = found_base_council(store, request, actor=member)
    return Founded(council=council_out(founded), entries=positions(store))


@router.post(
    "/councils/delegate",
    status_code=201,
    summary="Found a delegate council",
    responses=refusals(401, 403, 404, 409, 422),
)
def found_delegate(body: DelegateCouncilFounding, member: MemberDep, sovet: SovetDep) -> Founded:
    """A constituent council founds a delegate council and seats delegates in it first;
    the founder acts under their membership or mandate in that constituent."""
    request = FoundDelegateCouncil(
        slug=body.slug,
        name=body.name,
        constituent=body.constituent,
        seats=body.seats,
        charter=body.charter or {},
    )
    with sovet.db.transaction() as store:
        founded = found_delegate_council(store, request, actor=member)
    return Founded(council=council_out(founded), entries=positions(store))


@router.post(
    "/councils/{slug}/members",
    status_code=201,
    summary="Admit a member",
    responses=refusals(401, 403, 404, 409, 422),
)
def admit(slug: SlugPath, body: Admission, member: MemberDep, sovet: SovetDep) -> Admitted:
    """A base council's member admits a registered member into it. Only its own members
    can: never a higher council, never the operator. Once the council has opened a vote or
    an election, a member admits alone only with the charter's ``admit_members`` power
    (in ``member_powers``, or of the ``office`` they act as); otherwise the council admits
    by a resolution on membership with an ``admit_members`` effect."""
    request = AdmitMember(council=slug, member=body.member, office=body.office)
    with sovet.db.transaction() as store:
        admitted = admit_member(store, request, actor=member)
    return Admitted(council=slug, member=member_ref(admitted), entries=positions(store))


async def csv_text(request: Request) -> str:
    """The request body as CSV text (UTF-8, at most ``MAX_CSV_BYTES``)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "text/csv":
        raise Invalid("body: send the member list as CSV text, with Content-Type text/csv")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_CSV_BYTES:
            raise Invalid(f"body: the member list is over {MAX_CSV_BYTES} bytes")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Invalid(f"body: the member list is not UTF-8 text (byte {error.start})") from None


@router.post(
    "/councils/{slug}/leaving",
    status_code=201,
    summary="Leave a base council",
    responses=refusals(401, 403, 404, 409, 422),
)
def leave(slug: SlugPath, member: MemberDep, sovet: SovetDep) -> Acted:
    """The logged-in member ends their own membership of the base council (they left the
    workplace, or the union); the seats they held for it and the offices they held in it
    end too, each as a recall ends it. Coming back is an admission, as joining was."""
    with sovet.db.transaction() as store:
        leave_council(store, LeaveCouncil(slug), actor=member)
        return Acted(id=None, entries=positions(store))


@router.post(
    "/councils/{slug}/members/import",
    status_code=201,
    summary="Import members from CSV",
    responses=refusals(401, 403, 404, 422),
    openapi_extra={"requestBody": CSV_BODY},
)
def import_csv(
    slug: SlugPath,
    member: MemberDep,
    text: Annotated[str, Depends(csv_text)],
    sovet: SovetDep,
    request: Request,
    tasks: BackgroundTasks,
    office: Annotated[
        str | None,
        Query(max_length=40, description="Import as this officer, if it has 'admit_members'"),
    ] = None,
    email: Annotated[
        bool,
        Query(
            description="Also e-mail each new member their code, where the instance sends e-mail"
        ),
    ] = False,
) -> ImportOut:
    """A base council's member imports its workplace's member list: CSV with the header
    ``name,email`` or ``name,email,contact``. People new to the federation are
    registered, each with a one-time invitation code that the importer passes on to
    them; people already registered are admitted. One bad row refuses the whole import,
    naming its line. Who may import is who may admit (see admitting a member). With
    ``email``, each new member is also sent their code after the answer, with a link that
    sets their password; refused where the instance sends no e-mail. Those the mail
    server did not take are kept for the importer (``/invitations/failed``)."""
    mail = mail_of(request)
    if email and mail is None:
        raise Invalid("email: this instance sends no e-mail; pass the codes on by hand")
    importing = ImportMembers(council=slug, csv_text=text, office=office)
    with sovet.db.transaction() as store:
        imported = import_members(store, importing, actor=member)
        council = authority.council_named(store, slug)
    sending = mail if email else None
    if sending is not None:
        tasks.add_task(
            send_invitations,
            sovet.db,
            sending,
            invitation_notices(council, imported, sending.site),
            council=council.id,
            importer=member.id,
        )
    return ImportOut(
        council=slug,
        imported=[
            ImportedMember(
                member=member_ref(item.member), email=item.email, invitation=item.invitation
            )
            for item in imported
        ],
        entries=positions(store),
    )


@router.get(
    "/councils/{slug}/invitations/failed",
    summary="Invitation e-mails that failed",
    responses=refusals(401, 404),
)
def failed_invitation_mail(
    slug: SlugPath, member: MemberDep, sovet: SovetDep
) -> list[FailedInvitationOut]:
    """The invitation e-mails of the member lists the caller imported into this council
    (with ``email``) that the mail server did not take: the caller passes these codes on
    by hand, from the answer of the import."""
    with sovet.db.reading() as store:
        council = authority.council_named(store, slug)
    return [
        FailedInvitationOut(
            member=MemberRef(id=item.member, name=item.name),
            email=item.email,
            attempted=item.attempted,
            reason=item.reason,
        )
        for item in failed_invitations(sovet.db, council=council.id, importer=member.id)
    ]


@router.delete(
    "/councils/{slug}/invitations/failed",
    status_code=204,
    response_class=Response,
    summary="Forget the invitation e-mails that failed",
    responses=refusals(401, 404),
)
def dismiss_invitation_mail(slug: SlugPath, member: MemberDep, sovet: SovetDep) -> None:
    """The caller has passed on the codes whose e-mails failed: they are listed no more."""
    with sovet.db.reading() as store:
        council = authority.council_named(store, slug)
    dismiss_failed_invitations(sovet.db, council=council.id, importer=member.id)


@router.post(
    "/councils/{slug}/constituents",
    status_code=201,
    summary="Join a delegate council, or ask to",
    responses=refusals(401, 403, 404, 409, 422),
)
def join(slug: SlugPath, body: ConstituentJoining, member: MemberDep, sovet: SovetDep) -> Joined:
    """A council asks to join the delegate council ``slug`` as a constituent, by its own
    act: the actor acts under their membership or mandate in the joining council. While
    no delegate has sat in ``slug`` yet (it is being founded), the council joins at once.
    Once delegates sit there, the request is recorded and awaits ``slug``'s decision: a
    resolution on ``delegation`` whose ``admit_constituent`` effect admits the council,
    with at most the seats asked for (``joined`` is then false). A join that would make
    the federation a cycle is refused, naming the cycle."""
    request = JoinDelegateCouncil(council=slug, constituent=body.constituent, seats=body.seats)
    with sovet.db.transaction() as store:
        joining = join_delegate_council(store, request, actor=member)
    return Joined(
        council=slug,
        constituent=body.constituent,
        seats=body.seats,
        joined=joining.joined,
        message=joining.message,
        entries=positions(store),
    )


@router.get("/federation", summary="The federation graph")
def federation(sovet: SovetDep) -> GraphOut:
    """Every council as a node (kind, members, seats, filled seats) and every constituent
    link as an edge from the constituent council to the council it seats delegates in."""
    with open_queries(sovet.db) as queries:
        graph = queries.graph()
    slugs = {node.council.id: node.council.slug for node in graph.nodes}
    return GraphOut(
        nodes=[summary_out(node) for node in graph.nodes],
        edges=[
            Edge(constituent=slugs[constituent], council=slugs[council], seats=seats)
            for constituent, council, seats in graph.edges
        ],
    )


def _detail(view: CouncilView) -> CouncilDetailOut:
    return CouncilDetailOut(
        council=council_out(view.council),
        members=[member_ref(member) for member in view.members],
        seats=[
            SeatOut(
                constituency=council_ref(seat.constituency),
                number=seat.number,
                holder=None if seat.holder is None else member_ref(seat.holder),
                mandate=None if seat.mandate is None else seat.mandate.id,
            )
            for seat in view.seats
        ],
        constituents=[
            ConstituentOut(council=council_ref(constituent), seats=seats)
            for constituent, seats in view.constituents
        ],
        sits_in=[council_ref(council) for council in view.sits_in],
        asking=[
            ConstituentOut(council=council_ref(council), seats=seats)
            for council, seats in view.asking
        ],
        asked=[council_ref(council) for council in view.asked],
    )
