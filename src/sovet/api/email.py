"""A member's e-mail address: change it with one's password, confirmed by the new address
where the instance sends e-mail (``services.change_email``); the pages use the same
change."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request

from sovet.adapters.mail import send
from sovet.api.deps import MemberDep, SovetDep
from sovet.api.models import AddressChoice, AddressOut, Code, refusals
from sovet.api.password import mail_of
from sovet.api.throttle import throttled
from sovet.domain.errors import Forbidden, NotFound
from sovet.domain.members import Member
from sovet.services.change_email import (
    ChangeEmail,
    EmailChange,
    ask_to_confirm,
    change_email,
    confirm_email,
    prepare_email_change,
)

router = APIRouter(tags=["members"])

SENT = (
    "a link to confirm it is on its way to the new address; your address changes once it is opened"
)


async def change_address(
    request: Request, sovet: SovetDep, member: Member, wanted: ChangeEmail, tasks: BackgroundTasks
) -> bool:
    """Change ``member``'s address (True), or send the new address a link to confirm it
    (False) where the instance sends e-mail. The password is checked in the password pool
    and counted by the log-in throttle."""
    with sovet.db.reading() as store:
        account = store.account(member.id)
    if account is None:
        raise NotFound(f"{member.name} has no account on this instance")

    def checked() -> EmailChange:
        return prepare_email_change(sovet.db, wanted, member=member)

    change = await throttled(request, account.email, checked, failure=Forbidden)
    mail = mail_of(request)
    with sovet.db.transaction() as store:
        if mail is None:
            change_email(store, change)
            return True
        notices = ask_to_confirm(store, change, site=mail.site)
    tasks.add_task(send, mail, notices)
    return False


@router.put(
    "/me/email",
    summary="Change your e-mail address",
    responses=refusals(401, 403, 409, 422, 429),
)
async def email(
    request: Request,
    body: AddressChoice,
    member: MemberDep,
    sovet: SovetDep,
    tasks: BackgroundTasks,
) -> AddressOut:
    """Give the new address and your password (403 when wrong; wrong ones count as failed
    log-ins do). Where the instance sends e-mail, a link goes to the new address and a word
    to the old one, and the address changes once the link is opened (``confirmed``
    false); else it changes at once. A private matter of your account, not in the record."""
    wanted = ChangeEmail(email=body.email, password=body.password)
    changed = await change_address(request, sovet, member, wanted, tasks)
    with sovet.db.reading() as store:
        account = store.account(member.id)
    assert account is not None  # checked by the change
    return AddressOut(email=account.email, confirmed=changed, said=None if changed else SENT)


@router.post(
    "/email/confirm",
    summary="Confirm a new e-mail address with the code sent to it",
    responses=refusals(401, 409, 422),
)
def confirm(body: Code, sovet: SovetDep) -> AddressOut:
    """The code of the link sent to the new address moves the account to it (401 where
    the code is wrong, used or a day old; 409 where someone registered the address
    meanwhile)."""
    with sovet.db.transaction() as store:
        member = confirm_email(store, body.code)
        account = store.account(member.id)
    assert account is not None
    return AddressOut(email=account.email, confirmed=True, said=None)
