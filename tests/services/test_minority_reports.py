"""Minority reports: members on the losing side attach one to a decision within the
charter's time, and it is published with the decision for good."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.services.attach_minority_report import AttachMinorityReport, attach_minority_report
from sovet.services.ports import Store
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

from .deliberation import AGENDA_DAYS, Steps, Works, build_works
from .federation import Clock, Federation

REPORT = "Night workers were not heard: a six hour night shift halves their pay."


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation, {"minority_report_days": 10})


def reporting(member: Member, motion: Motion, text: str = REPORT) -> Callable[[Store], int]:
    request = AttachMinorityReport(motion.id, text)
    return lambda store: attach_minority_report(store, request, actor=member)


def test_a_member_who_voted_against_attaches_a_minority_report_published_with_the_decision(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.decided(works)
    report = federation.act(reporting(works.gleb, motion))
    [entry] = federation.entries(report)
    assert (entry.kind, entry.actor, entry.under) == (
        "minority_report.attached",
        works.gleb.id,
        f"membership:{works.council.id}",
    )
    assert entry.payload == {"motion": motion.id, "text": REPORT}
    decision = steps.view(motion).decision
    assert decision is not None
    assert [(r.author.name, r.text) for r in decision.minority_reports] == [("Gleb", REPORT)]


def test_a_member_on_the_winning_side_or_who_did_not_vote_cannot_attach_one(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.decided(works)
    federation.refused(
        Forbidden, reporting(works.ana, motion), "Ana did not vote against 'Six hour shifts'"
    )
    federation.refused(Forbidden, reporting(works.dasha, motion), "Dasha did not vote on")


def test_the_time_for_minority_reports_ends_when_the_charter_says(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.decided(works)
    clock.advance(days=10)
    federation.act(reporting(works.gleb, motion))
    clock.advance(seconds=1)
    federation.refused(
        Conflict,
        reporting(works.gleb, motion, "A second thought."),
        "the time for minority reports on 'Six hour shifts' ended at",
    )


def test_one_report_per_member(works: Works, steps: Steps, federation: Federation) -> None:
    motion = steps.decided(works)
    federation.act(reporting(works.gleb, motion))
    federation.refused(
        Conflict, reporting(works.gleb, motion), "Gleb has already attached a minority report"
    )


def test_a_motion_that_is_not_a_decision_takes_no_minority_report(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.scheduled(works)
    federation.refused(
        NotFound, reporting(works.gleb, motion), "'Six hour shifts' is not a decision"
    )


def test_after_a_secret_vote_any_member_who_voted_may_write_one(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    for member in (works.gleb, works.dasha):
        federation.act(
            lambda store, member=member: request_secret_ballot(
                store, RequestSecretBallot(motion.id), actor=member
            )
        )
    clock.advance(days=AGENDA_DAYS)
    [vote] = steps.open(works.ana, motion)
    assert vote.secret
    steps.vote_and_close(
        vote, {works.ana: "yes", works.boris: "yes", works.vera: "yes", works.gleb: "no"}, works.ana
    )
    federation.act(reporting(works.ana, motion, "Even so, the night shift needs another look."))
    federation.refused(Forbidden, reporting(works.dasha, motion), "Dasha did not vote on")
