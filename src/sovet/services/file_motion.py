"""A member files a motion in a council: a resolution, or an amendment of its charter.

In a delegate council any delegate may file, on their own or on behalf of the
constituent council whose seat they hold. A council decides only the matters its charter
lists: a motion outside them is refused, naming the council that holds the competence.
A motion whose effects would break faction rights is refused at any level, citing the
rule; a charter amendment that names an entrenched rule is refused, citing it. A
resolution that admits a constituent is on ``delegation``, in the delegate council that
council asked to join (``services/admission``); one that admits members is on
``membership``, in a base council, and lists registered people who are not members yet
(``services/membership_rules``). The mover is the motion's first supporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sovet.domain import text
from sovet.domain.charter import Charter, matter_words
from sovet.domain.errors import Forbidden, Invalid, NotFound
from sovet.domain.factions import check_faction_rights
from sovet.domain.federation import Council
from sovet.domain.motions import (
    ADMISSION_MATTER,
    CHARTER_MATTER,
    MAX_TITLE,
    MEMBERSHIP_MATTER,
    AdmitConstituent,
    AdmitMembers,
    AdoptPlan,
    AmendCharter,
    AnswerPlanPart,
    ConcernsMember,
    Effect,
    ExpelMember,
    Instruct,
    KeepBooks,
    Motion,
    SetDemand,
    check_competence,
    effects_from_json,
    matter,
)
from sovet.domain.recall import check_recall_rights
from sovet.services.admission import check_admission
from sovet.services.agenda import Acting, advance, lodge_motion
from sovet.services.authority import Actor, acting_member, council_named, standing
from sovet.services.membership_rules import check_admit_members, check_expel_member
from sovet.services.ports import Store


@dataclass(frozen=True)
class FileMotion:
    council: str
    title: str
    text: str
    matter: str = ""
    """The kind of matter it decides; a charter amendment's matter is always ``charter``."""
    kind: Literal["resolution", "charter_amendment"] = "resolution"
    effects: tuple[dict[str, Any], ...] = ()
    on_behalf_of: str | None = None
    """In a delegate council: the constituent council the delegate files for."""


def file_motion(store: Store, request: FileMotion, *, actor: Actor) -> Motion:
    member = acting_member(store, actor)
    council = council_named(store, request.council)
    under = standing(store, council, member)
    acting = Acting(member.id, under)
    advance(store, council, acting)
    title = text.name(request.title, "title", max_length=MAX_TITLE)
    body = text.markdown(request.text, "text")
    effects = effects_from_json(list(request.effects))
    check_faction_rights(effects)
    check_recall_rights(effects)
    _check_members_exist(store, effects)
    kind_matter = _matter_of(store, council, request, effects)
    for effect in effects:
        if isinstance(effect, AdmitConstituent):
            check_admission(store, council, effect)
        if isinstance(effect, AdmitMembers):
            check_admit_members(store, council, effect)
        if isinstance(effect, ExpelMember):
            check_expel_member(store, council, effect)
    on_behalf_of = _on_behalf_of(store, council, acting, request.on_behalf_of)
    return lodge_motion(
        store,
        council,
        acting,
        kind=request.kind,
        matter=kind_matter,
        title=title,
        text=body,
        effects=effects,
        on_behalf_of=on_behalf_of,
    )


def _matter_of(
    store: Store, council: Council, request: FileMotion, effects: tuple[Effect, ...]
) -> str:
    if request.kind == "charter_amendment":
        if request.matter not in ("", CHARTER_MATTER):
            raise Invalid(f"matter: a charter amendment's matter is {CHARTER_MATTER!r}")
        if len(effects) != 1 or not isinstance(effects[0], AmendCharter):
            raise Invalid("effects: a charter amendment has exactly one amend_charter effect")
        Charter.from_json(effects[0].changes, defaults=council.charter)
        return CHARTER_MATTER
    if request.kind != "resolution":
        raise Invalid(
            "kind: must be a resolution or a charter amendment (charter_amendment), not "
            f"{request.kind!r}"
        )
    if any(isinstance(effect, AmendCharter | Instruct) for effect in effects):
        raise Invalid(
            "effects: amend_charter belongs in a charter_amendment motion, and instruct in "
            "an instruction to delegates"
        )
    if any(isinstance(effect, SetDemand | KeepBooks) for effect in effects):
        raise Invalid(
            "effects: set_demand belongs in a demand motion, and keep_books in a books motion"
        )
    if any(isinstance(effect, AdoptPlan | AnswerPlanPart) for effect in effects):
        raise Invalid(
            "effects: adopt_plan belongs in a plan motion of the planning council, and "
            "answer_plan_part belongs in a plan_part motion of the workplace's own council"
        )
    kind_of_matter = matter(request.matter)
    admissions = sum(isinstance(effect, AdmitConstituent) for effect in effects)
    if admissions > 1:
        raise Invalid("effects: a resolution admits one constituent at most")
    if admissions and kind_of_matter != ADMISSION_MATTER:
        raise Invalid(
            f"matter: a resolution that admits a constituent is on {ADMISSION_MATTER!r}, "
            f"not {matter_words(kind_of_matter)!r}"
        )
    _on_membership(
        effects,
        AdmitMembers,
        council,
        kind_of_matter,
        many="a resolution has one admit_members effect at most",
        delegate="its seats are filled by its constituencies, it admits no members",
        does="admits members",
    )
    _on_membership(
        effects,
        ExpelMember,
        council,
        kind_of_matter,
        many="a resolution expels one member at most",
        delegate="it has no members to expel; a constituency recalls its delegate",
        does="expels a member",
    )
    check_competence(kind_of_matter, council, store.councils(), store.constituents())
    return kind_of_matter


def _on_membership(
    effects: tuple[Effect, ...],
    kind: type[AdmitMembers | ExpelMember],
    council: Council,
    kind_of_matter: str,
    *,
    many: str,
    delegate: str,
    does: str,
) -> None:
    """Refuse a second effect of ``kind``, one in a delegate council, or one in a
    resolution on another matter than membership."""
    found = sum(isinstance(effect, kind) for effect in effects)
    if found > 1:
        raise Invalid(f"effects: {many}")
    if found and council.kind != "base":
        raise Invalid(f"effects: {council.name} is a delegate council: {delegate}")
    if found and kind_of_matter != MEMBERSHIP_MATTER:
        raise Invalid(
            f"matter: a resolution that {does} is on {MEMBERSHIP_MATTER!r}, not "
            f"{matter_words(kind_of_matter)!r}"
        )


def _check_members_exist(store: Store, effects: tuple[Effect, ...]) -> None:
    for effect in effects:
        if isinstance(effect, ExpelMember | ConcernsMember) and store.member(effect.member) is None:
            raise NotFound(f"effects: there is no member {effect.member}")


def _on_behalf_of(store: Store, council: Council, acting: Acting, slug: str | None) -> int | None:
    """The constituency ``slug`` names, where the seat the delegate acts under is one of
    its: looked up from the delegate's own seats, not every seat of the council."""
    if slug is None:
        return None
    constituency = council_named(store, slug)
    if council.kind != "delegate":
        raise Invalid(
            f"on_behalf_of: {council.name} is a base council; its members file for themselves"
        )
    mandate_id = int(acting.under.split(":")[1])
    if not any(
        m.id == mandate_id and m.constituency_id == constituency.id
        for m in store.mandates_held_in(council.id, acting.member)
    ):
        raise Forbidden(
            f"on_behalf_of: this delegate's seat in {council.name} is not one of "
            f"{constituency.name}'s"
        )
    return constituency.id
