"""The agenda from below: a motion with enough supporters must be put to the vote within
the charter's period, and nobody can stop or delay it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sovet.domain.errors import Conflict, Forbidden
from sovet.services.comment import PostComment, comment

from .deliberation import AGENDA_DAYS, Steps, Works, build_works
from .federation import Clock, Federation


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation)


def test_a_motion_below_the_support_threshold_keeps_gathering_support(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    works = build_works(federation, {"support_threshold": 0.5})
    motion = steps.file(works.ana, works.council)
    motion = steps.support(works.boris, motion)
    assert (motion.state, motion.due) == ("filed", None)
    view = steps.view(motion)
    assert (len(view.supporters), view.needed) == (2, 3)
    motion = steps.support(works.vera, motion)
    assert motion.state == "on_agenda"
    assert motion.due == clock.moment + timedelta(days=AGENDA_DAYS)


def test_reaching_the_threshold_is_recorded_as_putting_the_motion_on_the_agenda(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.file(works.ana, works.council)
    size = federation.record_size()
    steps.support(works.dasha, motion)
    supported, scheduled = federation.entries(size)
    assert (supported.kind, supported.actor) == ("motion.supported", works.dasha.id)
    assert supported.payload == {"motion": motion.id}
    assert (scheduled.kind, scheduled.payload["motion"]) == ("motion.scheduled", motion.id)


def test_supporting_twice_is_refused(works: Works, steps: Steps, federation: Federation) -> None:
    motion = steps.file(works.ana, works.council)
    federation.refused(
        Conflict,
        steps.supporting(works.ana, motion),
        "Ana already supports the motion 'Six hour shifts'",
    )


def test_a_motion_on_the_agenda_needs_no_more_support(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.scheduled(works)
    federation.refused(
        Conflict,
        steps.supporting(works.vera, motion),
        "is past gathering support: it is on the agenda",
    )


def test_only_members_of_the_council_support_its_motions(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.file(works.ana, works.council)
    outsider = federation.register("Lev")
    federation.refused(
        Forbidden, steps.supporting(outsider, motion), "Lev is not a member of Tractor Works"
    )


def test_the_vote_cannot_open_before_the_motion_is_due(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    clock.advance(days=AGENDA_DAYS, seconds=-1)
    federation.refused(
        Conflict,
        steps.opening(works.gleb, motion),
        "voting on 'Six hour shifts' opens at 2026-05-15T09:00:00.000000Z",
        "when the agenda period of Tractor Works's charter ends",
    )


def test_a_motion_still_gathering_support_cannot_be_opened(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation, {"support_threshold": 0.5})
    motion = steps.file(works.ana, works.council)
    federation.refused(
        Conflict,
        steps.opening(works.ana, motion),
        "is not on the agenda: it has 1 of the 3 supporters it needs",
    )


def test_any_member_opens_the_vote_once_due_with_the_register_frozen(
    steps: Steps, federation: Federation, clock: Clock
) -> None:
    """Its charter lets any member admit alone, so a member admitted while the vote is
    open is still not on its register."""
    works = build_works(federation, {"member_powers": ["keep_books", "admit_members"]})
    motion = steps.scheduled(works)
    clock.advance(days=AGENDA_DAYS)
    size = federation.record_size()
    [vote] = steps.open(works.dasha, motion)
    [opened] = federation.entries(size)
    assert (opened.kind, opened.actor) == ("vote.opened", works.dasha.id)
    register = opened.payload["register"]
    assert register == [[m.id, f"membership:{works.council.id}"] for m in works.members]
    assert (vote.subject, vote.motion_id, vote.secret, vote.eligible) == (
        "motion",
        motion.id,
        False,
        5,
    )
    assert steps.motion(motion).state == "voting"
    newcomer = federation.register("Lev")
    federation.admit(works.ana, works.council, newcomer)
    federation.refused(
        Forbidden,
        steps.casting(newcomer, vote, "yes"),
        "Lev is not on the register of vote",
        "frozen when it opened",
    )


def test_any_members_next_act_in_the_council_opens_a_vote_that_is_due(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    clock.advance(days=AGENDA_DAYS + 3)
    size = federation.record_size()
    other = steps.file(works.gleb, works.council, title="Canteen hours")
    kinds = [(e.kind, e.actor) for e in federation.entries(size)]
    assert kinds == [("vote.opened", works.gleb.id), ("motion.filed", works.gleb.id)]
    assert steps.motion(motion).state == "voting"
    assert steps.motion(other).state == "filed"
    [vote] = steps.votes_on(motion)
    assert vote.opened == clock.moment


def test_a_comment_carries_out_the_transitions_that_are_due(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    clock.advance(days=AGENDA_DAYS)
    federation.act(
        lambda store: comment(store, PostComment(motion.id, "About time."), actor=works.vera)
    )
    assert steps.motion(motion).state == "voting"


def test_opening_a_vote_twice_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.scheduled(works)
    steps.to_the_vote(works.ana, motion)
    federation.refused(
        Conflict,
        steps.opening(works.boris, motion),
        "opening the vote: voting on the motion 'Six hour shifts' has opened",
    )


def test_a_refused_act_carries_out_no_transition(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    clock.advance(days=AGENDA_DAYS)
    federation.refused(Conflict, steps.supporting(works.vera, motion), "past gathering support")
    assert steps.motion(motion).state == "on_agenda"
