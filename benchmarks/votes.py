"""A voting window: 10,000 voters cast their votes on one motion through the HTTP API.

    .venv/bin/python benchmarks/votes.py                   # SQLite, a named and a secret vote
    SOVET_BENCH_POSTGRES_URL=postgresql+psycopg://user:pass@127.0.0.1/scratch \\
        .venv/bin/python benchmarks/votes.py --backends postgres
    .venv/bin/python benchmarks/votes.py --voters 2000 --variants named
    .venv/bin/python benchmarks/votes.py --variants council --seats 640 --pages 240

For each backend (SQLite, and PostgreSQL when SOVET_BENCH_POSTGRES_URL or
SOVET_TEST_POSTGRES_URL names a database that may be emptied) and each variant (a named
vote, a secret ballot), untimed: a base council of N members is imported from CSV
through the use case, each member claims their invitation for an API token (with
argon2's cheapest profile), a motion is filed, reaches the agenda, and its vote opens
when the hand-moved clock passes the agenda period. That clock starts one agenda period
and a minute in the past, so the vote opens a minute before the window. Timed: the real
app, served as ``sovet serve --workers`` serves it (uvicorn, ``--workers`` processes on
127.0.0.1, on the real clock), takes one vote from each member, sent by client processes
with a bounded number of requests in flight. Then the clock is moved past the voting
period, the vote is closed through the use case, and the recorded result must count
exactly every acknowledged vote; the record must hold one ``vote.cast`` per acknowledged
voter, and verify.

The ``council`` variant is a congress: a delegate council of ``--seats`` seats (640),
filled, untimed, by the elections of its constituencies (base councils of at most 50
seats each); every delegate votes on a motion, named, once with no vote page open, then
once more on another motion for each ``--polls`` (on a vote of its own), while
``--pages`` open pages of that vote poll it as static/live-results.js does: each asks
again three seconds after its last answer came, and sends back the ``ETag`` it was given
(as a browser's cache revalidates). ``full`` polls the whole vote (``GET
/api/votes/{id}``, every voter's name and choice), ``tally`` its counts alone (``GET
/api/votes/{id}/tally``). Its rows give the ballots' figures (with pages polling, the
server's CPU per ballot includes the polls'), the polls' own while the ballots come in,
and theirs for two more intervals after the last ballot, while nothing changes. A page
sends a poll once more when its kept-alive connection turns out closed, as a browser
does.

References measured in the same run: the same clients and server on a trivial route
added for the run (the API's token lookup and nothing else), and a plain loop inserting
one row per committed transaction on the same backend. The CPU time of the server's
processes and of the clients is printed per request: here they share the same cores.

Target (issue 3): the whole 10,000-vote window in under 60 s on 2 cores, nothing lost.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path
from typing import Any, NamedTuple

import httpx2
from fastapi import FastAPI
from sqlalchemy import Column, Integer, MetaData, String, Table, select

from _served import Server
from _served import serving as served
from sovet.adapters import tables
from sovet.adapters.audit import verify_database
from sovet.adapters.migrate import migrate_afresh
from sovet.adapters.queries import open_queries
from sovet.adapters.sql import make_engine
from sovet.api.deps import MemberDep
from sovet.bootstrap import KEY_FILE, Settings, Sovet, bootstrap
from sovet.domain.charter import DELEGATE_DEFAULT, Charter
from sovet.domain.federation import MAX_SEATS_PER_CONSTITUENT
from sovet.domain.members import Member
from sovet.domain.votes import Tally
from sovet.http import app_from_environment
from sovet.record.checkpoint import InstanceKey
from sovet.record.entry import Entry
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.log_in import ClaimInvitation, LogIn, claim_invitation, log_in
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

KEY = InstanceKey.from_seed(bytes(range(32)))
PASSWORD = "a long enough passphrase"
CHOICES = ("yes", "yes", "yes", "no", "abstain")
SECOND_TRIES = 100
REQUEST_TIMEOUT_S = 60.0
REFERENCE_PATH = "/benchmark/who"
SET_UP_TIMEOUT_S = 120.0
POLL_INTERVAL_S = 3.0
"""How long an open vote page waits after an answer before it asks again (live-results.js)."""
IDLE_POLLING_S = 2 * POLL_INTERVAL_S
"""How long the pages go on polling after the last ballot, while nothing changes."""
POLL_PATHS = {"full": "/api/votes/{vote}", "tally": "/api/votes/{vote}/tally"}
COUNCIL_CHARTER = {"support_threshold": 0.0001, "agenda_period_days": 1, "voting_period_days": 7}


class Clock:
    """The set-up's clock, moved by hand past the agenda and voting periods."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass(frozen=True)
class Voter:
    member: int
    token: str
    choice: str


@dataclass(frozen=True)
class Electorate:
    """A council whose motion is being voted on, and the voters' API tokens."""

    chair: Member
    vote: int
    voters: dict[int, Voter]
    """By member, in the order they vote."""
    voting_period: timedelta

    def token_of(self, member: int) -> str:
        return self.voters[member].token

    def choice_of(self, member: int) -> str:
        return self.voters[member].choice


@dataclass(frozen=True)
class Job:
    key: int
    method: str
    path: str
    token: str
    body: dict[str, Any] | None


@dataclass(frozen=True)
class Answer:
    key: int
    status: int
    """The HTTP status; 0 when no answer came (an error, a timeout, or never sent)."""
    sent: float
    latency: float
    body: dict[str, Any] | None


@dataclass(frozen=True)
class Polling:
    """Open pages of a vote, each asking for ``path`` as live-results.js does."""

    path: str
    pages: int


@dataclass(frozen=True)
class Poll:
    status: int
    """The HTTP status; 0 when no answer came."""
    sent: float
    latency: float
    size: int
    """Bytes of the answer's body."""
    error: str = ""
    """Why no answer came, if none did."""


@dataclass(frozen=True)
class Window:
    answers: list[Answer]
    started: float
    seconds: float
    server_cpu: float
    """CPU seconds of the server's processes during the window."""
    client_cpu: float
    polls: list[Poll]
    """The answers to the vote pages' polls, if any: while the ballots came in, and for
    ``IDLE_POLLING_S`` after the last one."""

    def polls_summary(self, *, idle: bool = False) -> str:
        """The polls sent while the ballots came in, or (``idle``) after the last one."""
        end = self.started + self.seconds
        polls = [poll for poll in self.polls if (poll.sent >= end) is idle]
        seconds = IDLE_POLLING_S if idle else self.seconds
        answered = [poll for poll in polls if poll.status in (200, 304)]
        if not answered:
            return f"nothing answered of {len(polls):,} polls"
        latencies = sorted(poll.latency for poll in answered)
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        changed = [poll.size for poll in answered if poll.status == 200]
        size = statistics.mean(changed) / 1024 if changed else 0.0
        failed = Counter(
            poll.error or str(poll.status) for poll in polls if poll.status not in (200, 304)
        )
        return (
            f"{len(answered) / seconds:8,.0f}/s   median {statistics.median(latencies) * 1e3:6.1f} ms"
            f"   p99 {p99 * 1e3:7.1f} ms   {len(answered):,} answered:"
            f" {len(changed):,} with {size:.1f} KB, {len(answered) - len(changed):,} unchanged (304)"
            + (f", failed: {failed.most_common(3)}" if failed else "")
        )

    def acknowledged(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.status in (200, 201)]

    def summary(self) -> str:
        done = self.acknowledged()
        latencies = sorted(answer.latency for answer in done)
        if not latencies:
            return "nothing acknowledged"
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        return (
            f"{len(done) / self.seconds:8,.0f}/s   median {statistics.median(latencies) * 1e3:6.1f} ms"
            f"   p99 {p99 * 1e3:7.1f} ms   window {self.seconds:6.1f} s"
            f"   CPU per request: server {self.server_cpu / len(self.answers) * 1e3:4.1f} ms,"
            f" clients {self.client_cpu / len(self.answers) * 1e3:4.1f} ms"
        )


def row(label: str, figures: str, note: str = "") -> None:
    print(f"  {label:<40} {figures}   {note}".rstrip())


# --- setting up (not timed) -------------------------------------------------------------


def fresh_instance(url: str, folder: Path, clock: Clock) -> Sovet:
    """An empty instance in ``folder`` with the benchmark's key, which the server's
    processes load from there."""
    for leftover in [*folder.glob("votes.db*"), folder / KEY_FILE]:
        leftover.unlink(missing_ok=True)
    KEY.save(folder / KEY_FILE)
    if not url.startswith("sqlite"):
        engine = make_engine(url)
        migrate_afresh(engine)
        engine.dispose()
    return bootstrap(Settings(home=folder, database_url=url), clock=clock, key=KEY)


def set_up(sovet: Sovet, clock: Clock, *, voters: int, secret: bool) -> Electorate:
    """A base council of ``voters`` members with a motion whose vote has just opened."""
    db = sovet.db
    chair_email = "chair@works.example"
    with db.transaction() as store:
        chair = register_member(store, RegisterMember("Chair", chair_email, PASSWORD))
        council = found_base_council(
            store,
            FoundBaseCouncil(
                "works",
                "Works Council",
                "The Works",
                charter={"support_threshold": 0.0001, "secret_vote_share": 0.0001},
            ),
            actor=chair,
        )
    csv_text = "name,email\n" + "".join(
        f"Worker {n},worker{n}@works.example\n" for n in range(1, voters)
    )
    with db.transaction() as store:
        imported = import_members(store, ImportMembers("works", csv_text), actor=chair)
    tokens = {chair.id: log_in(db, LogIn(chair_email, PASSWORD, kind="api")).token}
    with db.transaction() as store:
        for person in imported:
            assert person.invitation is not None
            claim = ClaimInvitation(person.email, person.invitation, PASSWORD, kind="api")
            tokens[person.member.id] = claim_invitation(store, claim).token
    with db.transaction() as store:
        motion = file_motion(
            store,
            FileMotion(
                "works",
                "Six hour shifts",
                "The works moves to a six hour shift.",
                matter="workplace_organisation",
            ),
            actor=chair,
        )
        if secret:
            request_secret_ballot(store, RequestSecretBallot(motion.id), actor=chair)
    clock.advance(days=council.charter.agenda_period_days)
    with db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion.id), actor=chair)
    assert vote.secret == secret
    rng = random.Random(17)
    ballots = [Voter(member, token, rng.choice(CHOICES)) for member, token in tokens.items()]
    rng.shuffle(ballots)
    by_member = {ballot.member: ballot for ballot in ballots}
    return Electorate(chair, vote.id, by_member, council.charter.voting_period)


def council_days() -> int:
    """How far the council's set-up moves its clock: the elections' nominations and
    voting, then the motions' agenda period."""
    charter = Charter.from_json(COUNCIL_CHARTER, defaults=DELEGATE_DEFAULT)
    nominating = max(1, charter.agenda_period_days)
    return nominating + charter.voting_period_days + charter.agenda_period_days


def set_up_council(sovet: Sovet, clock: Clock, *, seats: int, votes: int) -> list[Electorate]:
    """A delegate council of ``seats`` seats, each held by a delegate its constituency
    elected, and ``votes`` motions whose votes have just opened; every delegate has an
    API token. Each constituency is a base council of at most 50 seats whose members are
    exactly its delegates: its founder opens the election, nominates every member (each
    consents), casts the one ballot, and closes it."""
    db = sovet.db
    shares = [
        min(MAX_SEATS_PER_CONSTITUENT, seats - start)
        for start in range(0, seats, MAX_SEATS_PER_CONSTITUENT)
    ]
    tokens: dict[int, str] = {}
    constituencies: list[tuple[str, list[Member]]] = []
    for number, share in enumerate(shares):
        email = f"founder{number}@congress.example"
        slug = f"works-{number}"
        with db.transaction() as store:
            founder = register_member(store, RegisterMember(f"Founder {number}", email, PASSWORD))
            found_base_council(
                store, FoundBaseCouncil(slug, f"Works {number}", f"Site {number}"), actor=founder
            )
        csv_text = "name,email\n" + "".join(
            f"Delegate {number}.{n},delegate{number}.{n}@congress.example\n"
            for n in range(1, share)
        )
        with db.transaction() as store:
            imported = import_members(store, ImportMembers(slug, csv_text), actor=founder)
        tokens[founder.id] = log_in(db, LogIn(email, PASSWORD, kind="api")).token
        with db.transaction() as store:
            for person in imported:
                assert person.invitation is not None
                claim = ClaimInvitation(person.email, person.invitation, PASSWORD, kind="api")
                tokens[person.member.id] = claim_invitation(store, claim).token
        constituencies.append((slug, [founder, *(person.member for person in imported)]))
    (first, [chair, *_]), *others = constituencies
    with db.transaction() as store:
        request = FoundDelegateCouncil(
            "congress", "Congress", first, seats=shares[0], charter=COUNCIL_CHARTER
        )
        council = found_delegate_council(store, request, actor=chair)
    for (slug, [founder, *_]), share in zip(others, shares[1:], strict=True):
        with db.transaction() as store:
            joining = JoinDelegateCouncil("congress", slug, seats=share)
            join_delegate_council(store, joining, actor=founder)
    elections = []
    for slug, members in constituencies:
        founder = members[0]
        with db.transaction() as store:
            election = open_election(store, OpenElection("congress", slug), actor=founder)
        for member in members:
            with db.transaction() as store:
                nominate(store, Nominate(election.id, member.id), actor=founder)
            if member.id != founder.id:
                with db.transaction() as store:
                    consent_to_nomination(store, ConsentToNomination(election.id), actor=member)
        elections.append((election, members))
    clock.advance(days=max(1, council.charter.agenda_period_days))
    for election, members in elections:
        with db.transaction() as store:
            ranking = tuple(member.id for member in members)
            ballot = CastRankedBallot(election.id, ranking=ranking)
            cast_ranked_ballot(store, ballot, actor=members[0])
    clock.advance(days=council.charter.voting_period_days)
    for election, members in elections:
        with db.transaction() as store:
            close_election(store, CloseElection(election.id), actor=members[0])
    motions = []
    for number in range(votes):
        with db.transaction() as store:
            filing = FileMotion(
                "congress",
                f"Joint plan, part {number + 1}",
                "The congress adopts the joint plan.",
                matter="coordination",
            )
            motions.append(file_motion(store, filing, actor=chair))
    clock.advance(days=council.charter.agenda_period_days)
    with db.transaction() as store:
        open_vote(store, OpenVote(motions[0].id), actor=chair)  # and every other one due
    electorates = []
    for number, motion in enumerate(motions):
        with db.reading() as store:
            [vote] = store.votes_on(motion.id)
        assert vote.eligible == seats and not vote.secret
        rng = random.Random(17 + number)
        ballots = [Voter(member, token, rng.choice(CHOICES)) for member, token in tokens.items()]
        rng.shuffle(ballots)
        by_member = {ballot.member: ballot for ballot in ballots}
        electorates.append(Electorate(chair, vote.id, by_member, council.charter.voting_period))
    return electorates


# --- the server -------------------------------------------------------------------------


def who(member: MemberDep) -> dict[str, int]:
    """The reference: the same stack and token lookup, no use case, no write."""
    return {"member": member.id}


def benchmark_app() -> FastAPI:
    """What each server process runs: ``sovet serve --workers``'s app, and the reference."""
    app = app_from_environment()
    app.add_api_route(REFERENCE_PATH, who, methods=["GET"])
    return app


@contextmanager
def serving(url: str, folder: Path, workers: int) -> Iterator[Server]:
    """The real app, served by uvicorn with ``workers`` processes on a free loopback port."""
    environment = {
        "SOVET_HOME": str(folder),
        "SOVET_DATABASE_URL": url,
        "SOVET_PASSWORD_PROFILE": "cheapest",
    }
    with served("votes:benchmark_app", environment, workers=workers) as server:
        yield server


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its children (from Linux's /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for member in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        for child in (task / "children").read_text().split():
            found += [int(child), *_children(int(child))]
    return found


# --- the clients ------------------------------------------------------------------------


def client_process(
    base: str,
    jobs: list[Job],
    in_flight: int,
    limit_s: float,
    ready: Barrier,
    go: Event,
    results: Any,
) -> None:
    """One client process: send ``jobs`` with at most ``in_flight`` at a time."""
    results.put(asyncio.run(_send_all(base, jobs, in_flight, limit_s, ready, go)))


async def _send_all(
    base: str, jobs: list[Job], in_flight: int, limit_s: float, ready: Barrier, go: Event
) -> tuple[list[Answer], float]:
    limits = httpx2.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    async with httpx2.AsyncClient(
        base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S
    ) as client:
        # Open every connection before the window, so that it times requests only.
        await asyncio.gather(*(client.get("/api/openapi.json") for _ in range(in_flight)))
        ready.wait()
        go.wait()
        cpu = time.process_time()
        deadline = time.perf_counter() + limit_s
        queue = list(reversed(jobs))
        answers: list[Answer] = []

        async def worker() -> None:
            while queue:
                job = queue.pop()
                if time.perf_counter() > deadline:
                    answers.append(Answer(job.key, 0, 0.0, 0.0, None))
                    continue
                answers.append(await _send(client, job))

        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return answers, time.process_time() - cpu


async def _send(client: Any, job: Job) -> Answer:
    sent = time.perf_counter()
    try:
        response = await client.request(
            job.method, job.path, json=job.body, headers={"Authorization": f"Bearer {job.token}"}
        )
    except Exception:
        return Answer(job.key, 0, sent, time.perf_counter() - sent, None)
    latency = time.perf_counter() - sent
    body = response.json() if response.headers.get("content-type") == "application/json" else None
    return Answer(job.key, response.status_code, sent, latency, body)


def poll_process(
    base: str, polling: Polling, ready: Barrier, go: Event, stop: Event, results: Any
) -> None:
    """The open vote pages, in a process of their own, until ``stop`` is set."""
    results.put(asyncio.run(_poll_pages(base, polling, ready, go, stop)))


async def _poll_pages(
    base: str, polling: Polling, ready: Barrier, go: Event, stop: Event
) -> list[Poll]:
    limits = httpx2.Limits(max_connections=polling.pages, max_keepalive_connections=polling.pages)
    async with httpx2.AsyncClient(
        base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S
    ) as client:
        ready.wait()
        go.wait()
        polls: list[Poll] = []

        async def page(number: int) -> None:
            # The pages opened one after another over one interval, as people come.
            await asyncio.sleep(POLL_INTERVAL_S * number / polling.pages)
            etag: str | None = None
            while not stop.is_set():
                headers = {"Accept": "application/json"}
                if etag is not None:
                    headers["If-None-Match"] = etag
                sent = time.perf_counter()
                try:
                    response = await _get_again_once(client, polling.path, headers)
                except Exception as error:
                    failed = Poll(0, sent, time.perf_counter() - sent, 0, type(error).__name__)
                    polls.append(failed)
                else:
                    latency = time.perf_counter() - sent
                    size = len(response.content)
                    polls.append(Poll(response.status_code, sent, latency, size))
                    etag = response.headers.get("etag", etag)
                await asyncio.sleep(POLL_INTERVAL_S)

        await asyncio.gather(*(page(number) for number in range(polling.pages)))
        return polls


async def _get_again_once(client: Any, path: str, headers: dict[str, str]) -> Any:
    """GET ``path``, sent once more if the connection failed, as a browser does when the
    server has closed a kept-alive connection that the request went out on."""
    try:
        return await client.get(path, headers=headers)
    except httpx2.TransportError:
        return await client.get(path, headers=headers)


def run_window(
    server: Server,
    jobs: Sequence[Job],
    *,
    clients: int,
    in_flight: int,
    limit_s: float,
    polling: Polling | None = None,
) -> Window:
    """Send ``jobs`` from ``clients`` processes, ``in_flight`` requests at a time in all,
    while the pages of ``polling``, if any, poll until the last job is answered."""
    base = server.base
    context = multiprocessing.get_context("spawn")
    parties = clients + 1 + (polling is not None)
    ready, go, stop = context.Barrier(parties), context.Event(), context.Event()
    results, polled = context.Queue(), context.Queue()
    shares = [list(jobs[n::clients]) for n in range(clients)]
    per_client = max(1, in_flight // clients)
    processes = [
        context.Process(
            target=client_process, args=(base, share, per_client, limit_s, ready, go, results)
        )
        for share in shares
    ]
    if polling is not None:
        processes.append(
            context.Process(target=poll_process, args=(base, polling, ready, go, stop, polled))
        )
    for process in processes:
        process.start()
    ready.wait(timeout=SET_UP_TIMEOUT_S)
    started, cpu = time.perf_counter(), cpu_seconds(server.pid)
    go.set()
    shares_done = [results.get() for _ in shares]
    server_cpu = cpu_seconds(server.pid) - cpu
    if polling is not None:
        time.sleep(IDLE_POLLING_S)
    stop.set()
    polls = polled.get() if polling is not None else []
    for process in processes:
        process.join()
    answers = [answer for done, _ in shares_done for answer in done]
    last = max((a.sent + a.latency for a in answers if a.status), default=started)
    client_cpu = sum(cpu for _, cpu in shares_done)
    return Window(answers, started, last - started, server_cpu, client_cpu, polls)


# --- checking ---------------------------------------------------------------------------


class Check(NamedTuple):
    label: str
    ok: bool
    detail: str


def close_and_check(
    sovet: Sovet, clock: Clock, server: Server, voted: Sequence[tuple[Electorate, Window]]
) -> bool:
    """Try a second vote for some voters in each vote, close the votes through the use
    case, and compare what was acknowledged with what was recorded and counted. True when
    nothing was lost."""
    with httpx2.Client(base_url=server.base, timeout=REQUEST_TIMEOUT_S) as client:
        again = {
            electorate.vote: [
                _post(client, f"/api/votes/{electorate.vote}/ballots", a.key, electorate, "no")
                for a in window.acknowledged()[:SECOND_TRIES]
            ]
            for electorate, window in voted
        }
    longest = max(electorate.voting_period for electorate, _ in voted)
    clock.advance(seconds=longest.total_seconds())
    for electorate, _ in voted:
        with sovet.db.transaction() as store:
            # Closing one vote closes every other one due in its council with it.
            vote = store.vote(electorate.vote)
            if vote is not None and vote.closed is None:
                close_vote(store, CloseVote(electorate.vote), actor=electorate.chair)
    passed = True
    for electorate, window in voted:
        acknowledged = window.acknowledged()
        with sovet.db.reading() as store:
            tally = store.vote_tally(electorate.vote)
        tries = again[electorate.vote]
        checks = [
            answers_check(window, electorate),
            tally_check(tally, electorate, acknowledged),
            record_check(sovet, electorate, acknowledged),
            ballots_check(sovet, electorate, acknowledged),
            Check(
                "a second vote is refused",
                all(response.status_code == 409 for response in tries),
                f"{sum(r.status_code == 409 for r in tries)} of {len(tries)} refused with 409",
            ),
        ]
        if len(voted) > 1:
            print(f"    vote {electorate.vote}:")
        for check in checks:
            print(f"    {'ok  ' if check.ok else 'FAIL'} {check.label}: {check.detail}")
        passed = passed and all(check.ok for check in checks)
    return passed


def _post(
    client: httpx2.Client, path: str, member: int, electorate: Electorate, choice: str
) -> httpx2.Response:
    token = electorate.token_of(member)
    return client.post(path, json={"choice": choice}, headers={"Authorization": f"Bearer {token}"})


def answers_check(window: Window, electorate: Electorate) -> Check:
    """Every vote acknowledged, once, with the choice sent."""
    acknowledged = window.acknowledged()
    members = [answer.key for answer in acknowledged]
    wrong = [
        answer
        for answer in acknowledged
        if answer.body is None
        or (answer.body["vote"], answer.body["choice"])
        != (electorate.vote, electorate.choice_of(answer.key))
    ]
    failures = Counter(
        (answer.status, (answer.body or {}).get("error"))
        for answer in window.answers
        if answer.status not in (200, 201)
    )
    detail = f"{len(acknowledged):,} of {len(window.answers):,}"
    if failures:
        detail += f"; not acknowledged (status 0: no answer): {failures.most_common(3)}"
    ok = not wrong and len(members) == len(set(members))
    return Check("acknowledged, each once, as sent", ok, detail)


def tally_check(tally: Tally | None, electorate: Electorate, acknowledged: list[Answer]) -> Check:
    """The result recorded at close counts exactly the acknowledged votes."""
    counted = Counter(electorate.choice_of(answer.key) for answer in acknowledged)
    expected = {choice: counted[choice] for choice in ("yes", "no", "abstain")}
    found = {} if tally is None else {"yes": tally.yes, "no": tally.no, "abstain": tally.abstain}
    return Check("counted at close = acknowledged", found == expected, f"{found}")


def record_check(sovet: Sovet, electorate: Electorate, acknowledged: list[Answer]) -> Check:
    """One ``vote.cast`` entry for each acknowledged voter, none for anyone else; the
    record verifies (hashes, tree, signed checkpoints)."""
    recorded = recorded_casts(sovet, electorate.vote)
    members = {answer.key for answer in acknowledged}
    missing = len(members - set(recorded))
    extra = len(set(recorded) - members)
    twice = sum(1 for count in recorded.values() if count > 1)
    report = verify_database(sovet.db)
    detail = (
        f"{sum(recorded.values()):,} vote.cast entries; {missing} acknowledged but missing,"
        f" {extra} recorded but not acknowledged, {twice} twice; verifies: {report.ok}"
    )
    return Check("in the record, once each", report.ok and not (missing or extra or twice), detail)


def recorded_casts(sovet: Sovet, vote_id: int) -> Counter[int]:
    """How many ``vote.cast`` entries each member has in the record for this vote."""
    casts: Counter[int] = Counter()
    with sovet.db.engine.connect() as conn:
        rows = conn.execute(
            select(tables.entries.c.actor, tables.entries.c.body).where(
                tables.entries.c.kind == "vote.cast"
            )
        )
        for actor, body in rows:
            if Entry.from_body(body).payload["vote"] == vote_id:
                casts[int(actor)] += 1
    return casts


def ballots_check(sovet: Sovet, electorate: Electorate, acknowledged: list[Answer]) -> Check:
    """The counted ballots are exactly the acknowledged ones: by member for a named vote,
    by receipt for a secret one (published at close)."""
    with open_queries(sovet.db) as queries:
        view = queries.vote_view(electorate.vote)
        published = queries.published_ballots(electorate.vote)
    if view is None:
        return Check("ballots = acknowledged", False, f"there is no vote {electorate.vote}")
    if view.results.vote.secret:
        receipts = sorted(
            (hashlib.sha256(a.body["receipt"].encode()).digest(), electorate.choice_of(a.key))
            for a in acknowledged
            if a.body is not None
        )
        return Check(
            "published ballots = acknowledged receipts",
            published == receipts,
            f"{len(published):,} published, {len(receipts):,} receipts",
        )
    named = {ballot.member.id: ballot.choice for ballot in view.ballots}
    expected = {a.key: electorate.choice_of(a.key) for a in acknowledged}
    return Check("named ballots = acknowledged", named == expected, f"{len(named):,} ballots")


# --- references -------------------------------------------------------------------------


def insert_loop(url: str, count: int) -> float:
    """Rows per second, one row per committed transaction, with sovet's engine settings."""
    engine = make_engine(url)
    metadata = MetaData()
    table = Table(
        "bench_inserts", metadata, Column("id", Integer, primary_key=True), Column("body", String)
    )
    metadata.drop_all(engine)
    metadata.create_all(engine)
    start = time.perf_counter()
    for number in range(count):
        with engine.begin() as conn:
            conn.execute(table.insert(), {"id": number, "body": f"vote {number}"})
    rate = count / (time.perf_counter() - start)
    metadata.drop_all(engine)
    engine.dispose()
    return rate


# --- the run ----------------------------------------------------------------------------


def run_backend(name: str, url: str, folder: Path, args: argparse.Namespace) -> bool:
    print(f"\n{name}")
    row(
        "plain insert, one row per transaction",
        f"{insert_loop(url, 1_000):8,.0f}/s",
        "(reference: the backend's commit rate, one writer)",
    )
    return all([run_variant(variant, url, folder, args) for variant in args.variants])


def ballot_jobs(electorate: Electorate) -> list[Job]:
    path = f"/api/votes/{electorate.vote}/ballots"
    return [
        Job(v.member, "POST", path, v.token, {"choice": v.choice})
        for v in electorate.voters.values()
    ]


def run_variant(variant: str, url: str, folder: Path, args: argparse.Namespace) -> bool:
    """Set up a vote, time its window next to the reference route, close it and check."""
    council = variant == "council"
    days = council_days() if council else Charter().agenda_period_days
    clock = Clock(datetime.now(UTC) - timedelta(days=days, minutes=1))
    sovet = fresh_instance(url, folder, clock)
    started = time.perf_counter()
    if council:
        electorates = set_up_council(sovet, clock, seats=args.seats, votes=1 + len(args.polls))
    else:
        electorates = [set_up(sovet, clock, voters=args.voters, secret=variant == "secret")]
    setup_s = time.perf_counter() - started
    voters = list(electorates[0].voters.values())
    reference = [Job(v.member, "GET", REFERENCE_PATH, v.token, None) for v in voters]
    load = {"clients": args.clients, "in_flight": args.in_flight, "limit_s": args.limit}
    pollings: list[Polling | None] = [None]
    if council:
        pollings += [
            Polling(POLL_PATHS[poll].format(vote=electorate.vote), args.pages)
            for poll, electorate in zip(args.polls, electorates[1:], strict=True)
        ]
    voted = []
    with serving(url, folder, args.workers) as server:
        row("reference: GET, token lookup only", run_window(server, reference, **load).summary())
        for electorate, polling in zip(electorates, pollings, strict=True):
            window = run_window(server, ballot_jobs(electorate), polling=polling, **load)
            label = f"{variant} vote" if not council else f"council vote, {args.seats:,} seats"
            if polling is None:
                row(label, window.summary(), f"(set-up {setup_s:.0f} s, untimed)")
            else:
                row(f"{label}, {polling.pages} pages open", window.summary())
                row(f"  their polls: GET {polling.path}", window.polls_summary())
                row("  then, nothing changing", window.polls_summary(idle=True))
            voted.append((electorate, window))
        passed = close_and_check(sovet, clock, server, voted)
    sovet.db.engine.dispose()
    size = len(voters)
    met = passed and all(
        window.seconds < 60 and len(window.acknowledged()) == size for _, window in voted
    )
    print(f"    target (all {size:,} in < 60 s, nothing lost): {'met' if met else 'MISSED'}")
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000, help="members on the register")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--in-flight", type=int, default=48, help="requests in flight in all")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds before giving up")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--backends", nargs="+", choices=("sqlite", "postgres"), default=["sqlite", "postgres"]
    )
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=("named", "secret", "council"),
        default=["named", "secret", "council"],
    )
    parser.add_argument("--seats", type=int, default=640, help="seats of the council variant")
    parser.add_argument(
        "--pages", type=int, default=240, help="open pages of the council's vote, polling"
    )
    parser.add_argument(
        "--polls",
        nargs="*",
        choices=tuple(POLL_PATHS),
        default=list(POLL_PATHS),
        help="what the open pages poll: the whole vote, or its tally (one vote each)",
    )
    args = parser.parse_args()
    os.environ["SOVET_PASSWORD_PROFILE"] = "cheapest"
    postgres = os.environ.get("SOVET_BENCH_POSTGRES_URL") or os.environ.get(
        "SOVET_TEST_POSTGRES_URL"
    )
    cores = len(os.sched_getaffinity(0))
    print(
        f"{args.voters:,} voters, {args.clients} client processes, {args.in_flight} requests"
        f" in flight, {args.workers} server processes, server and clients on {cores} cores"
        f" (load average {os.getloadavg()[0]:.1f} before the run)"
    )
    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        if "sqlite" in args.backends:
            sqlite = f"sqlite:///{Path(scratch) / 'votes.db'}"
            ok = run_backend("SQLite", sqlite, Path(scratch), args) and ok
        if "postgres" in args.backends:
            if postgres:
                ok = run_backend("PostgreSQL", postgres, Path(scratch), args) and ok
            else:
                print("\nPostgreSQL skipped: set SOVET_BENCH_POSTGRES_URL")
    if not ok:
        raise SystemExit("a check failed: some acknowledged vote was not counted exactly once")


if __name__ == "__main__":
    main()
