"""The instance's file locks: the servers share one, a move holds it alone, and a refusal
names the processes that hold it, or the file where the system lists no locks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sovet.adapters import locks
from sovet.adapters.locks import Locked, no_server, serving


def test_server_processes_share_the_lock_and_a_move_is_refused_naming_them(
    tmp_path: Path,
) -> None:
    with (
        serving(tmp_path),
        serving(tmp_path),
        pytest.raises(Locked) as refused,
        no_server(tmp_path),
    ):
        pass
    assert refused.value.message == (
        f"a sovet server is running on this instance (pid {os.getpid()}): stop it, then move"
    )
    assert refused.value.holders == [os.getpid()]
    with no_server(tmp_path), pytest.raises(Locked) as moving, serving(tmp_path):
        pass
    assert moving.value.message == (
        f"sovet move is copying this instance's database (pid {os.getpid()}): serve it once "
        "the move is done"
    )


def test_a_refusal_names_the_lock_file_where_the_system_lists_no_locks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locks, "PROC_LOCKS", tmp_path / "no-such-file")
    with serving(tmp_path), pytest.raises(Locked) as refused, no_server(tmp_path):
        pass
    assert refused.value.message == (
        "a sovet server is running on this instance "
        f"(it holds {tmp_path / 'serve.lock'}): stop it, then move"
    )
    assert refused.value.holders == []
