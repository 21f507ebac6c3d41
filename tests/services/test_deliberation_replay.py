"""Replaying the record alone reproduces every motion, vote, decision and faction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from sovet.adapters import tables
from sovet.adapters.audit import projection_differences, replay, verify_database
from sovet.adapters.migrate import migrate
from sovet.adapters.sql import Database, make_engine
from sovet.services.attach_minority_report import AttachMinorityReport, attach_minority_report
from sovet.services.call_referendum import CallReferendum, call_referendum
from sovet.services.comment import PostComment, comment
from sovet.services.form_faction import FormFaction, form_faction
from sovet.services.forward_motion import ForwardMotion, forward_motion
from sovet.services.instruct_delegates import InstructDelegates, instruct_delegates
from sovet.services.join_faction import JoinFaction, join_faction
from sovet.services.leave_faction import LeaveFaction, leave_faction
from sovet.services.moderation import HideComment, ShowComment, hide_comment, show_comment
from sovet.services.publish_statement import PublishStatement, publish_statement
from sovet.services.refer_for_consultation import ReferForConsultation, refer_for_consultation
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

from .deliberation import AGENDA_DAYS, VOTING_DAYS, Steps
from .federation import Clock, Federation, build_region


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'replayed.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def deliberate(federation: Federation, clock: Clock) -> int:
    """Every kind of act on motions, and a secret vote left open. Returns its vote's id."""
    steps = Steps(federation, clock)
    region = build_region(
        federation,
        {
            "agenda_period_days": 30,
            "referendum_share": 0.5,
            "decides": ["coordination", "delegation", "canteens"],
        },
    )
    ana, boris, vera, gleb = region.ana, region.boris, region.vera, region.gleb
    federation.elect(region.regional, region.works, boris)
    federation.elect(region.regional, region.mill, gleb)
    faction = federation.act(
        lambda s: form_faction(s, FormFaction("Left", "All power."), actor=vera)
    )
    federation.act(lambda s: join_faction(s, JoinFaction(faction.id), actor=gleb))
    federation.act(lambda s: leave_faction(s, LeaveFaction(faction.id), actor=gleb))

    local = steps.file(ana, region.works, matter="delegation", title="Rotate the delegate")
    steps.amend(boris, local, "six hour", "five hour")
    federation.act(lambda s: request_secret_ballot(s, RequestSecretBallot(local.id), actor=boris))
    posted = federation.act(lambda s: comment(s, PostComment(local.id, "Fine."), actor=boris))
    federation.act(lambda s: hide_comment(s, HideComment(posted.id, "Off topic"), actor=boris))
    federation.act(lambda s: show_comment(s, ShowComment(posted.id), actor=boris))
    federation.act(lambda s: hide_comment(s, HideComment(posted.id, "Said twice"), actor=boris))
    federation.act(
        lambda s: publish_statement(
            s, PublishStatement(faction.id, "Yes.", motion=local.id), actor=vera
        )
    )
    charter = steps.file(
        ana,
        region.works,
        kind="charter_amendment",
        matter="",
        title="Longer terms",
        effects=[{"kind": "amend_charter", "changes": {"term_months": 18}}],
    )
    upper = steps.file(gleb, region.regional, matter="canteens", title="Joint canteen")
    federation.act(lambda s: refer_for_consultation(s, ReferForConsultation(upper.id), actor=gleb))
    instruction = federation.act(
        lambda s: instruct_delegates(
            s, InstructDelegates("tractor-works", upper.id, "no", "Keep ours."), actor=ana
        )
    )
    clock.advance(days=AGENDA_DAYS)
    steps.open(ana, local)
    votes = [vote for motion in (local, charter, instruction) for vote in steps.votes_on(motion)]
    assert len(votes) == 3
    for vote in votes:
        steps.cast(ana, vote, "yes")
        steps.cast(boris, vote, "yes")
    clock.advance(days=VOTING_DAYS)
    [amendment_vote, *_] = votes
    steps.close(ana, amendment_vote)
    [*_, local_vote] = steps.votes_on(local)
    steps.vote_and_close(local_vote, {ana: "yes", boris: "abstain"}, ana)
    federation.act(
        lambda s: attach_minority_report(s, AttachMinorityReport(local.id, "No."), actor=boris)
    )
    federation.act(lambda s: forward_motion(s, ForwardMotion(local.id, "north"), actor=ana))
    clock.advance(days=30 - AGENDA_DAYS - 2 * VOTING_DAYS)
    [upper_vote] = steps.open(gleb, upper)
    steps.vote_and_close(upper_vote, {boris: "yes", gleb: "yes"}, gleb)
    federation.act(lambda s: call_referendum(s, CallReferendum(upper.id), actor=ana))
    call = federation.act(lambda s: call_referendum(s, CallReferendum(upper.id), actor=vera))
    assert call.vote is not None
    for member in (ana, vera, gleb):
        steps.cast(member, call.vote, "yes")
    clock.advance(days=VOTING_DAYS)
    steps.close(ana, call.vote)
    open_secret = steps.file(
        ana,
        region.works,
        matter="delegation",
        title="Open",
        effects=[{"kind": "concerns_member", "member": boris.id}],
    )
    clock.advance(days=AGENDA_DAYS)
    [secret] = steps.open(ana, open_secret)
    steps.cast(boris, secret, "abstain")
    return secret.id


def test_replaying_a_record_of_deliberation_rebuilds_the_same_state(
    federation: Federation, clock: Clock, empty: Engine
) -> None:
    deliberate(federation, clock)
    db = federation.sovet.db
    kinds = {entry.kind for entry in federation.entries()}
    assert {
        "amendment.proposed",
        "motion.amended",
        "charter.amended",
        "comment.hidden",
        "minority_report.attached",
        "motion.forwarded",
        "consultation.opened",
        "instruction.issued",
        "referendum.signed",
        "faction.left",
        "faction.statement_published",
    } <= kinds
    count = replay(db.bodies(), db.checkpoints(), empty, batch=7)
    assert count == federation.record_size()
    assert projection_differences(db.engine, empty) == []
    report = verify_database(Database(empty, federation.sovet.key))
    assert report.ok, report.problems


def test_the_open_ballot_box_is_not_part_of_the_replayed_state(
    federation: Federation, clock: Clock, empty: Engine
) -> None:
    open_vote = deliberate(federation, clock)
    db = federation.sovet.db
    replay(db.bodies(), db.checkpoints(), empty)
    count = select(func.count()).select_from(tables.ballot_box)
    with db.engine.connect() as live, empty.connect() as replayed:
        assert live.execute(count).scalar() == 1
        assert replayed.execute(count).scalar() == 0
        voted = select(tables.vote_register.c.voted).where(
            tables.vote_register.c.vote_id == open_vote, tables.vote_register.c.voted
        )
        assert len(live.execute(voted).all()) == len(replayed.execute(voted).all()) == 1
