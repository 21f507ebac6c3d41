"""Filing a motion from its form: a title, a Markdown text (previewed as the motion page
will show it), a kind of matter, and the effects that apply.

A resolution may be about a member (its vote is then secret) or expel one, in a base
council admit members (on ``membership``), and in a delegate council admit a council
that asked to join it; a charter
amendment shows the council's charter as fields to change, and its effect is the rules
that differ. Nothing is written until the member files; a preview renders the text on
the server, with raw HTML shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.charter import (
    DEMAND,
    ELECTION_METHODS,
    FROM_BELOW,
    MATTER,
    MATTER_RULES,
    MAX_FROM_BELOW,
    SHARES,
    THRESHOLDS,
    Charter,
    demand_key,
    demand_words,
    matter_key,
    matter_words,
    power_key,
    power_words,
    rule_words,
)
from sovet.domain.entrenched import BY_KEY as ENTRENCHED
from sovet.domain.errors import Invalid, NotFound, Refused
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.agenda import council_with_id
from sovet.services.authority import council_named
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.ports import Store
from sovet.web.acting import FormFields
from sovet.web.motion_page import done_address, standing_in
from sovet.web.rendering import render, require_csrf

router = APIRouter()

LISTS = ("decides", "delegates_upward", "member_powers", "public_figures", "proposes_demand")
CHOICES = {
    "threshold": THRESHOLDS,
    "charter_threshold": THRESHOLDS,
    "election_method": ELECTION_METHODS,
}
"""The rules chosen from a list: each field's options."""
IN_WORDS: Mapping[str, tuple[Callable[[str], str], Callable[[str], str]]] = {
    "decides": (matter_words, matter_key),
    "delegates_upward": (matter_words, matter_key),
    "member_powers": (power_words, power_key),
    "proposes_demand": (demand_words, demand_key),
}
"""The listed rules whose items are shown in words and typed in words or as keys: how
each item is said, and how the charter holds what was typed."""
CHARTER_LABELS = {
    "decides": "Decides (kinds of matter, separated by commas)",
    "delegates_upward": "Delegates upward (kinds of matter, separated by commas)",
    "quorum": "Quorum (% of members or seats)",
    "threshold": "Threshold of a motion",
    "charter_threshold": "Threshold of a charter amendment",
    "consent_objection_share": "Objections that block consent (%)",
    "support_threshold": "Support that puts a motion on the agenda (%)",
    "agenda_period_days": "Days on the agenda before the vote",
    "voting_period_days": "Days a vote is open (0 for a vote of hours)",
    "voting_period_hours": "Hours a vote is open beyond those days (0 to 23; an hour at least)",
    "secret_vote_share": "Requests that make a vote secret (%)",
    "minority_report_days": "Days to attach a minority report",
    "referendum_share": "Signatures beneath that call a referendum (%)",
    "election_method": "How elections are counted",
    "term_months": "Term of a mandate (months)",
    "term_limit": "Term limit (terms)",
    "rotation_after_terms": "Terms in a row after which a member pauses before standing again",
    "rotation_pause_months": "Months of that pause (0: none)",
    "max_concurrent_mandates": "Cap on concurrent mandates per member",
    "recall_petition_threshold": "Recall petition (% of the constituency)",
    "member_powers": (
        "Powers of every member (keep the books, admit members, moderate comments), "
        "separated by commas"
    ),
    "offices": (
        "Offices, one a line: its name, a colon, its powers (moderate comments, admit members)"
    ),
    "concentration_warning_share": "Share of seats, or of the agenda, at which concentration warns (%)",
    "public_figures": "Figures of the books public to the federation, separated by commas",
    "proposes_demand": (
        f"Proposes demand for ({', '.join(demand_words(kind) for kind in DEMAND)}), "
        "separated by commas"
    ),
    "planning_round_limit": "Rounds of a planning period, at most",
    "planning_tolerance": "Shortfall of the plan ray a balanced plan tolerates (%)",
    "planning_minutes": "Minutes the engine may compute a round",
}
MAX_CHARTER_FIELD = 2_000
"""The most characters typed into one rule of the charter amendment form."""
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""A number as a rule of the charter is typed: digits, with a decimal point if need be (not
an exponent, an infinity or not-a-number, which no rule holds)."""
MEMBER_NUMBER = re.compile(r"[0-9]{1,10}")
SEATS = re.compile(r"[0-9]{1,3}")
GROUNDS_WORDS = {"conduct": "conduct", "left_workplace": "left the workplace"}
FILING = FormFields(
    {
        "title": ("Title", "motion-title"),
        "text": ("Text", "motion-text"),
        "matter": ("Kind of matter", "motion-matter"),
        "on_behalf_of": ("Filed", "motion-behalf"),
        "admit": ("Admits the council", "motion-admit"),
        "seats": ("Seats it fills", "motion-admit-seats"),
        "admit_members": ("Admits the members numbered", "motion-admit-members"),
        "about": ("About a member", "motion-about"),
        "expel": ("Expels the member numbered", "motion-expel"),
        "grounds": ("Grounds for the expulsion", "motion-grounds"),
    },
    main="title",
)
"""The form that files a motion, but for its charter rules (``charter_rule_named``): a
reason about none of its fields stands beside the title."""


@dataclass(frozen=True)
class CharterField:
    name: str
    label: str
    value: str
    kind: Literal["share", "whole", "choice", "list", "offices"]
    options: tuple[str, ...] = ()
    """A chosen rule's options."""


@dataclass(frozen=True)
class Filing:
    """The form as the member filled it in (empty for a new one)."""

    title: str = ""
    text: str = ""
    kind: str = "resolution"
    matter: str = ""
    about: str = ""
    expel: str = ""
    grounds: str = "conduct"
    admit: str = ""
    """In a delegate council: the short code of the council that asked to join, to admit."""
    admit_seats: str = "1"
    admit_members: str = ""
    """In a base council: the numbers of the members to admit, separated by commas."""
    on_behalf_of: str = ""
    charter: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: FormData) -> Filing:
        def text(name: str, default: str = "") -> str:
            value = form.get(name, default)
            return value if isinstance(value, str) else default

        return cls(
            title=text("title"),
            text=text("text"),
            kind=text("kind", "resolution"),
            matter=text("matter").strip(),
            about=text("about").strip(),
            expel=text("expel").strip(),
            grounds=text("grounds", "conduct"),
            admit=text("admit").strip(),
            admit_seats=text("admit_seats", "1").strip(),
            admit_members=text("admit_members").strip(),
            on_behalf_of=text("on_behalf_of"),
            charter=typed_charter(form),
        )

    def request(self, council: Council) -> FileMotion:
        """The use case's request, or a refusal naming the field that is wrong."""
        if self.kind == "charter_amendment":
            changes = charter_changes(self.charter, council.charter)
            return FileMotion(
                council=council.slug,
                title=self.title,
                text=self.text,
                kind="charter_amendment",
                effects=({"kind": "amend_charter", "changes": changes},),
                on_behalf_of=self.on_behalf_of or None,
            )
        if self.kind != "resolution":
            raise Invalid(f"kind: must be a resolution or a charter amendment, not {self.kind!r}")
        if not self.matter:
            raise Invalid("Kind of matter: choose the kind of matter the resolution is about")
        effects: list[dict[str, Any]] = []
        if self.about:
            effects.append({"kind": "concerns_member", "member": _id(self.about, "about")})
        if self.expel:
            effects.append(
                {
                    "kind": "expel_member",
                    "member": _id(self.expel, "expel"),
                    "grounds": self.grounds,
                }
            )
        if self.admit:
            effects.append(
                {
                    "kind": "admit_constituent",
                    "constituent": self.admit,
                    "seats": _seats(self.admit_seats),
                }
            )
        if self.admit_members:
            numbers = [n for n in re.split(r"[\s,]+", self.admit_members) if n]
            effects.append(
                {
                    "kind": "admit_members",
                    "members": [_id(number, "admit_members") for number in numbers],
                }
            )
        return FileMotion(
            council=council.slug,
            title=self.title,
            text=self.text,
            matter=self.matter,
            effects=tuple(effects),
            on_behalf_of=self.on_behalf_of or None,
        )


def _id(value: str, name: str) -> int:
    if not MEMBER_NUMBER.fullmatch(value) or int(value) > MAX_ID:
        raise Invalid(f"{name}: a member's number is a whole number, not {value!r}")
    return int(value)


def _seats(value: str) -> int:
    if not SEATS.fullmatch(value):
        raise Invalid(f"seats: the seats admitted are a whole number, not {value!r}")
    return int(value)


def charter_fields(charter: Charter, typed: Mapping[str, str]) -> list[CharterField]:
    """The charter's rules as form fields, showing what was typed where there is any."""
    current = charter.to_json()
    fields = []
    for name in CHARTER_LABELS:
        value = current[name]
        kind: Literal["share", "whole", "choice", "list", "offices"]
        if name in IN_WORDS:
            said, _ = IN_WORDS[name]
            kind, shown = "list", ", ".join(said(item) for item in value)
        elif name in LISTS:
            kind, shown = "list", ", ".join(value)
        elif name in SHARES:
            kind, shown = "share", f"{Decimal(repr(value)) * 100:f}".rstrip("0").rstrip(".")
        elif name in CHOICES:
            kind, shown = "choice", value
        elif name == "offices":
            kind, shown = "offices", "\n".join(f"{o}: {_powers(p)}" for o, p in value.items())
        else:
            kind, shown = "whole", str(value)
        label, options = CHARTER_LABELS[name], CHOICES.get(name, ())
        fields.append(CharterField(name, label, typed.get(name, shown), kind, options))
    return fields


SAID_OF = {"offices": ("office ", "the powers of the ")}
"""How the charter's checks begin a refusal about a rule other than by its words."""


def charter_rule_named(refusal: Refused) -> str | None:
    """The rule of the charter a refusal is about, if it names one: by its label, as the
    form's fields are read (``charter: Quorum (% of members or seats): ...``), or by its
    words or its name, as the charter checks them (``charter: the quorum must be ...``,
    ``charter: the powers of the chair include ...``)."""
    rest = refusal.message.removeprefix("charter: ")
    if rest == refusal.message:
        return None
    named = (
        name
        for name, label in CHARTER_LABELS.items()
        if rest.startswith(
            (f"{label}:", f"{name} ", f"{name}.", f"{rule_words(name)} ", *SAID_OF.get(name, ()))
        )
    )
    return next(named, None)


def typed_charter(form: FormData) -> dict[str, str]:
    """The charter's rules as typed into a form's ``charter-`` fields."""
    return {
        name: value
        for name in CHARTER_LABELS
        if isinstance(value := form.get(f"charter-{name}"), str)
    }


def changed_rules(typed: Mapping[str, str], charter: Charter) -> dict[str, Any]:
    """The rules of ``charter`` that the typed fields change, as the charter holds them."""
    current = charter.to_json()
    changes = {}
    for name, raw in typed.items():
        value = _charter_value(name, raw.strip())
        if value != current[name]:
            changes[name] = value
    return changes


def charter_changes(typed: Mapping[str, str], charter: Charter) -> dict[str, Any]:
    """The rules a charter amendment changes: at least one."""
    changes = changed_rules(typed, charter)
    if not changes:
        raise Invalid("charter: a charter amendment changes at least one rule of the charter")
    return changes


def _charter_value(name: str, raw: str) -> Any:
    label = CHARTER_LABELS[name]
    if len(raw) > MAX_CHARTER_FIELD:
        raise Invalid(f"charter: {label}: longer than {MAX_CHARTER_FIELD:,} characters")
    if name in MATTER_RULES:
        return [_matter(label, matter) for matter in _listed(raw)]
    if name in IN_WORDS:
        _, held = IN_WORDS[name]
        return [held(item) for item in _listed(raw)]
    if name in LISTS:
        return _listed(raw)
    if name in CHOICES:
        if raw not in CHOICES[name]:
            raise Invalid(f"charter: {label}: must be one of {', '.join(CHOICES[name])}")
        return raw
    if name == "offices":
        return _offices(raw, label)
    if not NUMBER.fullmatch(raw):
        raise Invalid(f"charter: {label}: {raw!r} is not a number")
    number = Decimal(raw)
    if name in SHARES:
        return _share(name, label, raw, number)
    if number != number.to_integral_value():
        raise Invalid(f"charter: {label}: {raw!r} is not a whole number")
    return int(number)


def _matter(label: str, typed: str) -> str:
    """A kind of matter typed in words (or as its key), as the charter holds it; refused
    in the words members type."""
    matter = matter_key(typed)
    if not MATTER.fullmatch(matter):
        raise Invalid(
            f"charter: {label}: {typed!r} is not a kind of matter; one is 2-40 letters, digits "
            "and spaces, beginning with a letter"
        )
    return matter


def _share(name: str, label: str, raw: str, percent: Decimal) -> float:
    """A share typed as a percentage, as the charter holds it (from 0 to 1); refused in
    percent, as it was typed."""
    if name in FROM_BELOW:
        if not 0 < percent <= Decimal(repr(MAX_FROM_BELOW)) * 100:
            raise Invalid(
                f"charter: {label}: must be above 0% and at most {MAX_FROM_BELOW:.0%}, not "
                f"{raw}%: {ENTRENCHED[FROM_BELOW[name]].text}"
            )
    elif not 0 <= percent <= 100:
        raise Invalid(f"charter: {label}: must be between 0% and 100%, not {raw}%")
    return float(percent / 100)


def _listed(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _offices(raw: str, label: str) -> dict[str, list[str]]:
    """Offices typed one a line, ``name: power, power``, as the charter holds them."""
    offices: dict[str, list[str]] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, powers = line.partition(":")
        if not colon or not name.strip():
            raise Invalid(
                f"charter: {label}: line {number} ({line.strip()!r}) must read as an office's "
                "name, a colon, and its powers"
            )
        if name.strip() in offices:
            raise Invalid(f"charter: {label}: the office {name.strip()!r} is listed twice")
        offices[name.strip()] = [power_key(power) for power in _listed(powers)]
    return offices


def _powers(powers: list[str]) -> str:
    return ", ".join(power_words(power) for power in powers)


def _on_behalf_options(store: Store, council: Council, member: Member) -> list[Council]:
    """The constituencies whose seats ``member`` holds in a delegate council: looked up
    from the member's own seats, not every seat of the council nor every council."""
    if council.kind != "delegate":
        return []
    today = store.today()
    ids = {
        m.constituency_id
        for m in store.mandates_held_in(council.id, member.id)
        if m.active_on(today)
    }
    return [council_with_id(store, council_id) for council_id in sorted(ids)]


def _asking(store: Store, council: Council) -> list[tuple[Council, int]]:
    """The councils that asked to join a delegate council and do not sit there yet."""
    if council.kind != "delegate":
        return []
    asking = []
    for request in store.join_requests_to(council.id):
        asked = store.council(request.constituent_id)
        if asked is not None and not store.seats_of(council.id, asked.id):
            asking.append((asked, request.seats))
    return asking


def filing_page(
    request: Request,
    sovet: Sovet,
    slug: str,
    member: Member | None,
    filing: Filing,
    *,
    preview: bool = False,
    refusal: Refused | None = None,
) -> Response:
    """The form that files a motion in council ``slug``, as ``filing`` fills it; after a
    ``refusal``, with the reason beside the field it is about (a rule of the charter's, or
    one of the form's own, else the title), or at the top if the member may not file."""
    with sovet.db.reading() as store:
        council = store.council_by_slug(slug)
        if council is None:
            raise NotFound(f"there is no council {slug!r}")
        here = None if member is None else standing_in(store, council, member)
        on_behalf = [] if member is None else _on_behalf_options(store, council, member)
        asking = [] if here is None else _asking(store, council)
    refused_at = None
    if refusal is not None:
        refusal, refused_at = FILING.refused(refusal)
        if filing.kind == "charter_amendment" and refusal.message.startswith("charter: "):
            rule = charter_rule_named(refusal) or next(iter(CHARTER_LABELS))
            refused_at = f"charter-{rule}"
        shown = {
            "motion-behalf": bool(on_behalf),
            "motion-admit": bool(asking),
            "motion-admit-seats": bool(asking),
            "motion-admit-members": council.kind == "base",
        }
        if not shown.get(refused_at, True):
            refused_at = FILING.fields[FILING.main][1]
        if here is None:
            refused_at = None
    context = {
        "council": council,
        "filing": filing,
        "standing": here,
        "on_behalf": on_behalf,
        "asking": asking,
        "charter_fields": charter_fields(council.charter, filing.charter),
        "grounds": GROUNDS_WORDS,
        "preview": preview and bool(filing.text.strip()),
        "refusal": refusal,
        "refused_at": refused_at,
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "file_motion.html", context, member=member, status=status)


async def form_data(request: Request) -> FormData:
    """The submitted form (already read by the CSRF check)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form_data)]


@router.get("/councils/{slug}/motions/new")
def new_motion(request: Request, sovet: SovetDep, member: OptionalMemberDep, slug: str) -> Response:
    return filing_page(request, sovet, slug, member, Filing())


@router.post("/councils/{slug}/motions", dependencies=[Depends(require_csrf)])
def file(
    request: Request, sovet: SovetDep, member: MemberDep, slug: str, form: FormDep
) -> Response:
    """File the motion, or (with the preview button) show the form again with its text
    rendered as the motion page will show it."""
    filing = Filing.from_form(form)
    if form.get("action") == "preview":
        return filing_page(request, sovet, slug, member, filing, preview=True)
    try:
        with sovet.db.transaction() as store:
            filed = file_motion(store, filing.request(council_named(store, slug)), actor=member)
    except Refused as error:
        return filing_page(request, sovet, slug, member, filing, refusal=error)
    return RedirectResponse(done_address(filed.id, "filed"), status_code=303)
