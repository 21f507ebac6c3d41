"""The server-rendered pages: home, the federation, members and the public record.

Councils and their acts live in ``web.councils``, logging in in ``web.account``, and so
on; ``ROUTERS`` lists every page router, in the order the app matches them (each included
on its own: FastAPI matches a request once per level of nesting). ``render_refusal`` is
the page for every refused request that is not an API call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from sovet.adapters.audit import verify_database
from sovet.adapters.queries import b64, open_queries, pretty
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.domain.errors import Forbidden, NotFound, Refused
from sovet.record.checkpoint import verify_checkpoint
from sovet.services.set_notices import SetNotices, set_notices
from sovet.web import (
    account,
    councils,
    decisions,
    elections,
    email,
    factions,
    filing,
    founding,
    indicators,
    motions,
    password,
    planning,
    recall,
    votes,
)
from sovet.web import books as books_pages
from sovet.web.graph import NODE_HEIGHT, NODE_WIDTH, depths, layout
from sovet.web.member_page import member_page
from sovet.web.record_view import Names, describe, inclusion_proof, references, say, wanted
from sovet.web.rendering import page_to_return_to, render, require_csrf, viewer

router = APIRouter()

RECORD_PAGE = 50
REFUSAL_TITLES = {
    401: "Log in first",
    403: "Not allowed",
    404: "Not found",
    409: "Refused: it clashes with what exists",
    422: "Refused: the request is not valid",
}


def render_refusal(request: Request, error: Refused, *, status: int | None = None) -> Response:
    """The page that says why a request was refused, with the refusal's 4xx status."""
    code = status or error.status
    context = {
        "title": REFUSAL_TITLES.get(code, "Refused"),
        "message": error.message,
        "status": code,
        "back": page_to_return_to(request),
    }
    return render(request, "refusal.html", context, member=viewer(request), status=code)


@router.get("/")
def home(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    with open_queries(sovet.db) as queries:
        me = None if member is None else queries.member(member.id)
        open_votes = [] if member is None else queries.open_votes_of(member.id)
        graph = queries.graph()
    checkpoint = sovet.db.checkpoint()
    base = [n for n in graph.nodes if n.council.kind == "base"]
    delegate = [n for n in graph.nodes if n.council.kind == "delegate"]
    context = {
        "me": me,
        "open_votes": open_votes,
        "base": base,
        "delegate": delegate,
        "memberships": sum(n.members for n in base),
        "seats": sum(n.seats for n in delegate),
        "filled": sum(n.filled for n in delegate),
        "layers": max(depths(graph).values(), default=-1) + 1,
        "record_size": 0 if checkpoint is None else checkpoint.size,
        "today": sovet.db.clock().date(),
    }
    return render(request, "home.html", context, member=member)


@router.get("/federation")
def federation(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    with open_queries(sovet.db) as queries:
        graph = queries.graph()
    drawing = layout(graph)
    by_id = {n.council.id: n.council for n in graph.nodes}
    constituents: dict[int, list[tuple[str, str, int]]] = {}
    sits_in: dict[int, list[tuple[str, str]]] = {}
    for constituent, council, seats in graph.edges:
        below, above = by_id[constituent], by_id[council]
        constituents.setdefault(council, []).append((below.slug, below.name, seats))
        sits_in.setdefault(constituent, []).append((above.slug, above.name))
    context = {
        "drawing": drawing,
        "listed": drawing.reading_order,
        "constituents": constituents,
        "sits_in": sits_in,
        "node_width": NODE_WIDTH,
        "node_height": NODE_HEIGHT,
    }
    return render(request, "federation.html", context, member=member)


@router.get("/members/{member_id}")
def a_member(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    member_id: int,
    done: str | None = None,
) -> Response:
    return member_page(request, sovet, member, member_id, done=done)


@router.post("/members/{member_id}/notices", dependencies=[Depends(require_csrf)])
def notices(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    member_id: int,
    wanted: Annotated[str, Form()] = "",
) -> Response:
    """The member's own choice of e-mail notices; nobody sets another's."""
    if member.id != member_id:
        raise Forbidden(f"{member.name} can set only their own notices")
    on = wanted == "yes"
    with sovet.db.transaction() as store:
        set_notices(store, SetNotices(on), actor=member)
    done = "notices-on" if on else "notices-off"
    return RedirectResponse(f"/members/{member_id}?done={done}#notices", status_code=303)


@router.get("/record")
def record(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    start: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    checkpoint = sovet.db.checkpoint()
    with open_queries(sovet.db) as queries:
        total = queries.record(limit=0).total
        first = max(0, total - RECORD_PAGE) if start is None else min(start, max(0, total - 1))
        page = queries.record(start=first, limit=RECORD_PAGE)
        names = Names(queries.record_names(wanted(page.entries)))
    context = {
        "rows": [
            (
                entry,
                describe(entry, names),
                say(names.member(entry.actor)),
                names.standing(entry.under),
            )
            for entry in page.entries
        ],
        "total": total,
        "first": first,
        "earlier": max(0, first - RECORD_PAGE) if first > 0 else None,
        "later": first + RECORD_PAGE if first + RECORD_PAGE < total else None,
        "latest": max(0, total - RECORD_PAGE),
        "checkpoint": checkpoint,
        "signed": checkpoint is not None and verify_checkpoint(checkpoint, sovet.key.public_key),
        "public_key": b64(sovet.key.public_key),
        "key_id": sovet.key.key_id,
    }
    return render(request, "record.html", context, member=member)


@router.get("/record/verify")
def record_verification(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    report = verify_database(sovet.db)
    context = {
        "report": report,
        "public_key": b64(sovet.key.public_key),
        "key_id": sovet.key.key_id,
    }
    return render(request, "verification.html", context, member=member)


@router.get("/record/{position}")
def entry_page(
    request: Request, sovet: SovetDep, member: OptionalMemberDep, position: int
) -> Response:
    with open_queries(sovet.db) as queries:
        entry = queries.entry(position)
        if entry is None:
            raise NotFound(f"the record has no entry at position {position}")
        total = queries.record(limit=0).total
        names = Names(queries.record_names(wanted([entry])))
    proof = inclusion_proof(entry, sovet.db.tree(), sovet.db.checkpoint(), sovet.key.public_key)
    context = {
        "entry": entry,
        "summary": describe(entry, names),
        "actor": None if entry.actor is None else say(names.member(entry.actor)),
        "standing": names.standing(entry.under),
        "references": references(entry, names),
        "body": entry.body(),
        "pretty": pretty(entry.to_json()),
        "proof": proof,
        "total": total,
        "public_key": b64(sovet.key.public_key),
        "key_id": sovet.key.key_id,
    }
    return render(request, "entry.html", context, member=member)


ROUTERS: tuple[APIRouter, ...] = (
    account.router,
    password.router,
    email.router,
    councils.router,
    founding.router,
    filing.router,
    votes.router,
    decisions.router,
    factions.router,
    motions.router,
    books_pages.router,
    planning.router,
    elections.router,
    recall.router,
    indicators.router,
    router,
)
