"""A member's page: their councils, seats and offices for anyone; on their own page, the
forms of their account, each section saying what its form did, and a refused form's
reason beside its field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from fastapi import Request
from fastapi.responses import Response

from sovet.adapters.queries import MemberView
from sovet.adapters.recall_queries import Held, open_recall_queries
from sovet.api.deps import request_token
from sovet.bootstrap import Sovet
from sovet.domain.errors import NotFound, Refused, TooManyAttempts
from sovet.domain.members import Member
from sovet.services.log_in import sessions_elsewhere
from sovet.web.acting import FormFields
from sovet.web.rendering import render

OWN_PAGE_DONE = {
    "notices": {
        "notices-on": "You will get an e-mail when something you can act in opens.",
        "notices-off": "You will get no more e-mail notices.",
    },
    "email": {
        "email-sent": (
            "A link to confirm it is on its way to the new address, and a word to the old "
            "one. Your address changes once the link is opened."
        ),
        "email-changed": "Your address is changed: log in with it from now on.",
    },
    "password": {
        "password": "Your password is changed. Every other session and token of yours ended.",
        "elsewhere": "You are logged out everywhere else.",
    },
    "leaving": {
        "stood-down": "You stood down. The record shows it.",
        "left": "You left the council. The record shows it.",
    },
}
"""What a member's own page says once a form of its section (by the section) is done."""
EMAIL_FORM = FormFields(
    {"email": ("New address", "new-email"), "password": ("Your password", "email-password")},
    main="password",
)
"""The form that changes a member's address: a reason about neither field (too many tries)
is about the password."""
PASSWORD_FORM = FormFields(
    {
        "current password": ("Current password", "current-password"),
        "new password": ("New password", "new-password"),
        "password": ("New password", "new-password"),
    },
    main="current password",
)
"""The form that changes a member's password: ``password`` is what a new one is checked
as; a reason about no field (too many tries) is about the current one."""


def member_page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    member_id: int,
    *,
    done: str | None = None,
    refusal: Refused | None = None,
    form: FormFields | None = None,
    kept: Mapping[str, str] | None = None,
) -> Response:
    """The page of member ``member_id`` as ``member`` sees it: with what a form of its
    section (``done``) did, or the ``refusal`` of its ``form`` worded by the form's labels
    beside the field it is about, with what was ``kept`` of what the member typed (by the
    fields' ids), and the refusal's status; at the top if the page does not show the form."""
    with open_recall_queries(sovet.db) as queries:
        view = queries.member(member_id)
        offices = queries.held(queries.offices_of_member(member_id))
    if view is None:
        raise NotFound(f"there is no member {member_id}")
    today = sovet.db.clock().date()
    is_me = member is not None and member.id == member_id
    account, elsewhere = None, []
    token = request_token(request)
    if is_me and token is not None:
        with sovet.db.reading() as store:
            account = store.account(member_id)
            elsewhere = sessions_elsewhere(store, member_id, token)
    done_in = next((section for section, said in OWN_PAGE_DONE.items() if done in said), None)
    standing_down = [] if not is_me else _held_now(view, offices, today)
    refused_at = None
    if refusal is not None and form is not None:
        refusal, refused_at = form.refused(refusal)
    shown = (EMAIL_FORM.ids if account is not None and account.email else set()) | (
        PASSWORD_FORM.ids if account is not None else set()
    )
    context = {
        "view": view,
        "offices": offices,
        "today": today,
        "is_me": is_me,
        "notices": None if account is None else account.notices,
        "email": None if account is None else account.email,
        "elsewhere": elsewhere,
        "standing_down": standing_down,
        "done": None if done_in is None else OWN_PAGE_DONE[done_in][done or ""],
        "done_in": done_in,
        "refusal": refusal,
        "refused_at": refused_at if refused_at in shown else None,
        "kept": kept or {},
    }
    status = 200 if refusal is None else refusal.status
    page = render(request, "member.html", context, member=member, status=status)
    if isinstance(refusal, TooManyAttempts):
        page.headers["Retry-After"] = str(refusal.retry_after)
    return page


def _held_now(view: MemberView, offices: list[Held], today: date) -> list[tuple[int, str]]:
    """The seats and offices a member holds now or for a term to come, each with its id
    and in words, to stand down from."""
    seats = [
        (m.mandate.id, f"seat {m.mandate.seat_number} of {m.constituency.name} in {m.council.name}")
        for m in view.mandates
        if m.mandate.ended_on is None and m.mandate.ends > today
    ]
    held = [
        (h.mandate.id, h.seat)
        for h in offices
        if h.mandate.ended_on is None and h.mandate.ends > today
    ]
    return seats + held
