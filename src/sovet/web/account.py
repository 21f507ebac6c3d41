"""Log in and out, claim an invitation, register: the pages that open a session; and a
member's own password and sessions, on their page.

Each that checks or sets a password runs it in the password pool (``api.passwords``).
None of these is a governing act; they write no record entry. A refused attempt shows
its form again with the reason, and the e-mail filled in (never the password).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from sovet.api.deps import SESSION_COOKIE, MemberDep, OptionalMemberDep, SovetDep, request_token
from sovet.api.passwords import with_password
from sovet.api.throttle import throttled, throttled_log_in
from sovet.domain.errors import Forbidden, NotFound, Refused
from sovet.domain.members import Member
from sovet.services.change_password import (
    ChangePassword,
    change_password,
    log_out_elsewhere,
    prepare_password_change,
)
from sovet.services.log_in import (
    LIFETIMES,
    ClaimInvitation,
    LogIn,
    Session,
    claim_invitation,
    log_out,
    open_session,
    prepare_claim,
)
from sovet.services.register_member import (
    RegisterMember,
    prepare_registration,
    register_member,
)
from sovet.web.member_page import PASSWORD_FORM, member_page
from sovet.web.rendering import is_https, render, render_refused, require_csrf

router = APIRouter()

Text = Annotated[str, Form()]


def safe_next(target: str | None) -> str:
    """A local path to go to after logging in; anything else goes home."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def logged_in(request: Request, session: Session, target: str) -> Response:
    """Go on to ``target`` with the session's cookie, kept by the browser as long as the
    session works (``log_in.LIFETIMES``), so a phone stays logged in when restarted."""
    response = RedirectResponse(safe_next(target), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=int(LIFETIMES["web"].total_seconds()),
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )
    return response


@router.get("/login")
def login_form(
    request: Request, member: OptionalMemberDep, next: str = "/", done: str = ""
) -> Response:
    context = {
        "next": safe_next(next),
        "email": "",
        "error": None,
        "logged_out": done == "logged_out" and member is None,
    }
    return render(request, "login.html", context, member=member)


@router.post("/login", dependencies=[Depends(require_csrf)])
async def login(
    request: Request,
    sovet: SovetDep,
    email: Text,
    password: Text,
    next: Annotated[str, Form()] = "/",
) -> Response:
    attempt = LogIn(email=email, password=password, kind="web")
    try:
        session = await throttled_log_in(request, sovet.db, attempt)
    except Refused as error:
        context = {"next": safe_next(next), "email": email}
        return render_refused(request, "login.html", context, member=None, error=error)
    return logged_in(request, session, next)


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request, sovet: SovetDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with sovet.db.transaction() as store:
            log_out(store, token)
    response = RedirectResponse("/login?done=logged_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=is_https(request))
    return response


@router.get("/claim")
def claim_form(request: Request, member: OptionalMemberDep) -> Response:
    return render(request, "claim.html", {"email": "", "error": None}, member=member)


@router.post("/claim", dependencies=[Depends(require_csrf)])
async def claim(
    request: Request, sovet: SovetDep, email: Text, code: Text, password: Text
) -> Response:
    claiming = ClaimInvitation(email=email, code=code.strip(), password=password)

    def claimed() -> Session:
        claim = prepare_claim(claiming)
        with sovet.db.transaction() as store:
            return claim_invitation(store, claim)

    try:
        session = await with_password(claimed)
    except Refused as error:
        return render_refused(request, "claim.html", {"email": email}, member=None, error=error)
    return logged_in(request, session, "/")


@router.get("/register")
def register_form(request: Request, member: OptionalMemberDep) -> Response:
    context = {"name": "", "email": "", "error": None}
    return render(request, "register.html", context, member=member)


@router.post("/register", dependencies=[Depends(require_csrf)])
async def register(
    request: Request, sovet: SovetDep, name: Text, email: Text, password: Text
) -> Response:
    registering = RegisterMember(name=name, email=email, password=password)

    def registered() -> Session:
        registration = prepare_registration(registering)
        with sovet.db.transaction() as store:
            member = register_member(store, registration)
            return open_session(store, member.id, "web")

    try:
        session = await with_password(registered)
    except Refused as error:
        context = {"name": name, "email": email}
        return render_refused(request, "register.html", context, member=None, error=error)
    return logged_in(request, session, "/")


@router.post("/members/{member_id}/password", dependencies=[Depends(require_csrf)])
async def password(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    member_id: int,
    current: Text,
    new: Text,
) -> Response:
    """The member's own password, given the current one; their other sessions end."""
    token = _own(request, member, member_id)
    with sovet.db.reading() as store:
        account = store.account(member.id)
    if account is None:
        raise NotFound(f"{member.name} has no account on this instance")
    wanted = ChangePassword(current=current, new=new)

    def changed() -> int:
        change = prepare_password_change(sovet.db, wanted, member=member)
        with sovet.db.transaction() as store:
            return change_password(store, change, keeping=token)

    try:
        await throttled(request, account.email, changed, failure=Forbidden)
    except Refused as error:
        return member_page(request, sovet, member, member_id, refusal=error, form=PASSWORD_FORM)
    return RedirectResponse(f"/members/{member_id}?done=password#password", status_code=303)


@router.post("/members/{member_id}/sessions/others", dependencies=[Depends(require_csrf)])
def log_out_others(
    request: Request, sovet: SovetDep, member: MemberDep, member_id: int
) -> Response:
    """End the member's sessions and tokens everywhere but in this browser."""
    token = _own(request, member, member_id)
    with sovet.db.transaction() as store:
        log_out_elsewhere(store, member, keeping=token)
    return RedirectResponse(f"/members/{member_id}?done=elsewhere#password", status_code=303)


def _own(request: Request, member: Member, member_id: int) -> str:
    """The token of the member's own session, refused on another member's page."""
    if member.id != member_id:
        raise Forbidden(f"{member.name} can change only their own password and sessions")
    token = request_token(request)
    assert token is not None  # a logged-in member came with one
    return token
