"""``sovet recall ...``: opening, signing and reading recall petitions from the command
line, and a refusal in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import ElectDelegates
from sovet.bootstrap import KEY_FILE, Sovet
from sovet.cli import app as cli_app
from sovet.recall_cli import app
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.register_member import RegisterMember, register_member

runner = CliRunner()
PASSWORD = "a long enough passphrase"


@pytest.fixture
def seat(
    sqlite_sovet: Sovet,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    elect_delegates: ElectDelegates,
) -> int:
    """Boris's seat in the regional council, elected by the tractor works (Ana, Boris,
    Lev) on the test's clock, months before the commands run on the real one; the mill's
    Vera is outside the constituency. Two signatures put a petition on the agenda."""
    monkeypatch.setenv("SOVET_DATABASE_URL", str(sqlite_sovet.db.engine.url))
    monkeypatch.setenv("SOVET_PASSWORD", PASSWORD)
    sqlite_sovet.key.save(tmp_path / KEY_FILE)
    with sqlite_sovet.db.transaction() as store:
        ana, boris, lev, vera = (
            register_member(store, RegisterMember(name, f"{name.lower()}@example.org", PASSWORD))
            for name in ("Ana", "Boris", "Lev", "Vera")
        )
        found_base_council(
            store,
            FoundBaseCouncil("works", "Tractor Works", "Works", {"recall_petition_threshold": 0.5}),
            actor=ana,
        )
        found_base_council(store, FoundBaseCouncil("mill", "Textile Mill", "Mill"), actor=vera)
        for member in (boris, lev):
            admit_member(store, AdmitMember("works", member.id), actor=ana)
        found_delegate_council(
            store, FoundDelegateCouncil("north", "Northern Council", "works", 1), actor=ana
        )
    [mandate] = elect_delegates(sqlite_sovet, "north", "works", [boris], [ana, boris, lev])
    return mandate.id


def recall_cli(home: Path, *args: str, who: str | None = None) -> Result:
    acting = [] if who is None else ["--as", f"{who}@example.org"]
    return runner.invoke(app, [*args, *acting, "--home", str(home)])


def test_a_petition_is_opened_signed_and_followed_from_the_command_line(
    seat: int, tmp_path: Path
) -> None:
    opened = recall_cli(tmp_path, "open", str(seat), "--reasons", "He ignores us.", who="lev")
    assert opened.exit_code == 0, opened.output
    first, count = opened.output.splitlines()
    assert first.startswith("opened recall petition ")
    assert first.endswith("Recall Boris from seat 1 of Tractor Works in Northern Council")
    assert count == "1 of 2 signatures"
    petition = first.split()[3].rstrip(":")

    outside = recall_cli(tmp_path, "sign", petition, who="vera")
    assert outside.exit_code == 2
    assert "only members of Tractor Works, the constituency, can sign" in outside.output

    signed = recall_cli(tmp_path, "sign", petition, who="ana")
    assert signed.exit_code == 0, signed.output
    assert (
        signed.output == f"signed recall petition {petition}: 2 of 2 signatures (on the agenda)\n"
    )

    shown = recall_cli(tmp_path, "show", "works")
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0] == "Tractor Works: recall petitions"
    assert lines[1].endswith("2 of 2 signatures, on the agenda")
    assert any(line.startswith(f"  {seat} Boris, seat 1 of Tractor Works") for line in lines)


def test_show_refuses_a_council_that_does_not_exist_in_one_line(seat: int, tmp_path: Path) -> None:
    shown = recall_cli(tmp_path, "show", "forge")
    assert (shown.exit_code, shown.output) == (2, "error: there is no council 'forge'\n")


def test_show_lists_a_seat_its_election_left_unfilled(
    seat: int, sqlite_sovet: Sovet, tmp_path: Path, elect_delegates: ElectDelegates
) -> None:
    with sqlite_sovet.db.transaction() as store:
        ana, lev = (store.account_by_email(f"{name}@example.org") for name in ("ana", "lev"))
        assert ana is not None and lev is not None
        members = store.member(ana.member_id), store.member(lev.member_id)
        assert members[0] is not None and members[1] is not None
        found_delegate_council(
            store, FoundDelegateCouncil("east", "Eastern Council", "works", 2), actor=members[0]
        )
    [mandate] = elect_delegates(sqlite_sovet, "east", "works", [members[1]], list(members))
    shown = recall_cli(tmp_path, "show", "east")
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[-1] == (
        f"  vacant since {mandate.starts}: seat 2 of Tractor Works in Eastern Council, when "
        "its election filled fewer seats than there are; a by-election is due, for a term "
        f"ending {mandate.ends}"
    )


def test_a_delegate_stands_down_and_a_member_leaves_from_the_command_line(
    seat: int, tmp_path: Path
) -> None:
    refused = recall_cli(tmp_path, "stand-down", str(seat), who="ana")
    assert refused.exit_code == 2
    assert refused.output == "error: Ana can stand down only from their own seat or office\n"
    stood = recall_cli(tmp_path, "stand-down", str(seat), who="boris")
    assert stood.exit_code == 0, stood.output
    assert stood.output == f"Boris stood down from mandate {seat}\n"
    shown = recall_cli(tmp_path, "show", "north").output
    assert f"  {seat} Boris, seat 1 of Tractor Works in Northern Council: ended " in shown
    assert "(stood down)" in shown
    assert f"when mandate {seat} ended early; a by-election is due" in shown

    left = runner.invoke(
        cli_app, ["leave", "works", "--as", "lev@example.org", "--home", str(tmp_path)]
    )
    assert left.exit_code == 0, left.output
    assert left.output == "Lev left works; 0 seats or offices ended\n"
    again = runner.invoke(
        cli_app, ["leave", "works", "--as", "lev@example.org", "--home", str(tmp_path)]
    )
    assert again.exit_code == 2
    assert again.output == "error: Lev is not a member of Tractor Works\n"
