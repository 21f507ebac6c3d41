"""A voting window: 10,000 voters cast their votes on one motion through the HTTP API.

    .venv/bin/python benchmarks/votes.py                   # SQLite, a named and a secret vote
    SOVET_BENCH_POSTGRES_URL=postgresql+psycopg://user:pass@127.0.0.1/scratch \\
        .venv/bin/python benchmarks/votes.py --backends postgres
    .venv/bin/python benchmarks/votes.py --voters 2000 --variants named

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
from sovet.domain.charter import Charter
from sovet.domain.members import Member
from sovet.domain.votes import Tally
from sovet.http import app_from_environment
from sovet.record.checkpoint import InstanceKey
from sovet.record.entry import Entry
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.log_in import ClaimInvitation, LogIn, claim_invitation, log_in
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
class Window:
    answers: list[Answer]
    started: float
    seconds: float
    server_cpu: float
    """CPU seconds of the server's processes during the window."""
    client_cpu: float

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


def run_window(
    server: Server, jobs: Sequence[Job], *, clients: int, in_flight: int, limit_s: float
) -> Window:
    """Send ``jobs`` from ``clients`` processes, ``in_flight`` requests at a time in all."""
    base = server.base
    context = multiprocessing.get_context("spawn")
    ready, go, results = context.Barrier(clients + 1), context.Event(), context.Queue()
    shares = [list(jobs[n::clients]) for n in range(clients)]
    per_client = max(1, in_flight // clients)
    processes = [
        context.Process(
            target=client_process, args=(base, share, per_client, limit_s, ready, go, results)
        )
        for share in shares
    ]
    for process in processes:
        process.start()
    ready.wait(timeout=SET_UP_TIMEOUT_S)
    started, cpu = time.perf_counter(), cpu_seconds(server.pid)
    go.set()
    shares_done = [results.get() for _ in processes]
    server_cpu = cpu_seconds(server.pid) - cpu
    for process in processes:
        process.join()
    answers = [answer for done, _ in shares_done for answer in done]
    last = max((a.sent + a.latency for a in answers if a.status), default=started)
    client_cpu = sum(cpu for _, cpu in shares_done)
    return Window(answers, started, last - started, server_cpu, client_cpu)


# --- checking ---------------------------------------------------------------------------


class Check(NamedTuple):
    label: str
    ok: bool
    detail: str


def close_and_check(
    sovet: Sovet, clock: Clock, server: Server, electorate: Electorate, window: Window
) -> bool:
    """Try a second vote for some voters, close the vote through the use case, and compare
    what was acknowledged with what was recorded and counted. True when nothing was lost."""
    acknowledged = window.acknowledged()
    with httpx2.Client(base_url=server.base, timeout=REQUEST_TIMEOUT_S) as client:
        again = [
            _post(client, f"/api/votes/{electorate.vote}/ballots", a.key, electorate, "no")
            for a in acknowledged[:SECOND_TRIES]
        ]
    clock.advance(seconds=electorate.voting_period.total_seconds())
    with sovet.db.transaction() as store:
        close_vote(store, CloseVote(electorate.vote), actor=electorate.chair)
    with sovet.db.reading() as store:
        tally = store.vote_tally(electorate.vote)
    checks = [
        answers_check(window, electorate),
        tally_check(tally, electorate, acknowledged),
        record_check(sovet, electorate, acknowledged),
        ballots_check(sovet, electorate, acknowledged),
        Check(
            "a second vote is refused",
            all(response.status_code == 409 for response in again),
            f"{sum(r.status_code == 409 for r in again)} of {len(again)} refused with 409",
        ),
    ]
    for check in checks:
        print(f"    {'ok  ' if check.ok else 'FAIL'} {check.label}: {check.detail}")
    return all(check.ok for check in checks)


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


def run_variant(variant: str, url: str, folder: Path, args: argparse.Namespace) -> bool:
    """Set up a vote, time its window next to the reference route, close it and check."""
    clock = Clock(datetime.now(UTC) - timedelta(days=Charter().agenda_period_days, minutes=1))
    sovet = fresh_instance(url, folder, clock)
    started = time.perf_counter()
    electorate = set_up(sovet, clock, voters=args.voters, secret=variant == "secret")
    setup_s = time.perf_counter() - started
    voters = list(electorate.voters.values())
    reference = [Job(v.member, "GET", REFERENCE_PATH, v.token, None) for v in voters]
    path = f"/api/votes/{electorate.vote}/ballots"
    votes = [Job(v.member, "POST", path, v.token, {"choice": v.choice}) for v in voters]
    load = {"clients": args.clients, "in_flight": args.in_flight, "limit_s": args.limit}
    with serving(url, folder, args.workers) as server:
        row("reference: GET, token lookup only", run_window(server, reference, **load).summary())
        window = run_window(server, votes, **load)
        row(f"{variant} vote", window.summary(), f"(set-up {setup_s:.0f} s, untimed)")
        passed = close_and_check(sovet, clock, server, electorate, window)
    sovet.db.engine.dispose()
    met = passed and window.seconds < 60 and len(window.acknowledged()) == args.voters
    print(f"    target (all {args.voters:,} in < 60 s, nothing lost): {'met' if met else 'MISSED'}")
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
        "--variants", nargs="+", choices=("named", "secret"), default=["named", "secret"]
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
