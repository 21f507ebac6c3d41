"""A member's e-mail address, as pages: change it on one's own page (``api.email``), and
confirm a new one with the link sent to it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.email import change_address
from sovet.domain.errors import Forbidden, Refused
from sovet.services.change_email import ChangeEmail, confirm_email
from sovet.web.member_page import EMAIL_FORM, member_page
from sovet.web.rendering import render, render_refused, require_csrf

router = APIRouter()


@router.post("/members/{member_id}/email", dependencies=[Depends(require_csrf)])
async def change(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    member_id: int,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    tasks: BackgroundTasks,
) -> Response:
    """The member's own address, given their password."""
    if member.id != member_id:
        raise Forbidden(f"{member.name} can change only their own e-mail address")
    try:
        changed = await change_address(request, sovet, member, ChangeEmail(email, password), tasks)
    except Refused as error:
        kept = {"new-email": email}
        return member_page(
            request, sovet, member, member_id, refusal=error, form=EMAIL_FORM, kept=kept
        )
    done = "email-changed" if changed else "email-sent"
    return RedirectResponse(f"/members/{member_id}?done={done}#email", status_code=303)


@router.get("/email/confirm")
def confirm_form(request: Request, member: OptionalMemberDep) -> Response:
    """The form; the link's code, after ``#``, is put in it by ``static/reset-code.js``."""
    context = {"code": "", "error": None, "confirmed": None}
    return render(request, "email_confirm.html", context, member=member)


@router.post("/email/confirm", dependencies=[Depends(require_csrf)])
def confirm(
    request: Request, sovet: SovetDep, member: OptionalMemberDep, code: Annotated[str, Form()]
) -> Response:
    try:
        with sovet.db.transaction() as store:
            moved = confirm_email(store, code)
            account = store.account(moved.id)
    except Refused as error:
        context = {"code": code, "confirmed": None}
        return render_refused(request, "email_confirm.html", context, member=member, error=error)
    confirmed = None if account is None else account.email
    context = {"code": "", "error": None, "confirmed": confirmed}
    return render(request, "email_confirm.html", context, member=member)
