"""``sovet serve --workers``: several server processes on one instance, one record."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from typer.testing import CliRunner

from conftest import SERVER_STARTUP_S, free_port, serving
from sovet.adapters.audit import verify_database
from sovet.adapters.locks import no_server
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.cli import app
from sovet.http import create_app

REGISTRATIONS = 24


@pytest.fixture
def served(backend_url: str, tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    """``sovet serve --workers 2`` on a fresh instance, until the test ends."""
    command = [sys.executable, "-c", "from sovet.cli import app; app()"]
    environment = {
        **os.environ,
        "SOVET_DATABASE_URL": backend_url,
        "SOVET_PASSWORD_PROFILE": "cheapest",
    }
    home = ["--home", str(tmp_path)]
    subprocess.run([*command, "init", *home], env=environment, check=True, capture_output=True)
    with serving(tmp_path, workers=2, database_url=backend_url) as (_, base):
        yield base, Settings(home=tmp_path, database_url=backend_url)


def test_two_server_processes_record_every_act_once_in_one_verified_record(
    served: tuple[str, Settings],
) -> None:
    base, settings = served

    def register(number: int) -> int:
        body = {
            "name": f"Worker {number}",
            "email": f"worker{number}@example.org",
            "password": "a long enough passphrase",
        }
        with httpx2.Client(base_url=base, timeout=30) as client:
            answer = client.post("/api/members", json=body)
        assert answer.status_code == 201, answer.text
        [position] = answer.json()["entries"]
        return int(position)

    with ThreadPoolExecutor(max_workers=8) as pool:
        positions = list(pool.map(register, range(REGISTRATIONS)))
    assert sorted(positions) == list(range(REGISTRATIONS))
    sovet = bootstrap(settings)
    report = verify_database(sovet.db)
    assert report.ok, report.problems
    assert report.entries == REGISTRATIONS
    sovet.db.engine.dispose()


def test_serving_from_no_worker_process_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--home", str(tmp_path), "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output


def test_serving_on_a_port_in_use_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    assert CliRunner().invoke(app, ["init", "--home", str(tmp_path)]).exit_code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--home", str(tmp_path), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output == f"error: port {port} is in use\n"


def test_serving_while_a_move_copies_the_database_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    assert CliRunner().invoke(app, ["init", "--home", str(tmp_path)]).exit_code == 0
    command = [sys.executable, "-c", "from sovet.cli import app; app()", "serve"]
    options = ["--home", str(tmp_path), "--port", str(free_port())]
    with no_server(tmp_path):
        # In a process of its own, so that a server that started anyway ends with the test.
        result = subprocess.run(
            [*command, *options], capture_output=True, text=True, timeout=SERVER_STARTUP_S
        )
    assert result.returncode == 2
    assert result.stderr == (
        f"error: sovet move is copying this instance's database (pid {os.getpid()}): "
        "serve it once the move is done\n"
    )


@pytest.mark.parametrize("port", ["0", "65536", "99999"])
def test_a_port_out_of_range_is_refused(tmp_path: Path, port: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--home", str(tmp_path), "--port", port])
    assert result.exit_code == 2
    assert result.output.startswith("error: invalid value for '--port': ")
    assert result.output.count("\n") == 1


def test_a_server_with_wrong_mail_settings_starts_and_says_what_is_wrong_once(
    sqlite_sovet: Sovet, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOVET_SMTP_URL", "smtp://mail.example")
    monkeypatch.setenv("SOVET_MAIL_FROM", "Local 42 <sovet@>")
    monkeypatch.setenv("SOVET_PUBLIC_URL", "https://sovet.example")
    with caplog.at_level(logging.WARNING):
        app_ = create_app(sqlite_sovet)
    assert app_.state.mail is None
    assert [record.getMessage() for record in caplog.records] == [
        "the server sends no e-mail: its mail settings are wrong: mail_from: "
        "'Local 42 <sovet@>' is not an e-mail address: write sovet@example.org, "
        "or Name <sovet@example.org>"
    ]


def test_a_server_without_mail_settings_starts_without_a_warning(
    sqlite_sovet: Sovet, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for variable in ("SOVET_SMTP_URL", "SOVET_MAIL_FROM", "SOVET_PUBLIC_URL"):
        monkeypatch.delenv(variable, raising=False)
    with caplog.at_level(logging.WARNING):
        assert create_app(sqlite_sovet).state.mail is None
    assert caplog.records == []
