"""A rush of log-ins: 100 members log in at once through the HTTP API while pages are read.

    .venv/bin/python benchmarks/logins.py
    .venv/bin/python benchmarks/logins.py --logins 300 --accounts 12

A congress opens its voting window and its delegates log in together. Each log-in checks
a password with argon2 (RFC 9106's low-memory profile, as every instance stores them:
64 MiB and about 0.2 s of a core). Untimed: an instance with ``--accounts`` members whose
passwords are stored so. Timed, for each way of serving the log-ins: the real app, served
by uvicorn in one process as ``sovet serve`` serves it, takes ``--logins`` log-ins sent
all at once, while a reader asks for a cheap page (``/api/councils``) every 50 ms. Printed:
how long the log-ins took, how long the reader waited (median, worst), and the server's
peak memory (VmHWM, from Linux's /proc).

Each way, in the same run:

- sovet: ``POST /api/sessions``, whose use case runs in the password pool
  (``api.passwords``), as many at once as the machine has cores;
- the reference: the same use case on a route added for the run that runs it on the
  request threads, as every log-in ran before the pool (up to 40 at once, uvicorn's
  threads).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import httpx2
from fastapi import FastAPI

from _served import Server
from _served import serving as served
from sovet.api.deps import SovetDep
from sovet.api.models import Credentials, SessionOut, member_ref
from sovet.bootstrap import KEY_FILE, Settings, bootstrap
from sovet.http import app_from_environment
from sovet.record.checkpoint import InstanceKey
from sovet.services.log_in import LogIn, log_in
from sovet.services.register_member import RegisterMember, register_member

PASSWORD = "a congress password"
REFERENCE_PATH = "/bench/sessions-on-request-threads"
READ_EVERY_S = 0.05


def on_request_threads(body: Credentials, sovet: SovetDep) -> SessionOut:
    """The reference: the log-in's use case on a request thread, as before the pool."""
    session = log_in(sovet.db, LogIn(email=body.email, password=body.password, kind="api"))
    return SessionOut(token=session.token, member=member_ref(session.member))


def benchmark_app() -> FastAPI:
    """What the server process runs: ``sovet serve``'s app, and the reference route."""
    app = app_from_environment()
    app.add_api_route(REFERENCE_PATH, on_request_threads, methods=["POST"], status_code=201)
    return app


def set_up(folder: Path, accounts: int) -> list[str]:
    """An instance in ``folder`` with ``accounts`` members; their e-mail addresses."""
    InstanceKey.generate().save(folder / KEY_FILE)
    sovet = bootstrap(Settings(home=folder, database_url=f"sqlite:///{folder / 'logins.db'}"))
    emails = [f"delegate{number}@congress.example" for number in range(accounts)]
    for number, email in enumerate(emails):
        with sovet.db.transaction() as store:
            register_member(store, RegisterMember(f"Delegate {number}", email, PASSWORD))
    sovet.db.engine.dispose()
    return emails


def serving(folder: Path) -> AbstractContextManager[Server]:
    """The app, served by uvicorn in one process on a free loopback port."""
    database = f"sqlite:///{folder / 'logins.db'}"
    environment = {"SOVET_HOME": str(folder), "SOVET_DATABASE_URL": database}
    return served("logins:benchmark_app", environment)


def peak_memory_mib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise RuntimeError("no VmHWM in /proc")


@dataclass(frozen=True)
class Rush:
    seconds: float
    accepted: int
    waits: list[float]


async def rush(base: str, path: str, emails: list[str], logins: int) -> Rush:
    """``logins`` log-ins sent at once to ``path``, while a reader reads a page."""
    limits = httpx2.Limits(max_connections=logins + 1)
    async with httpx2.AsyncClient(base_url=base, timeout=600, limits=limits) as client:
        waits: list[float] = []
        rushing = True

        async def read() -> None:
            while rushing:
                start = time.perf_counter()
                (await client.get("/api/councils")).raise_for_status()
                waits.append(time.perf_counter() - start)
                await asyncio.sleep(READ_EVERY_S)

        async def log_in_as(email: str) -> int:
            response = await client.post(path, json={"email": email, "password": PASSWORD})
            return response.status_code

        reader = asyncio.create_task(read())
        start = time.perf_counter()
        codes = await asyncio.gather(*(log_in_as(emails[n % len(emails)]) for n in range(logins)))
        seconds = time.perf_counter() - start
        rushing = False
        await reader
    return Rush(seconds, codes.count(201), waits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=100, help="log-ins sent at once")
    parser.add_argument("--accounts", type=int, default=8, help="members they log in as")
    args = parser.parse_args()
    print(f"{args.logins} log-ins at once, as {args.accounts} members; cores: {os.cpu_count()}")
    ways = {
        "sovet (the password pool)": "/api/sessions",
        "reference (request threads)": REFERENCE_PATH,
    }
    with tempfile.TemporaryDirectory(prefix="sovet-logins-") as scratch:
        folder = Path(scratch)
        emails = set_up(folder, args.accounts)
        for label, path in ways.items():
            with serving(folder) as server:
                idle = peak_memory_mib(server.pid)
                result = asyncio.run(rush(server.base, path, emails, args.logins))
                peak = peak_memory_mib(server.pid)
            if result.accepted != args.logins:
                raise SystemExit(f"{label}: {result.accepted} of {args.logins} log-ins accepted")
            waits = sorted(result.waits)
            print(
                f"  {label:<30} log-ins {result.seconds:5.1f} s   "
                f"page read: median {statistics.median(waits) * 1000:6.0f} ms, "
                f"worst {waits[-1] * 1000:6.0f} ms ({len(waits)} reads)   "
                f"server memory: {idle} MiB idle, peak {peak} MiB"
            )


if __name__ == "__main__":
    main()
