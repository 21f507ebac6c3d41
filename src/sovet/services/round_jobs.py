"""A round computed in the background: the member's page does not wait for the engine.

At 10^4 products with choice of technique the engine runs for a minute or more, longer
than a browser or a reverse proxy waits for an answer. So the page asks for the round
(:func:`start_round_job`: the same checks as publishing it, and none already being
computed for the period), and a thread of the server runs :func:`run_round_job`: the
three steps of :func:`~sovet.services.publish_round.publish_next_round`, telling the job
each stage as it begins and renewing its beat meanwhile, then how it ended.

The job lives in the database, not in the process's memory, because ``sovet serve
--workers`` runs several processes and the page that shows the job's progress may be
served by another one. It is not in the record: the act is publishing the round, whose
entry is written then, under the standing of the member who asked, checked again.
"""

from __future__ import annotations

import logging
import threading

from sovet.domain.errors import Conflict, Refused
from sovet.domain.members import Member
from sovet.domain.motions import stamp
from sovet.domain.planning import JobOutcome, RoundJob
from sovet.services.ports import Storage, Store
from sovet.services.publish_round import PublishRound, check_round, publish_next_round

log = logging.getLogger(__name__)


def start_round_job(store: Store, request: PublishRound, *, actor: Member) -> RoundJob:
    """Ask for the next round to be computed in the background; refused as publishing it
    would be, and while another round of the period is being computed."""
    period, acting, _ = check_round(store, request, actor=actor)
    running = store.latest_round_job(period.id)
    if running is not None and running.state(store.now()) == "running":
        raise Conflict(
            f"round {running.round} of {period.name} is already being computed, since "
            f"{stamp(running.started)}: {running.stage}"
        )
    return store.start_round_job(
        period_id=period.id, round=period.next_round, member_id=acting.member
    )


def run_round_job(
    storage: Storage,
    job: RoundJob,
    *,
    actor: Member,
    heartbeat: float = RoundJob.HEARTBEAT_SECONDS,
) -> None:
    """Compute and publish the job's round, telling the job each stage, renewing its beat
    every ``heartbeat`` seconds, and recording how it ended: a refusal or a failure of the
    round is the job's outcome, not an exception (a failure is logged with its
    traceback)."""

    def mark(
        *, stage: str | None = None, outcome: JobOutcome | None = None, message: str | None = None
    ) -> None:
        with storage.transaction() as store:
            store.mark_round_job(job.id, stage=stage, outcome=outcome, message=message)

    done = threading.Event()

    def beat() -> None:
        while not done.wait(heartbeat):
            mark()

    beating = threading.Thread(target=beat, name=f"round-job-{job.id}-beat", daemon=True)
    beating.start()
    try:
        request = PublishRound(job.period_id, number=job.round)
        published = publish_next_round(
            storage, request, actor=actor, progress=lambda stage: mark(stage=stage)
        )
        outcome: JobOutcome = "published"
        message = f"round {published.number} was published"
    except Refused as refusal:
        outcome, message = "refused", refusal.message
    except Exception as error:
        log.exception("round %s of period %s failed", job.round, job.period_id)
        outcome, message = "failed", f"{type(error).__name__}: {error}"
    finally:
        done.set()
        beating.join()
    mark(outcome=outcome, message=message)


def run_in_background(storage: Storage, job: RoundJob, *, actor: Member) -> threading.Thread:
    """Start :func:`run_round_job` on a thread of its own. The thread does not hold up the
    server's shutdown: a job cut off there is seen as interrupted once its beat is
    stale, and the round can be asked for again."""
    thread = threading.Thread(
        target=run_round_job,
        args=(storage, job),
        kwargs={"actor": actor},
        name=f"round-job-{job.id}",
        daemon=True,
    )
    thread.start()
    return thread
