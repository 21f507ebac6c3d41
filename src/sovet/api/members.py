"""Members: registration, log-in and log-out, passwords, invitations, and who a member is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from sovet.adapters.queries import open_queries
from sovet.api.deps import MemberDep, SovetDep, request_token
from sovet.api.models import (
    MAX_ID,
    Credentials,
    InvitationClaim,
    MemberOut,
    Notices,
    NoticesChoice,
    PasswordChoice,
    Registered,
    Registration,
    SessionOut,
    SessionsEnded,
    member_out,
    member_ref,
    positions,
    refusals,
)
from sovet.api.passwords import with_password
from sovet.api.throttle import throttled, throttled_log_in
from sovet.domain.errors import Forbidden, NotFound
from sovet.services.change_password import (
    ChangePassword,
    change_password,
    log_out_elsewhere,
    prepare_password_change,
)
from sovet.services.log_in import (
    ClaimInvitation,
    LogIn,
    Session,
    claim_invitation,
    log_out,
    prepare_claim,
)
from sovet.services.register_member import (
    RegisterMember,
    prepare_registration,
    register_member,
)
from sovet.services.set_notices import SetNotices, set_notices

router = APIRouter(tags=["members"])


@router.post(
    "/members",
    status_code=201,
    summary="Register as a member",
    responses=refusals(409, 422),
)
async def register(body: Registration, sovet: SovetDep) -> Registered:
    """A person registers themselves as a member of the federation. The record shows
    only their name; the e-mail address and contact stay private to the instance."""
    request = RegisterMember(
        name=body.name, email=body.email, password=body.password, contact=body.contact
    )

    def registered() -> Registered:
        registration = prepare_registration(request)
        with sovet.db.transaction() as store:
            member = register_member(store, registration)
        return Registered(id=member.id, name=member.name, entries=positions(store))

    return await with_password(registered)


@router.post(
    "/sessions",
    status_code=201,
    summary="Log in",
    responses=refusals(401, 422, 429),
)
async def open_session(request: Request, body: Credentials, sovet: SovetDep) -> SessionOut:
    """Exchange an e-mail address and password for an API token. Logging in is not a
    governing act and writes nothing to the record. After five failures in a row for
    one account from one address, each further try from there waits twice as long as
    the one before (429, with Retry-After), up to five minutes."""
    attempt = LogIn(email=body.email, password=body.password, kind="api")
    return _session_out(await throttled_log_in(request, sovet.db, attempt))


@router.delete(
    "/sessions/current",
    status_code=204,
    response_class=Response,
    summary="Log out",
    responses=refusals(401),
)
def close_session(
    member: MemberDep,
    sovet: SovetDep,
    token: Annotated[str | None, Depends(request_token)],
) -> None:
    """End the session or token this request was made with; it stops working at once."""
    assert token is not None  # a logged-in member came with one
    with sovet.db.transaction() as store:
        log_out(store, token)


@router.post(
    "/invitations/claim",
    status_code=201,
    summary="Claim an invitation",
    responses=refusals(401, 422),
)
async def claim(body: InvitationClaim, sovet: SovetDep) -> SessionOut:
    """A member imported by their council sets their password with the one-time code the
    council passed on to them, and is logged in."""
    request = ClaimInvitation(email=body.email, code=body.code, password=body.password, kind="api")

    def claimed() -> Session:
        claim = prepare_claim(request)
        with sovet.db.transaction() as store:
            return claim_invitation(store, claim)

    return _session_out(await with_password(claimed))


@router.delete(
    "/sessions/others",
    summary="Log out everywhere else",
    responses=refusals(401),
)
def close_other_sessions(
    member: MemberDep,
    sovet: SovetDep,
    token: Annotated[str | None, Depends(request_token)],
) -> SessionsEnded:
    """End every session and token of the logged-in member but the one this request was
    made with: after a phone is lost, nobody stays logged in on it."""
    assert token is not None  # a logged-in member came with one
    with sovet.db.transaction() as store:
        return SessionsEnded(ended=log_out_elsewhere(store, member, keeping=token))


@router.put(
    "/me/password",
    summary="Change your password",
    responses=refusals(401, 403, 409, 422, 429),
)
async def password(
    request: Request,
    body: PasswordChoice,
    member: MemberDep,
    sovet: SovetDep,
    token: Annotated[str | None, Depends(request_token)],
) -> SessionsEnded:
    """Set a new password, giving the current one (403 when wrong; wrong ones count as
    failed log-ins do). Every other session and token of yours ends; the one this request
    was made with goes on. A private matter of your account, not in the record."""
    assert token is not None  # a logged-in member came with one
    with sovet.db.reading() as store:
        account = store.account(member.id)
    if account is None:
        raise NotFound(f"{member.name} has no account on this instance")
    wanted = ChangePassword(current=body.current, new=body.new)

    def changed() -> int:
        change = prepare_password_change(sovet.db, wanted, member=member)
        with sovet.db.transaction() as store:
            return change_password(store, change, keeping=token)

    ended = await throttled(request, account.email, changed, failure=Forbidden)
    return SessionsEnded(ended=ended)


@router.get("/me", summary="Who is logged in", responses=refusals(401))
def me(member: MemberDep, sovet: SovetDep) -> MemberOut:
    """The logged-in member: the councils they belong to and the mandates they hold."""
    return _member(sovet, member.id)


@router.put(
    "/me/notices", summary="Turn e-mail notices on or off", responses=refusals(401, 404, 422)
)
def notices(body: NoticesChoice, member: MemberDep, sovet: SovetDep) -> Notices:
    """Whether the logged-in member gets an e-mail when something they can act in opens:
    a vote, an election's voting or nominations, a recall petition in their council (on
    unless they turn it off). A private setting, not in the record."""
    with sovet.db.transaction() as store:
        wanted = set_notices(store, SetNotices(body.wanted), actor=member)
    return Notices(wanted=wanted)


@router.get("/members/{member_id}", summary="A member", responses=refusals(404, 422))
def member(member_id: Annotated[int, Path(ge=0, le=MAX_ID)], sovet: SovetDep) -> MemberOut:
    """Anyone may see a member's name, councils and mandates; never their e-mail address
    or contact."""
    return _member(sovet, member_id)


def _member(sovet: SovetDep, member_id: int) -> MemberOut:
    with open_queries(sovet.db) as queries:
        view = queries.member(member_id)
        if view is None:
            raise NotFound(f"there is no member {member_id}")
        return member_out(view, queries.today)


def _session_out(session: Session) -> SessionOut:
    return SessionOut(token=session.token, member=member_ref(session.member))
