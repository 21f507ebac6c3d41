"""A forgotten password through the API: ask for a link to your own address, then set a
new password with its code (``services.reset_password``); the pages use the same ask."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request

from sovet.adapters.mail import MailSettings, send
from sovet.api.deps import SovetDep
from sovet.api.models import (
    Asked,
    Forgotten,
    PasswordWithCode,
    SessionOut,
    member_ref,
    refusals,
)
from sovet.api.passwords import with_password
from sovet.api.throttle import Throttle
from sovet.domain.errors import Conflict
from sovet.services.log_in import Session
from sovet.services.reset_password import (
    ForgotPassword,
    ResetPassword,
    forgot_password,
    prepare_reset,
    reset_password,
)

router = APIRouter(tags=["members"])

NO_MAIL = "this instance sends no e-mail, so it cannot send a link to set a new password"
ASKED = (
    "if an account has this address, a link to set a new password is on its way to it; "
    "it works once, for an hour"
)
ANY_ADDRESS = ""
"""The address under which the links sent to an account are counted, whoever asked."""


def mail_of(request: Request) -> MailSettings | None:
    """The instance's mail settings, where it sends e-mail (``http.create_app``)."""
    mail: MailSettings | None = request.app.state.mail
    return mail


def ask_for_link(request: Request, sovet: SovetDep, email: str, tasks: BackgroundTasks) -> None:
    """Send the link to ``email`` if an account has it, after the answer (which takes as
    long either way); each ask for an address from an address counts, and the fourth in
    a row waits (``app.state.asking``, a ``Throttle``). However many addresses ask, an
    account gets a few links, then fewer and fewer (``app.state.mailing``, counted per
    account alone): the asks beyond are answered alike, and send nothing."""
    mail = mail_of(request)
    if mail is None:
        raise Conflict(NO_MAIL)
    asking: Throttle = request.app.state.asking
    mailing: Throttle = request.app.state.mailing
    address = request.client.host if request.client is not None else ""
    asking.check(email, address)
    with sovet.db.transaction() as store:
        notice = forgot_password(store, ForgotPassword(email), site=mail.site)
    asking.failed(email, address)
    if notice is not None and mailing.wait(email, ANY_ADDRESS) == 0:
        mailing.failed(email, ANY_ADDRESS)
        tasks.add_task(send, mail, [notice])


@router.post(
    "/password/forgotten",
    status_code=202,
    summary="Ask for a link to set a new password",
    responses=refusals(409, 422, 429),
)
def forgotten(body: Forgotten, request: Request, sovet: SovetDep, tasks: BackgroundTasks) -> Asked:
    """E-mail the account with this address a link (its code works once, for an hour)
    that sets a new password. The answer is the same whether or not the address is
    registered. Refused where the instance sends no e-mail."""
    ask_for_link(request, sovet, body.email, tasks)
    return Asked(said=ASKED)


@router.post(
    "/password/reset",
    status_code=201,
    summary="Set a new password with the code sent by e-mail",
    responses=refusals(401, 422),
)
async def reset(body: PasswordWithCode, sovet: SovetDep) -> SessionOut:
    """Set a new password with the code of the link; every other session and token of the
    member ends, and an API token is given (401 where the code is wrong, used or an hour
    old)."""
    wanted = ResetPassword(code=body.code, password=body.password, kind="api")

    def done() -> Session:
        ready = prepare_reset(wanted)
        with sovet.db.transaction() as store:
            return reset_password(store, ready)

    session = await with_password(done)
    return SessionOut(token=session.token, member=member_ref(session.member))
