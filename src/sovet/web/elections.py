"""Elections on the pages: a council's elections, and an election's page with its
nominations, statements, a ranked ballot and, after the count, the results stage by stage.

The ballot is a plain form that needs no script: beside each candidate a rank to choose
(1 for the first choice), checked on the server, which names a shared rank, a gap or a
candidate ranked twice and shows the form again as it was filled. Every act's form runs
its use case: a refusal shows the page again with the reason and the refusal's status,
and leaves no record entry behind. A receipt is shown once, on the page that answers
the ballot, and checked by a form, so that it never goes into an address.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sovet.adapters.election_queries import ElectionView, open_election_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.elections import label, office_method
from sovet.domain.errors import Forbidden, Invalid, NotFound, Refused
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.agenda import register_of
from sovet.services.authority import standing
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.election_cycle import electors_count
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.ports import Store
from sovet.services.publish_candidate_statement import (
    PublishCandidateStatement,
    publish_candidate_statement,
)
from sovet.web.acting import FormFields, act_and_return, act_then_go, in_words
from sovet.web.election_chart import stage_chart
from sovet.web.rendering import render, require_csrf

router = APIRouter()
ElectionId = Annotated[int, Path(ge=0, le=MAX_ID)]
MAX_RECEIPT = 128
RANK_FIELD = "rank-"
DONE = {
    "opened": "The election is open for nominations. The act is in the public record.",
    "nominated": "The nomination is in the public record.",
    "consented": "You stand in this election. The act is in the public record.",
    "stated": "Your statement is published to the electors.",
    "closed": "The election was closed: its ballots are published and counted.",
    "voted": "Your ballot is cast in secret: the record shows that you voted, not how.",
}
LABELS = {"text": "Your statement", "ranking": "Your ranking"}
"""The fields of an election's forms, by the labels members see."""


def _opening(prefix: str, main: str, label: str) -> FormFields:
    """The form that opens an election, its elements' ids beginning with ``prefix``: a
    reason about none of its fields is about its ``main`` one, labelled ``label``."""
    return FormFields(
        {
            main: (label, f"{prefix}{main}"),
            "nomination_days": ("Days of nominations", f"{prefix}nomination-days"),
            "voting_days": ("Days of voting", f"{prefix}voting-days"),
        },
        main=main,
    )


OPENING = _opening("", "constituency", "Constituency")
"""The form that opens the election of a constituency's seats."""
OFFICE_OPENING = _opening("office-", "office", "Office")
"""The form that opens the election of an office."""


@dataclass(frozen=True)
class ElectionActs:
    """What the logged-in member may do on an election's page."""

    standing: str | None
    electors: list[Member]
    """Whom the member may nominate: the constituency's members, by name."""
    pending: bool
    candidate: bool
    statement: str
    """The member's statement as a candidate, as published: to edit, not retype."""
    on_register: bool
    voted: bool

    @property
    def here(self) -> bool:
        return self.standing is not None


@dataclass(frozen=True)
class Shown:
    """What an act leaves to show on the page it answers with."""

    done: str | None = None
    receipt: str | None = None
    checked: str | None = None
    kept: Mapping[str, str] = field(default_factory=dict)
    refused_at: str | None = None
    """The form that was refused (``nominee``, ``statement-text``, ``ranks``), where the
    page shows the reason beside its field and puts the focus; the reason stands at the
    top if the page no longer shows that form, or the act has none (a button's)."""


def _acts(store: Store, view: ElectionView, member: Member) -> ElectionActs:
    try:
        under: str | None = standing(store, view.constituency, member)
    except Forbidden:
        under = None
    electors = []
    if under is not None and view.phase == "nominating":
        standing_ids = {c.member.id for c in view.candidates}
        for member_id, _ in register_of(store, view.constituency):
            found = store.member(member_id)
            if found is not None and member_id not in standing_ids:
                electors.append(found)
        electors.sort(key=lambda elector: (elector.name, elector.id))
    mine = next((c for c in view.candidates if c.member.id == member.id), None)
    elector = store.elector(view.election.id, member.id)
    return ElectionActs(
        standing=under,
        electors=electors,
        pending=mine is not None and not mine.candidate.consented,
        candidate=mine is not None and mine.candidate.consented,
        statement=(mine.candidate.statement or "") if mine is not None else "",
        on_register=elector is not None or (under is not None and view.election.eligible is None),
        voted=elector is not None and elector.voted,
    )


def election_page(
    request: Request,
    sovet: Sovet,
    election_id: int,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    shown: Shown | None = None,
) -> Response:
    """The page of an election, with a refusal or what an act left to show, if any."""
    with open_election_queries(sovet.db) as queries:
        view = queries.election_view(election_id)
    if view is None:
        raise NotFound(f"there is no election {election_id}")
    with sovet.db.reading() as store:
        acts = None if member is None else _acts(store, view, member)
        now = store.now()
        electors = electors_count(store, view.election)
    names = {label(c.member.id, c.member.name): c.member.name for c in view.candidates}
    shown = shown or Shown()
    beside = (
        member is not None
        and acts is not None
        and _offered(shown.refused_at, acts, view, now, member)
    )
    context: dict[str, Any] = {
        "view": view,
        "election": view.election,
        "acts": acts,
        "now": now,
        "electors": electors,
        "chart": None if view.report is None else stage_chart(view.report, names),
        "names": names,
        "refusal": refusal,
        "done": DONE.get(shown.done or ""),
        "receipt": shown.receipt,
        "checked": shown.checked,
        "kept": shown.kept,
        "refused_at": shown.refused_at if beside else None,
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "election.html", context, member=member, status=status)


def _offered(
    form: str | None, acts: ElectionActs, view: ElectionView, now: datetime, member: Member
) -> bool:
    """Whether the page offers ``form`` (``nominee``, ``statement-text``, ``ranks``) to
    ``member``, as it shows the forms."""
    voting = view.phase == "voting" and now < view.election.closes
    if form == "nominee":
        others = any(elector.id != member.id for elector in acts.electors)
        return acts.here and view.phase == "nominating" and others
    if form == "statement-text":
        return acts.candidate and (view.phase == "nominating" or voting)
    if form == "ranks":
        return voting and bool(view.standing) and acts.on_register and not acts.voted
    return False


def _act(
    request: Request,
    sovet: Sovet,
    election_id: int,
    member: Member,
    act: Callable[[Store], object],
    *,
    done: str,
    anchor: str,
    kept: Mapping[str, str] | None = None,
    refused_at: str | None = None,
) -> Response:
    """Run ``act``, then go back to the election's page; on refusal show that page with the
    reason (naming fields by their labels), what the member typed, and the form it refused
    (``refused_at``)."""

    def again(error: Refused) -> Response:
        shown = Shown(kept=kept or {}, refused_at=refused_at)
        worded = in_words(error, LABELS)
        return election_page(request, sovet, election_id, member, refusal=worded, shown=shown)

    page = f"/elections/{election_id}"
    return act_and_return(sovet, act, page=page, done=done, anchor=anchor, again=again)


@router.get("/elections/{election_id}")
def election(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    election_id: ElectionId,
    done: str | None = None,
) -> Response:
    return election_page(request, sovet, election_id, member, shown=Shown(done=done))


def _council(sovet: Sovet, slug: str) -> Council:
    with sovet.db.reading() as store:
        council = store.council_by_slug(slug)
    if council is None:
        raise NotFound(f"there is no council {slug!r}")
    return council


def _constituencies(sovet: Sovet, council: Council, member: Member | None) -> list[Council]:
    """The constituencies of ``council`` in which ``member`` may open an election."""
    with sovet.db.reading() as store:
        constituents = [
            store.council(constituent_id)
            for constituent_id in sorted(store.constituents().get(council.id, ()))
        ]
        return [
            constituent
            for constituent in constituents
            if constituent is not None and _stands_in(store, constituent, member)
        ]


def _stands_in(store: Store, council: Council, member: Member | None) -> bool:
    """Whether ``member`` stands in ``council``: a member of it, or its delegate."""
    if member is None:
        return False
    try:
        standing(store, council, member)
    except Forbidden:
        return False
    return True


def _seats_above(sovet: Sovet, council: Council, member: Member | None) -> list[Council]:
    """The councils above in which ``council`` fills seats, where ``member`` stands in it
    and so may open their election (on the page of the council above)."""
    with sovet.db.reading() as store:
        if not _stands_in(store, council, member):
            return []
        above = [
            store.council(upper)
            for upper, constituents in sorted(store.constituents().items())
            if council.id in constituents
        ]
    return [upper for upper in above if upper is not None]


def _offices(sovet: Sovet, council: Council, member: Member | None) -> list[str]:
    """The offices of ``council`` whose election ``member`` may open: a member's."""
    with sovet.db.reading() as store:
        if not _stands_in(store, council, member):
            return []
    return [office for office, _ in council.charter.offices]


def _elections_page(
    request: Request,
    sovet: Sovet,
    council: Council,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    kept: Mapping[str, str] | None = None,
    refused_at: str | None = None,
) -> Response:
    """A council's elections and the forms that open one; after a refusal of a form
    (``refused_at``, the id of the field it is about), that form as it was filled in
    (``kept``, by its elements' ids) with the reason beside the field, or at the top if
    the page no longer shows the form."""
    with open_election_queries(sovet.db) as queries:
        found = queries.elections_of(council.id)
    constituencies = _constituencies(sovet, council, member)
    offices = _offices(sovet, council, member)
    shown = (OPENING.ids if constituencies else set()) | (OFFICE_OPENING.ids if offices else set())
    context = {
        "council": council,
        "elections": found,
        "constituencies": constituencies,
        "seats_above": _seats_above(sovet, council, member),
        "offices": offices,
        "office_method": office_method(council.charter),
        "refusal": refusal,
        "refused_at": refused_at if refused_at in shown else None,
        "kept": kept or {},
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "elections.html", context, member=member, status=status)


@router.get("/councils/{slug}/elections")
def elections(
    request: Request, sovet: SovetDep, member: OptionalMemberDep, slug: str = Path(max_length=64)
) -> Response:
    """A council's elections, of its seats and of its seats in councils above."""
    return _elections_page(request, sovet, _council(sovet, slug), member)


@router.post("/councils/{slug}/elections", dependencies=[Depends(require_csrf)])
def open_(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: str = Path(max_length=64),
    constituency: Annotated[str, Form(max_length=64)] = "",
    nomination_days: Annotated[str, Form(max_length=4)] = "",
    voting_days: Annotated[str, Form(max_length=4)] = "",
    office: Annotated[str, Form(max_length=40)] = "",
    next_term: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    council = _council(sovet, slug)

    def go(store: Store) -> str:
        opening = OpenElection(
            council=slug,
            constituency=constituency,
            nomination_days=_days(nomination_days, "nomination_days"),
            voting_days=_days(voting_days, "voting_days"),
            office=office or None,
            next_term=next_term == "yes",
        )
        opened = open_election(store, opening, actor=member)
        return f"/elections/{opened.id}?done=opened"

    def refused(error: Refused) -> Response:
        prefix, form = ("office-", OFFICE_OPENING) if office else ("", OPENING)
        refusal, refused_at = form.refused(error)
        kept = {
            "office" if office else "constituency": office or constituency,
            f"{prefix}nomination-days": nomination_days,
            f"{prefix}voting-days": voting_days,
            f"{prefix}next-term": next_term,
        }
        return _elections_page(
            request, sovet, council, member, refusal=refusal, kept=kept, refused_at=refused_at
        )

    return act_then_go(sovet, go, refused)


def _days(value: str, name: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise Invalid(f"{name}: a whole number of days, not {value!r}")
    return int(value)


def _nominee(value: str) -> int:
    """The member chosen to nominate, or a refusal in the form's words."""
    if not value:
        raise Invalid("Nominate another member: choose the member to nominate")
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise Invalid(f"Nominate another member: {value!r} is not a member's number")
    return int(value)


@router.post("/elections/{election_id}/nominations", dependencies=[Depends(require_csrf)])
def nominate_(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    election_id: ElectionId,
    nominee: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Nominate a member, or (naming oneself, by the button) stand as a candidate."""
    return _act(
        request,
        sovet,
        election_id,
        member,
        lambda store: nominate(store, Nominate(election_id, _nominee(nominee)), actor=member),
        done="nominated",
        anchor="candidates",
        kept={"nominee": nominee},
        refused_at=None if nominee == str(member.id) else "nominee",
    )


@router.post("/elections/{election_id}/consent", dependencies=[Depends(require_csrf)])
def consent(
    request: Request, sovet: SovetDep, member: MemberDep, election_id: ElectionId
) -> Response:
    return _act(
        request,
        sovet,
        election_id,
        member,
        lambda store: consent_to_nomination(store, ConsentToNomination(election_id), actor=member),
        done="consented",
        anchor="candidates",
    )


@router.post("/elections/{election_id}/statement", dependencies=[Depends(require_csrf)])
def statement(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    election_id: ElectionId,
    text: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    publishing = PublishCandidateStatement(election_id, text)
    return _act(
        request,
        sovet,
        election_id,
        member,
        lambda store: publish_candidate_statement(store, publishing, actor=member),
        done="stated",
        anchor="candidates",
        kept={"statement": text},
        refused_at="statement-text",
    )


@router.post("/elections/{election_id}/ballot", dependencies=[Depends(require_csrf)])
async def ballot(
    request: Request, sovet: SovetDep, member: MemberDep, election_id: ElectionId
) -> Response:
    """Rank the candidates: the rank chosen beside each, checked on the server."""
    form = await request.form()
    chosen = {
        key: value
        for key, value in form.items()
        if key.startswith(RANK_FIELD) and isinstance(value, str) and len(key) <= 20
    }
    return await run_in_threadpool(_cast, request, sovet, member, election_id, chosen)


def _cast(
    request: Request, sovet: Sovet, member: Member, election_id: int, chosen: dict[str, str]
) -> Response:
    try:
        marks = _marks(chosen)
        with sovet.db.transaction() as store:
            cast = cast_ranked_ballot(
                store, CastRankedBallot(election_id, marks=marks), actor=member
            )
    except Refused as error:
        shown = Shown(kept=chosen, refused_at="ranks")
        worded = in_words(error, LABELS)
        return election_page(request, sovet, election_id, member, refusal=worded, shown=shown)
    shown = Shown(done="voted", receipt=cast.receipt)
    return election_page(request, sovet, election_id, member, shown=shown)


def _marks(chosen: Mapping[str, str]) -> dict[int, int]:
    """The ranks chosen on the form, by candidate; a candidate left blank is not ranked."""
    marks: dict[int, int] = {}
    for key, value in chosen.items():
        candidate, rank = key.removeprefix(RANK_FIELD), value.strip()
        if not rank:
            continue
        if not candidate.isdigit() or not rank.isdigit():
            raise Invalid(f"ranking: {value!r} is not a rank")
        marks[int(candidate)] = int(rank)
    return marks


@router.post("/elections/{election_id}/close", dependencies=[Depends(require_csrf)])
def close(
    request: Request, sovet: SovetDep, member: MemberDep, election_id: ElectionId
) -> Response:
    return _act(
        request,
        sovet,
        election_id,
        member,
        lambda store: close_election(store, CloseElection(election_id), actor=member),
        done="closed",
        anchor="results",
    )


@router.post("/elections/{election_id}/receipt", dependencies=[Depends(require_csrf)])
def check_receipt(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    election_id: ElectionId,
    receipt: Annotated[str, Form(max_length=MAX_RECEIPT)] = "",
) -> Response:
    """Whether the ballot with this receipt is among those published at the close."""
    with open_election_queries(sovet.db) as queries:
        view = queries.election_view(election_id)
        found = queries.receipt(election_id, receipt.strip())
    if view is None:
        raise NotFound(f"there is no election {election_id}")
    if view.election.closed is None:
        said = (
            "Voting is still open: the ballots are published, and receipts checked, when it closes."
        )
    elif found.counted:
        ranking = ", ".join(m.name for m in found.ranking)
        said = f"Your ballot is among those published and counted, ranking: {ranking}."
    else:
        said = "No ballot with this receipt is among the ballots published at the close."
    return election_page(request, sovet, election_id, member, shown=Shown(checked=said))
