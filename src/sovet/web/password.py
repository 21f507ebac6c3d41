"""A forgotten password: ask for a link to your own address (``api.password``), then set
a new password with it (``services.reset_password``). Only where the instance sends
e-mail.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import Response

from sovet.api.deps import OptionalMemberDep, SovetDep
from sovet.api.password import ask_for_link, mail_of
from sovet.api.passwords import with_password
from sovet.domain.errors import Refused
from sovet.services.log_in import Session
from sovet.services.reset_password import ResetPassword, prepare_reset, reset_password
from sovet.web.account import logged_in
from sovet.web.rendering import render, render_refused, require_csrf

router = APIRouter()


@router.get("/password/forgotten")
def forgotten_form(request: Request, member: OptionalMemberDep) -> Response:
    sends_mail = mail_of(request) is not None
    context = {"sends_mail": sends_mail, "asked": False, "email": "", "error": None}
    return render(request, "password_forgotten.html", context, member=member)


@router.post("/password/forgotten", dependencies=[Depends(require_csrf)])
def forgotten(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    email: Annotated[str, Form()],
    tasks: BackgroundTasks,
) -> Response:
    try:
        ask_for_link(request, sovet, email, tasks)
    except Refused as error:
        context = {"sends_mail": True, "asked": False, "email": email}
        template = "password_forgotten.html"
        return render_refused(request, template, context, member=member, error=error)
    context = {"sends_mail": True, "asked": True, "email": email, "error": None}
    return render(request, "password_forgotten.html", context, member=member)


@router.get("/password/reset")
def reset_form(request: Request, member: OptionalMemberDep) -> Response:
    """The form; the link's code, after ``#``, is put in it by ``static/reset-code.js``."""
    return render(request, "password_reset.html", {"code": "", "error": None}, member=member)


@router.post("/password/reset", dependencies=[Depends(require_csrf)])
async def reset(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    code: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    wanted = ResetPassword(code=code, password=password, kind="web")

    def done() -> Session:
        ready = prepare_reset(wanted)
        with sovet.db.transaction() as store:
            return reset_password(store, ready)

    try:
        session = await with_password(done)
    except Refused as error:
        context = {"code": code}
        return render_refused(request, "password_reset.html", context, member=member, error=error)
    return logged_in(request, session, "/")
