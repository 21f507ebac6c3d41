"""Founding a council from the web: a workplace's council, whose founder is its first
member, or a delegate council, founded by a council the member stands in, which fills
its first seats by election (``services.found_base_council``,
``services.found_delegate_council``). Either starts with the default charter but for the
rules the founder changes in the form (the same fields as a charter amendment's), which
its members amend by motion from then on."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.bootstrap import Sovet
from sovet.domain.charter import BASE_DEFAULT, DELEGATE_DEFAULT
from sovet.domain.errors import Invalid, Refused
from sovet.domain.federation import MAX_SEATS_PER_CONSTITUENT, Council
from sovet.domain.members import Member
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.ports import Store
from sovet.web.acting import FormFields, act_then_go
from sovet.web.filing import (
    FormDep,
    changed_rules,
    charter_fields,
    charter_rule_named,
    typed_charter,
)
from sovet.web.motion_page import standing_in
from sovet.web.rendering import render, require_csrf

router = APIRouter()

BASE = FormFields(
    {
        "name": ("Name of the council", "base-name"),
        "workplace": ("Workplace", "base-workplace"),
        "slug": ("Short code", "base-slug"),
    },
    main="name",
)
"""The form that founds a workplace's council."""
DELEGATE = FormFields(
    {
        "name": ("Name of the council", "delegate-name"),
        "slug": ("Short code", "delegate-slug"),
        "constituent": ("Founded by", "delegate-constituent"),
        "seats": ("Seats it fills", "delegate-seats"),
    },
    main="constituent",
)
"""The form that founds a delegate council: a reason about none of its fields is about
the council that founds it."""


@router.get("/found")
def found_page(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    """The forms that found a workplace's council or a delegate council."""
    return _page(request, sovet, member)


@router.post("/found/base", dependencies=[Depends(require_csrf)])
def found_base(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    form: FormDep,
    name: Annotated[str, Form(max_length=200)] = "",
    workplace: Annotated[str, Form(max_length=200)] = "",
    slug: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    typed = typed_charter(form)

    def go(store: Store) -> str:
        founding = FoundBaseCouncil(
            slug=slug.strip(),
            name=name.strip(),
            workplace=workplace.strip(),
            charter=changed_rules(typed, BASE_DEFAULT),
        )
        founded = found_base_council(store, founding, actor=member)
        return f"/councils/{founded.slug}?done=founded"

    def refused(error: Refused) -> Response:
        kept = {"name": name, "workplace": workplace, "slug": slug}
        return _page(request, sovet, member, error, kind="base", kept=kept, typed=typed)

    return act_then_go(sovet, go, refused)


@router.post("/found/delegate", dependencies=[Depends(require_csrf)])
def found_delegate(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    form: FormDep,
    name: Annotated[str, Form(max_length=200)] = "",
    slug: Annotated[str, Form(max_length=64)] = "",
    constituent: Annotated[str, Form(max_length=64)] = "",
    seats: Annotated[str, Form(max_length=4)] = "1",
) -> Response:
    kept = {"name": name, "slug": slug, "constituent": constituent, "seats": seats}
    typed = typed_charter(form)

    def go(store: Store) -> str:
        if not seats.strip().isdigit():
            raise Invalid(
                f"seats: a whole number from 1 to {MAX_SEATS_PER_CONSTITUENT}, not {seats!r}"
            )
        founding = FoundDelegateCouncil(
            slug=slug.strip(),
            name=name.strip(),
            constituent=constituent,
            seats=int(seats),
            charter=changed_rules(typed, DELEGATE_DEFAULT),
        )
        founded = found_delegate_council(store, founding, actor=member)
        return f"/councils/{founded.slug}?done=founded"

    def refused(error: Refused) -> Response:
        return _page(request, sovet, member, error, kind="delegate", kept=kept, typed=typed)

    return act_then_go(sovet, go, refused)


def _page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    error: Refused | None = None,
    *,
    kind: str | None = None,
    kept: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The founding forms; after an ``error``, the ``kind`` of form it refused with what
    was typed and the reason beside the field it is about (a rule of the charter's, or
    else one of the form's own), or at the top where that form is not shown."""
    with sovet.db.reading() as store:
        founders = [] if member is None else _standing_in(store, member)
    refusal, refused_at = None, None
    if error is not None:
        form = DELEGATE if kind == "delegate" else BASE
        refusal, refused_at = form.refused(error)
        rule = charter_rule_named(refusal)
        if rule is not None:
            refused_at = f"{kind}-charter-{rule}"
        if kind == "delegate" and not founders:
            refused_at = None
    context: dict[str, Any] = {
        "founders": founders,
        "delegate_charter": DELEGATE_DEFAULT,
        "base_rules": charter_fields(BASE_DEFAULT, typed if kind == "base" and typed else {}),
        "delegate_rules": charter_fields(
            DELEGATE_DEFAULT, typed if kind == "delegate" and typed else {}
        ),
        "max_seats": MAX_SEATS_PER_CONSTITUENT,
        "refusal": refusal,
        "refused_form": kind,
        "refused_at": refused_at,
        "kept": kept or {},
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "found.html", context, member=member, status=status)


def _standing_in(store: Store, member: Member) -> list[Council]:
    """The councils ``member`` stands in (as a member, or by a mandate), which may found a
    delegate council with the member as their founder."""
    return [council for council in store.councils() if standing_in(store, council, member)]
