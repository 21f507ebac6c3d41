"""A round computed in the background: asked for with the checks of publishing it, one at
a time per period, its stage and beat kept in the database while it runs, and its end
(published, refused with the reason, failed) recorded in the job, never as an entry of
its own."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

import sovet.services.publish_round as publishing
from sovet.domain.errors import Conflict, Forbidden
from sovet.domain.planning import RoundJob
from sovet.planning import PlanRay
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.publish_round import PublishRound, publish_next_round
from sovet.services.round_jobs import run_round_job, start_round_job

from .federation import Clock, Federation
from .planning import Planning, build_planning
from .test_planning_refusals import _oven


def _start(federation: Federation, plan: Planning, number: int | None = None) -> RoundJob:
    request = PublishRound(plan.period.id, number=number)
    return federation.act(lambda store: start_round_job(store, request, actor=plan.books.vera))


def _job(federation: Federation, job: RoundJob) -> RoundJob:
    with federation.sovet.db.reading() as store:
        found = store.round_job(job.id)
    assert found is not None
    return found


def test_a_round_asked_for_in_the_background_is_published_by_the_member_who_asked(
    federation: Federation,
) -> None:
    plan = build_planning(federation, bread=80_000)
    size = federation.record_size()
    job = _start(federation, plan, number=1)
    assert (job.round, job.stage, job.outcome) == (1, "waiting to start", "running")
    assert federation.record_size() == size

    run_round_job(federation.sovet.db, job, actor=plan.books.vera)

    ended = _job(federation, job)
    assert ended.outcome == "published"
    assert ended.message == "round 1 was published"
    assert ended.stage == "publishing the balance"
    assert ended.finished is not None
    [published] = federation.entries(size)
    assert published.kind == "plan.round_published"
    assert published.actor == plan.books.vera.id
    with federation.sovet.db.reading() as store:
        assert store.latest_round_job(plan.period.id) == ended


def test_a_second_round_of_a_period_waits_for_the_first_unless_its_server_was_lost(
    sqlite_federation: Federation, clock: Clock
) -> None:
    plan = build_planning(sqlite_federation, bread=80_000)
    first = _start(sqlite_federation, plan)
    sqlite_federation.refused(
        Conflict,
        lambda store: start_round_job(store, PublishRound(plan.period.id), actor=plan.books.ana),
        "round 1 of 2028 is already being computed",
        "waiting to start",
    )
    clock.advance(seconds=RoundJob.STALE_SECONDS + 1)
    with sqlite_federation.sovet.db.reading() as store:
        assert _job(sqlite_federation, first).state(store.now()) == "interrupted"
    again = _start(sqlite_federation, plan)
    assert again.id != first.id
    assert again.round == 1


def test_a_round_is_asked_for_only_by_the_planning_council_and_only_once(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation, bread=80_000)
    books, period = plan.books, plan.period
    sqlite_federation.refused(
        Forbidden,
        lambda store: start_round_job(store, PublishRound(period.id), actor=books.pavel),
        "holds no mandate in Joint Economic Council",
    )
    publish_next_round(sqlite_federation.sovet.db, PublishRound(period.id, 1), actor=books.ana)
    sqlite_federation.refused(
        Conflict,
        lambda store: start_round_job(store, PublishRound(period.id, 1), actor=books.vera),
        "round 1: the next round of 2028 is round 2",
    )


def test_a_round_refused_once_computed_ends_its_job_with_the_reason_and_no_entry(
    sqlite_federation: Federation,
) -> None:
    plan = build_planning(sqlite_federation, bread=100)
    job = _start(sqlite_federation, plan)
    shut = FilePlanProposal(plan.period.id, "bakery", (_oven(0),))
    sqlite_federation.act(lambda store: file_plan_proposal(store, shut, actor=plan.books.pavel))
    size = sqlite_federation.record_size()

    run_round_job(sqlite_federation.sovet.db, job, actor=plan.books.vera)

    ended = _job(sqlite_federation, job)
    assert ended.outcome == "refused"
    assert ended.message is not None and "cannot be met at all" in ended.message
    assert sqlite_federation.record_size() == size


def test_a_round_whose_engine_fails_ends_its_job_failed_and_logs_why(
    sqlite_federation: Federation, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    plan = build_planning(sqlite_federation, bread=80_000)
    job = _start(sqlite_federation, plan)
    size = sqlite_federation.record_size()

    def broken(*args: Any, **options: Any) -> PlanRay:
        raise MemoryError("the economy does not fit")

    monkeypatch.setattr(publishing, "plan_ray", broken)
    run_round_job(sqlite_federation.sovet.db, job, actor=plan.books.vera)

    ended = _job(sqlite_federation, job)
    assert ended.outcome == "failed"
    assert ended.message == "MemoryError: the economy does not fit"
    assert "round 1 of period" in caplog.text
    assert "MemoryError" in caplog.text
    assert sqlite_federation.record_size() == size


def test_a_running_job_renews_its_beat_while_the_engine_works(
    sqlite_federation: Federation, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = build_planning(sqlite_federation, bread=80_000)
    job = _start(sqlite_federation, plan)
    solve = publishing.plan_ray
    beats = []

    def slow(*args: Any, **options: Any) -> PlanRay:
        for _ in range(2):
            clock.advance(seconds=RoundJob.STALE_SECONDS / 2)
            deadline = time.monotonic() + 10
            while _job(sqlite_federation, job).beat != clock.moment:
                assert time.monotonic() < deadline, "no beat was written"
                time.sleep(0.01)
            beats.append(_job(sqlite_federation, job).beat)
        return solve(*args, **options)

    monkeypatch.setattr(publishing, "plan_ray", slow)
    run_round_job(sqlite_federation.sovet.db, job, actor=plan.books.vera, heartbeat=0.01)

    assert beats[1] - job.beat == timedelta(seconds=RoundJob.STALE_SECONDS)
    assert _job(sqlite_federation, job).outcome == "published"
