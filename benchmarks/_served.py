"""The app served for a benchmark: uvicorn in processes of its own on a free loopback
port, as ``sovet serve`` serves it, with an app factory from a benchmark's module."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Server:
    base: str
    pid: int


@contextmanager
def serving(factory: str, environment: Mapping[str, str], *, workers: int = 1) -> Iterator[Server]:
    """``factory`` (``module:function``, a module of ``benchmarks/``) served by uvicorn
    with ``workers`` processes and ``environment`` added to this one's, once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = [sys.executable, "-m", "uvicorn", factory, "--factory"]
    options = ["--app-dir", str(Path(__file__).parent), "--workers", str(workers)]
    options += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen([*command, *options], env={**os.environ, **environment})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            try:
                httpx2.get(f"{base}/api/councils", timeout=5).raise_for_status()
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        yield Server(base, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
