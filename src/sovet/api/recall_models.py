"""The JSON shapes of recall petitions, mandates, offices and concentration indicators."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from sovet.adapters.indicator_queries import CouncilIndicator, Indicators, MemberIndicator, Share
from sovet.adapters.recall_queries import CouncilMandates, Held, Petition
from sovet.api.models import (
    Answer,
    ClosedRequest,
    CouncilRef,
    MemberRef,
    Positions,
    council_ref,
    member_ref,
)
from sovet.api.motion_models import Markdown, MotionOut, MotionSummaryOut, summary_out
from sovet.domain.recall import Vacancy
from sovet.services.recall import END_REASONS


class RecallPetitioning(ClosedRequest):
    reasons: Markdown = Field(description="Why the constituency should recall the mandate")


class MandateOut(Answer):
    id: int
    holder: MemberRef
    council: CouncilRef
    constituency: CouncilRef = Field(description="Who fills the seat and can recall it")
    seat: int = Field(description="The seat's number among the constituency's; 0 for an office")
    office: str | None
    describes: str = Field(description="The seat in words")
    starts: date
    ends: date
    ended_on: date | None
    end_reason: str | None = Field(
        description=f"Why it ended before its term: {', '.join(END_REASONS)}"
    )
    via: int | None = Field(description="The mandate it is held through, if any")


class VacancyOut(Answer):
    mandate: int | None = Field(
        description="The mandate whose early end left it empty; null for a seat its "
        "constituency's election left unfilled"
    )
    constituency: int
    seat: int
    office: str | None
    opened: str = Field(description="When it fell empty")
    ends: date = Field(description="When its term ends: its by-election fills it until then")


class CouncilMandatesOut(Answer):
    council: CouncilRef
    seats: list[MandateOut]
    offices: list[MandateOut]
    vacancies: list[VacancyOut] = Field(description="Seats and offices awaiting a by-election")
    recallable: list[MandateOut] = Field(
        description="Mandates held now that this council's members may petition to recall"
    )


class PetitionOut(Answer):
    petition: MotionSummaryOut = Field(
        description="The recall motion: supporters are its signatures"
    )
    mandate: MandateOut


class PetitionActed(Answer):
    motion: MotionOut
    signatures: int
    signatures_needed: int
    entries: Positions


class ShareOut(Answer):
    holder: str
    held: int
    out_of: int
    share: float


class MemberIndicatorOut(Answer):
    member: MemberRef
    mandates: int = Field(description="Seats and offices held now")
    reach: int = Field(description="The highest level of the councils they sit in (base: 0)")
    cap: int
    warning: str | None


class CouncilIndicatorOut(Answer):
    council: CouncilRef
    level: int
    seats: int
    filled: int
    workplace: ShareOut | None
    faction: ShareOut | None
    officers_agenda: ShareOut
    warning_share: float
    warnings: list[str]


class IndicatorsOut(Answer):
    members: list[MemberIndicatorOut]
    councils: list[CouncilIndicatorOut]


def mandate_out(held: Held) -> MandateOut:
    m = held.mandate
    return MandateOut(
        id=m.id,
        holder=member_ref(held.holder),
        council=council_ref(held.council),
        constituency=council_ref(held.constituency),
        seat=m.seat_number,
        office=m.office,
        describes=held.seat,
        starts=m.starts,
        ends=m.ends,
        ended_on=m.ended_on,
        end_reason=m.end_reason,
        via=m.via_mandate_id,
    )


def vacancy_out(vacancy: Vacancy) -> VacancyOut:
    return VacancyOut(
        mandate=vacancy.mandate_id,
        constituency=vacancy.constituency_id,
        seat=vacancy.seat_number,
        office=vacancy.office,
        opened=vacancy.opened,
        ends=vacancy.ends,
    )


def council_mandates_out(found: CouncilMandates) -> CouncilMandatesOut:
    return CouncilMandatesOut(
        council=council_ref(found.council),
        seats=[mandate_out(h) for h in found.seats],
        offices=[mandate_out(h) for h in found.offices],
        vacancies=[vacancy_out(v.vacancy) for v in found.vacancies],
        recallable=[mandate_out(h) for h in found.recallable],
    )


def petition_out(petition: Petition) -> PetitionOut:
    return PetitionOut(petition=summary_out(petition.summary), mandate=mandate_out(petition.target))


def _share(share: Share | None) -> ShareOut | None:
    if share is None:
        return None
    return ShareOut(holder=share.holder, held=share.held, out_of=share.out_of, share=share.value)


def _member(row: MemberIndicator) -> MemberIndicatorOut:
    return MemberIndicatorOut(
        member=member_ref(row.member),
        mandates=row.mandates,
        reach=row.reach,
        cap=row.cap,
        warning=row.warning,
    )


def _council(row: CouncilIndicator) -> CouncilIndicatorOut:
    agenda = _share(row.officers_agenda)
    assert agenda is not None
    return CouncilIndicatorOut(
        council=council_ref(row.council),
        level=row.level,
        seats=row.seats,
        filled=row.filled,
        workplace=_share(row.workplace),
        faction=_share(row.faction),
        officers_agenda=agenda,
        warning_share=row.warning_share,
        warnings=row.warnings,
    )


def indicators_out(found: Indicators) -> IndicatorsOut:
    return IndicatorsOut(
        members=[_member(row) for row in found.members],
        councils=[_council(row) for row in found.councils],
    )
