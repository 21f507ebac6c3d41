"""The councils: the list, each council's page, and the acts a member can do there.

Each act's form calls its use case; a refusal shows the council page again with the
reason (and the refusal's 4xx status), and leaves no record entry behind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from sovet.adapters.mail import (
    dismiss_failed_invitations,
    failed_invitations,
    send_invitations,
)
from sovet.adapters.queries import CouncilSummary, CouncilView, open_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.password import mail_of
from sovet.bootstrap import Sovet
from sovet.domain.charter import PLANNING_RULES, Charter, rule_heading, value_words
from sovet.domain.entrenched import RULES
from sovet.domain.errors import Forbidden, Invalid, NotFound, Refused
from sovet.domain.federation import MAX_SEATS_PER_CONSTITUENT, Council
from sovet.domain.members import Member
from sovet.domain.planning import PLANNING_MATTER
from sovet.figures import duration
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.authority import council_named, standing
from sovet.services.import_members import Imported, ImportMembers, import_members
from sovet.services.invitations import invitation_notices
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.membership_rules import ADMIT_MEMBERS
from sovet.services.officers import offices_with
from sovet.services.ports import Store
from sovet.web.acting import FormFields
from sovet.web.rendering import render, require_csrf

router = APIRouter()

MAX_LIST_BYTES = 20 * 1024 * 1024
"""The largest member list file a form takes: room for the service's 100,000 rows."""
MAX_PASTED_LIST = 2_000_000
"""The most characters of a member list pasted into the form."""
T = TypeVar("T")

MEMBERS_PER_PAGE = 100
ADMIT = FormFields(
    {"member": ("Member number", "admit-member"), "office": ("Admit as", "admit-as")},
    main="member",
)
IMPORT = FormFields(
    {
        "file": ("The list's CSV file", "list-file"),
        "list": ("The list", "list-text"),
        "office": ("Import as", "import-as"),
        "email": ("E-mail each new member their code", "import-email"),
    },
    main="list",
)
"""The form that imports a member list: a reason about none of its fields (a line of the
list) is about the list pasted, or the file chosen (``replace(IMPORT, main="file")``)."""
JOIN = FormFields(
    {"council": ("Delegate council", "join-council"), "seats": ("Seats", "join-seats")},
    main="seats",
)
DONE = {
    "founded": "The council is founded. The act is in the public record.",
    "passed_on": "The invitation e-mails that failed are no longer listed.",
    "admitted": "The member was admitted. The act is in the public record.",
    "joined": "The council joined the delegate council. The act is in the public record.",
    "requested": (
        "The request to join is in the public record. It awaits the decision of the delegate "
        "council: its delegates admit a council by a resolution on delegation."
    ),
}


@dataclass(frozen=True)
class Acts:
    """What the logged-in member may do on a council's page, by their standing."""

    standing: str | None
    """In words: how the member stands in this council, or None."""
    in_base: bool
    """Whether the member is a member of this base council."""
    can_admit: bool
    """Whether the member may admit into this base council alone (as a member, or as
    one of ``admits_as``)."""
    admits_alone: bool
    """Whether any member admits alone now: the council is being founded, or its charter
    gives every member ``admit_members``."""
    admits_as: tuple[str, ...]
    """The offices the member holds here that have ``admit_members``."""
    joinable: list[Council]
    """Delegate councils this council may join (it does not sit in them yet)."""
    constituencies: list[tuple[Council, int, int]]
    """Constituents of this council the member acts for, with the seats each fills and
    how many of them nobody holds: each elects its delegates to them."""

    @property
    def available(self) -> bool:
        return self.in_base or bool(self.joinable) or bool(self.constituencies)


def _standing_in(store: Store, council: Council, member: Member) -> str | None:
    try:
        under = standing(store, council, member)
    except Forbidden:
        return None
    if under.startswith("membership:"):
        return f"You are a member of {council.name}."
    return f"You hold a mandate in {council.name}."


def _empty_seats(view: CouncilView, constituent: Council) -> int:
    """How many of ``constituent``'s seats in the council nobody holds today."""
    return sum(
        1 for seat in view.seats if seat.constituency.id == constituent.id and seat.holder is None
    )


def _acts(
    sovet: Sovet, view: CouncilView, member: Member, councils: Sequence[CouncilSummary]
) -> Acts:
    council = view.council
    with sovet.db.reading() as store:
        here = _standing_in(store, council, member)
        constituencies = [
            (constituent, seats, _empty_seats(view, constituent))
            for constituent, seats in view.constituents
            if _standing_in(store, constituent, member) is not None
        ]
        base = here is not None and council.kind == "base"
        admits_alone = base and (
            store.being_founded(council.id) or ADMIT_MEMBERS in council.charter.member_powers
        )
        admits_as = offices_with(store, council, member, ADMIT_MEMBERS) if base else ()
    sits_in = {c.id for c in view.sits_in}
    joinable = (
        [
            s.council
            for s in councils
            if s.council.kind == "delegate"
            and s.council.id != council.id
            and s.council.id not in sits_in
        ]
        if here is not None
        else []
    )
    return Acts(
        standing=here,
        in_base=base,
        can_admit=admits_alone or bool(admits_as),
        admits_alone=admits_alone,
        admits_as=admits_as,
        joinable=joinable,
        constituencies=constituencies,
    )


OF_WHOM = {
    "term_limit": "in this council",
    "max_concurrent_mandates": "per member",
    "recall_petition_threshold": "of the constituency",
}
"""What a rule's value counts, where the value alone leaves it unsaid."""


def charter_rules(council: Council) -> list[tuple[str, str]]:
    """Every rule of ``council``'s charter in the charter's order, as a heading and its
    value in words; the rules for planning only where it decides planning, and the voting
    period's days and hours as one length of time."""
    values = council.charter.to_json()
    plans = PLANNING_MATTER in council.charter.decides
    of_whom = {**OF_WHOM, "quorum": "of members" if council.kind == "base" else "of seats"}
    rules = []
    for rule in fields(Charter):
        if (rule.name in PLANNING_RULES and not plans) or rule.name == "voting_period_hours":
            continue
        value, of = value_words(rule.name, values[rule.name]), of_whom.get(rule.name)
        if rule.name == "voting_period_days":
            value = duration(council.charter.voting_period)
        rules.append((rule_heading(rule.name), f"{value} {of}" if of else value))
    return rules


def council_page(
    request: Request,
    sovet: Sovet,
    slug: str,
    member: Member | None,
    *,
    page: int = 1,
    refusal: Refused | None = None,
    done: str | None = None,
    kept: Mapping[str, str] | None = None,
    refused_at: str | None = None,
) -> Response:
    """A council's page and the forms of its acts; after a refusal of a form
    (``refused_at``, the id of the field it is about), that form as it was filled in
    (``kept``, by its elements' ids) with the reason beside the field, or at the top if
    the page does not show that field."""
    with open_queries(sovet.db) as queries:
        view = queries.council(slug)
        councils = queries.councils() if view is not None and member is not None else []
    if view is None:
        raise NotFound(f"there is no council {slug!r}")
    pages = max(1, -(-len(view.members) // MEMBERS_PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * MEMBERS_PER_PAGE
    acts = None if member is None else _acts(sovet, view, member, councils)
    sends_mail = mail_of(request) is not None
    context: dict[str, Any] = {
        "view": view,
        "members": view.members[start : start + MEMBERS_PER_PAGE],
        "members_page": page,
        "members_pages": pages,
        "held": sum(1 for seat in view.seats if seat.holder is not None),
        "rules": RULES,
        "charter_rules": charter_rules(view.council),
        "acts": acts,
        "max_seats": MAX_SEATS_PER_CONSTITUENT,
        "sends_mail": sends_mail,
        "failed_invitations": []
        if member is None
        else failed_invitations(sovet.db, council=view.council.id, importer=member.id),
        "refusal": refusal,
        "refused_at": refused_at if refused_at in _shown(acts, sends_mail) else None,
        "kept": kept or {},
        "done": DONE.get(done or ""),
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "council.html", context, member=member, status=status)


def _shown(acts: Acts | None, sends_mail: bool) -> set[str]:
    """The ids of the fields the page shows in the forms of ``acts``."""
    if acts is None or not acts.available:
        return set()
    shown = set(JOIN.ids) if acts.joinable else set()
    if acts.can_admit:
        shown |= {"admit-member", "list-file", "list-text"}
        shown |= {"admit-as", "import-as"} if acts.admits_as else set()
        shown |= {"import-email"} if sends_mail else set()
    return shown


@router.get("/councils")
def councils(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    with open_queries(sovet.db) as queries:
        summaries = queries.councils()
    context = {
        "base": [s for s in summaries if s.council.kind == "base"],
        "delegate": [s for s in summaries if s.council.kind == "delegate"],
    }
    return render(request, "councils.html", context, member=member)


@router.get("/councils/{slug}")
def council(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    slug: str,
    page: Annotated[int, Query(ge=1)] = 1,
    done: str | None = None,
) -> Response:
    return council_page(request, sovet, slug, member, page=page, done=done)


def _act(
    request: Request,
    sovet: Sovet,
    slug: str,
    member: Member,
    act: Callable[[Store], T],
    done: str | Callable[[T], str],
    form: FormFields,
    kept: Mapping[str, str],
) -> Response:
    """Run ``act`` in a transaction; on refusal show the council page with the reason
    beside the field of ``form`` it is about, the form as it was filled in (``kept``).
    ``done`` names what was done, or tells it from what the act returned."""
    try:
        with sovet.db.transaction() as store:
            result = act(store)
    except Refused as error:
        refusal, refused_at = form.refused(error)
        return council_page(
            request, sovet, slug, member, refusal=refusal, kept=kept, refused_at=refused_at
        )
    key = done if isinstance(done, str) else done(result)
    return RedirectResponse(f"/councils/{slug}?done={key}#acts", status_code=303)


@router.post("/councils/{slug}/admit", dependencies=[Depends(require_csrf)])
def admit(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: str,
    admitted: Annotated[int, Form(alias="member")],
    office: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    act = AdmitMember(council=slug, member=admitted, office=office or None)
    return _act(
        request,
        sovet,
        slug,
        member,
        lambda store: admit_member(store, act, actor=member),
        "admitted",
        ADMIT,
        {"admit-member": str(admitted), "admit-as": office},
    )


@router.post("/councils/{slug}/members/import", dependencies=[Depends(require_csrf)])
def import_list(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: str,
    tasks: BackgroundTasks,
    file: Annotated[UploadFile | None, File()] = None,
    pasted: Annotated[str, Form(alias="list", max_length=MAX_PASTED_LIST)] = "",
    office: Annotated[str, Form(max_length=40)] = "",
    email: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """The workplace's member list, all rows or none; the page that answers shows each new
    member's one-time invitation code, once: nothing keeps it readable. Where the
    instance sends e-mail and the importer asks (``email``), each new member is sent
    theirs too, after the answer."""
    mail = mail_of(request)
    try:
        if email == "yes" and mail is None:
            raise Invalid("email: this instance sends no e-mail; pass the codes on by hand")
        listed = _member_list(file, pasted)
        with sovet.db.transaction() as store:
            act = ImportMembers(council=slug, csv_text=listed, office=office or None)
            imported = import_members(store, act, actor=member)
            council = store.council_by_slug(slug)
    except Refused as error:
        chosen = file is not None and bool(file.filename)
        form = replace(IMPORT, main="file") if chosen else IMPORT
        refusal, refused_at = form.refused(error)
        kept = {"list-text": pasted, "import-as": office, "import-email": email}
        return council_page(
            request, sovet, slug, member, refusal=refusal, kept=kept, refused_at=refused_at
        )
    assert council is not None
    sending = mail if email == "yes" else None
    if sending is not None:
        tasks.add_task(
            send_invitations,
            sovet.db,
            sending,
            invitation_notices(council, imported, sending.site),
            council=council.id,
            importer=member.id,
        )
    context = {
        "council": council,
        "emailed": sending is not None,
        "imported": imported,
        "invited": [item for item in imported if item.invitation is not None],
        "claim": f"{mail.site if mail else str(request.base_url).rstrip('/')}/claim",
        "listed": _codes_csv(imported),
    }
    response = render(request, "imported.html", context, member=member)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _member_list(file: UploadFile | None, pasted: str) -> str:
    """The list's text: the file chosen, or else what was pasted."""
    if file is not None and file.filename:
        data = file.file.read(MAX_LIST_BYTES + 1)
        if len(data) > MAX_LIST_BYTES:
            raise Invalid(f"file: {file.filename} is larger than {MAX_LIST_BYTES // 2**20} MB")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise Invalid(
                f"file: {file.filename} is not UTF-8 text (save it as CSV UTF-8)"
            ) from None
    if not pasted.strip():
        raise Invalid("list: choose its CSV file, or paste it")
    return pasted


def _codes_csv(imported: Sequence[Imported]) -> str:
    """The imported as CSV (name, email, member number, invitation code), to keep."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("name", "email", "member", "invitation"))
    for item in imported:
        writer.writerow((item.member.name, item.email, item.member.id, item.invitation or ""))
    return out.getvalue()


@router.post("/councils/{slug}/invitations/dismiss", dependencies=[Depends(require_csrf)])
def dismiss_invitations(sovet: SovetDep, member: MemberDep, slug: str) -> Response:
    """The importer has passed on the codes whose e-mails failed: forget them."""
    with sovet.db.reading() as store:
        council = council_named(store, slug)
    dismiss_failed_invitations(sovet.db, council=council.id, importer=member.id)
    return RedirectResponse(f"/councils/{slug}?done=passed_on", status_code=303)


@router.post("/councils/{slug}/join", dependencies=[Depends(require_csrf)])
def join(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: str,
    council: Annotated[str, Form()],
    seats: Annotated[int, Form()],
) -> Response:
    act = JoinDelegateCouncil(council=council, constituent=slug, seats=seats)
    return _act(
        request,
        sovet,
        slug,
        member,
        lambda store: join_delegate_council(store, act, actor=member),
        lambda joining: "joined" if joining.joined else "requested",
        JOIN,
        {"join-council": council, "join-seats": str(seats)},
    )
