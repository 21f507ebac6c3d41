"""Members' commands: register, import-members; and the demo that seeds a federation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from conftest import INBOX_SITE, Inbox, free_port
from sovet import demo
from sovet.adapters import tables
from sovet.adapters.queries import open_queries
from sovet.bootstrap import Settings, bootstrap
from sovet.cli import app
from sovet.domain.motions import AdmitConstituent
from sovet.services.log_in import authenticate

runner = CliRunner()
PASSWORD = "a long password"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An instance with one registered member, Ana, who founded the lathe council."""
    monkeypatch.setenv("SOVET_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["init", "--home", str(tmp_path)]).exit_code == 0
    result = runner.invoke(
        app,
        [
            "register",
            "--name",
            "Ana Kovac",
            "--email",
            "ana@lathe.example",
            "--home",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "registered Ana Kovac as member 0" in result.output
    from sovet.services.found_base_council import FoundBaseCouncil, found_base_council

    sovet = bootstrap(Settings.from_environment(tmp_path))
    with sovet.db.transaction() as store:
        ana = authenticate(store, "ana@lathe.example", PASSWORD)
        found_base_council(
            store, FoundBaseCouncil("lathe", "Lathe Council", "Lathe Works"), actor=ana
        )
    sovet.db.engine.dispose()
    return tmp_path


def record_size(home: Path) -> int:
    sovet = bootstrap(Settings.from_environment(home))
    with sovet.db.engine.connect() as conn:
        size = conn.execute(select(func.count()).select_from(tables.entries)).scalar_one()
    sovet.db.engine.dispose()
    return int(size)


BORIS = "name,email\nBoris Petrov,boris@lathe.example\n"


def importing(
    home: Path, rows: str | bytes | None, *options: str, council: str = "lathe"
) -> Result:
    """Ana imports ``rows`` (the members file's text or bytes; None: no file) into
    ``council`` with ``options``."""
    members = home / "members.csv"
    if isinstance(rows, str):
        members.write_text(rows)
    elif rows is not None:
        members.write_bytes(rows)
    acting = ["--as", "ana@lathe.example", *options, "--home", str(home)]
    return runner.invoke(app, ["import-members", council, str(members), *acting])


def test_import_members_admits_everyone_and_writes_their_invitation_codes(home: Path) -> None:
    codes = home / "codes.csv"
    result = importing(home, BORIS + "Clara Rossi,clara@lathe.example\n", "--codes", str(codes))
    assert result.exit_code == 0, result.output
    assert "imported 2 members into lathe (2 new to the federation)" in result.output
    rows = codes.read_text().splitlines()
    assert rows[0] == "email,invitation"
    assert [row.split(",")[0] for row in rows[1:]] == ["boris@lathe.example", "clara@lathe.example"]
    assert all(len(row.split(",")[1]) > 20 for row in rows[1:])


def test_without_a_codes_file_the_invitation_codes_are_printed_once(home: Path) -> None:
    result = importing(home, BORIS)
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if line.startswith("boris@")]
    assert len(row.split(",")[1]) > 20


def test_a_codes_file_that_cannot_be_written_undoes_the_import(home: Path) -> None:
    before = record_size(home)
    result = importing(home, BORIS, "--codes", str(home))
    assert result.exit_code == 2
    assert result.output == f"error: {home}: Is a directory\n"
    assert record_size(home) == before


def test_a_codes_file_that_exists_is_kept_and_nothing_imported(home: Path) -> None:
    """The codes of an earlier import are kept nowhere else."""
    codes = home / "codes.csv"
    codes.write_text("email,invitation\nearlier@lathe.example,a code\n")
    before = record_size(home)
    result = importing(home, BORIS, "--codes", str(codes))
    assert result.exit_code == 2
    assert result.output == (
        f"error: {codes} exists already: the invitation codes are written to a new file\n"
    )
    assert codes.read_text() == "email,invitation\nearlier@lathe.example,a code\n"
    assert record_size(home) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "No such file or directory"), (b"name,email\n\xff\n", "not UTF-8 text (byte 11)")],
)
def test_a_members_file_that_cannot_be_read_is_refused_in_one_line(
    home: Path, content: bytes | None, words: str
) -> None:
    result = importing(home, content)
    assert result.exit_code == 2
    assert result.output == f"error: {home / 'members.csv'}: {words}\n"


@pytest.mark.parametrize(
    "command",
    [
        ["verify"],
        ["export", "record.jsonl"],
        ["register", "--name", "Ana", "--email", "a@b.example"],
    ],
)
def test_a_command_on_a_folder_that_holds_no_instance_creates_none(
    tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "vra"
    result = runner.invoke(app, [*command, "--home", str(typo)])
    assert result.exit_code == 2
    assert result.output == (
        f"error: no instance at {typo}: create one with `sovet init`, "
        "or name its folder with --home or $SOVET_HOME\n"
    )
    assert not typo.exists()


def test_a_malformed_row_refuses_the_whole_import_with_its_line_number(home: Path) -> None:
    before = record_size(home)
    result = importing(home, BORIS + "Clara Rossi,not-an-address\n")
    assert result.exit_code == 2
    assert result.output == "error: line 3: email: 'not-an-address' is not an e-mail address\n"
    assert record_size(home) == before


def test_importing_with_a_wrong_password_is_refused(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVET_PASSWORD", "not the password")
    result = importing(home, BORIS)
    assert result.exit_code == 2
    assert result.output == "error: wrong e-mail or password\n"


def test_importing_into_an_unknown_council_is_refused_in_one_line(home: Path) -> None:
    result = importing(home, BORIS, council="forge")
    assert result.exit_code == 2
    assert result.output == "error: there is no council 'forge'\n"


def test_registering_a_taken_email_is_refused_in_one_line(home: Path) -> None:
    result = runner.invoke(
        app,
        ["register", "--name", "Ana Again", "--email", "ana@lathe.example", "--home", str(home)],
    )
    assert result.exit_code == 2
    assert result.output == "error: email: ana@lathe.example is already registered\n"


def test_the_demo_seeds_a_federation_that_verifies_and_replays(tmp_path: Path) -> None:
    demo_home = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--home", str(demo_home), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "Demo federation: 18 councils, 600 members" in result.output
    assert "password for each: councils-1917" in result.output
    assert "Every one of the 600 members logs in with the same password" in result.output
    delegate = r"│ jonas\.santos\.1@harbourcraneworks\.example +│ delegate of Harbour Crane"
    assert re.search(delegate, result.output), "a delegate to log in as, and the e-mail whole"
    verified = runner.invoke(app, ["verify", "--home", str(demo_home)])
    assert verified.exit_code == 0, verified.output
    replayed = runner.invoke(app, ["replay", "--check", "--home", str(demo_home)])
    assert replayed.exit_code == 0, replayed.output
    assert "the replayed state equals the live state" in replayed.output
    sovet = bootstrap(Settings(home=demo_home, database_url=f"sqlite:///{demo_home / 'sovet.db'}"))
    with open_queries(sovet.db) as queries:
        joint = queries.council("joint-economic-council")
        north = queries.council("north-regional-council")
        factions = {f.faction.name: f.members for f in queries.factions()}
    assert factions == {"Safety Before Output": 3, "Thirty-Hour Week": 4}
    assert joint is not None and north is not None
    assert len(joint.constituents) == 5
    assert len(joint.seats) == 10
    assert all(seat.mandate and seat.mandate.via_mandate_id for seat in joint.seats)
    assert len(north.seats) == 8
    assert all(seat.holder for seat in north.seats)
    assert all(len(seat.substitutes) == 1 for seat in north.seats)
    with sovet.db.reading() as store:
        [period] = store.planning_periods()
        rounds = store.plan_rounds(period.id)
        slugs = {council.id: council.slug for council in store.councils()}
        parts = {slugs[part.council_id]: part for part in store.plan_parts(period.id)}
        harbour = store.council_by_slug("harbour-crane-works")
        assert harbour is not None
        [answer] = store.motions_in(harbour.id, ("voting",))
        votes_open = [vote for vote in store.votes_on(answer.id) if vote.closes > store.now()]
        [on_agenda] = store.motions_in(harbour.id, ("on_agenda",))
        [gathering] = store.motions_in(harbour.id, ("filed",))
        amended = [a.replacement for a in store.amendments_of(gathering.id)]
        joint_council = store.council_by_slug("joint-economic-council")
        assert joint_council is not None
        admitted = {
            effect.constituent
            for motion in store.motions_in(joint_council.id, ("passed",))
            for effect in motion.effects
            if isinstance(effect, AdmitConstituent)
        }
        asked = {
            slugs[request.constituent_id] for request in store.join_requests_to(joint_council.id)
        }
    assert (
        admitted
        == asked
        == {
            "machine-building-workers-union-council",
            "foundry-and-steel-workers-union-council",
        }
    ), "the unions joined the seated joint council at their request, by its decision"
    with sovet.db.engine.connect() as conn:
        said = select(tables.comments.c.motion_id, func.count()).group_by("motion_id")
        discussed = {motion: count for motion, count in conn.execute(said)}
    assert period.state == "adopted"
    assert [published.balanced for published in rounds] == [False, True]
    assert period.adopted_round == 2
    sent = {slug for slug, part in parts.items() if part.state == "sent"}
    assert sent == {"harbour-crane-works", "north-foundry"}
    assert {part.state for slug, part in parts.items() if slug not in sent} == {"accepted"}
    assert len(parts) == 12
    idle = {slug for slug, part in parts.items() if not any(o.quantity for o in part.outputs)}
    assert not idle, "workplaces alike share the work, so none of them is left idle"
    assert answer.title == "Accept our part of the plan for 2027"
    assert len(votes_open) == 1
    assert on_agenda.due is not None and on_agenda.due > answer.due
    assert discussed == {on_agenda.id: 2, gathering.id: 1}
    assert gathering.title == "Open the canteen to the night shift"
    assert amended == ["with a paid shift of its own"]
    with sovet.db.reading() as store:
        jonas = authenticate(store, "jonas.santos.1@harbourcraneworks.example", demo.PASSWORD)
        assert any(m.active_on(store.today()) for m in store.mandates_of_member(jonas.id))
    with sovet.db.engine.connect() as conn:
        accounts = tables.accounts.c
        unclaimed = select(func.count()).where(accounts.password_hash.is_(None))
        assert conn.execute(unclaimed).scalar() == 0, "every member of the demo logs in"
    sovet.db.engine.dispose()


def test_once_founded_importing_alone_or_as_an_office_not_held_is_refused_in_one_line(
    home: Path,
) -> None:
    """The forge has opened its secretary's election: it is founded, so Ana imports alone
    no longer, nor as a secretary she is not."""
    from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
    from sovet.services.open_election import OpenElection, open_election

    sovet = bootstrap(Settings.from_environment(home))
    with sovet.db.transaction() as store:
        ana = authenticate(store, "ana@lathe.example", PASSWORD)
        charter = {"offices": {"secretary": ["admit_members"]}}
        found_base_council(
            store, FoundBaseCouncil("forge", "Forge Council", "Forge", charter), actor=ana
        )
        open_election(store, OpenElection("forge", "forge", office="secretary"), actor=ana)
    sovet.db.engine.dispose()
    before = record_size(home)
    result = importing(home, BORIS, council="forge")
    assert result.exit_code == 2
    assert result.output.startswith("error: Forge Council decides membership: ")
    assert result.output.count("\n") == 1
    result = importing(home, BORIS, "--office", "secretary", council="forge")
    assert result.exit_code == 2
    assert result.output == (
        "error: Ana Kovac does not hold the office of secretary of Forge Council\n"
    )
    assert record_size(home) == before


def test_with_email_each_new_member_is_sent_their_code_through_the_mail_server(
    home: Path, inbox: Inbox
) -> None:
    result = importing(home, BORIS, "--email")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "e-mailed 1 invitation code"
    [row] = [line for line in result.output.splitlines() if line.startswith("boris@")]
    [(to, message)] = inbox.messages
    assert to == ["boris@lathe.example"]
    assert message["Subject"] == "Your invitation to Lathe Council"
    text = message.get_payload(decode=True).decode()
    assert f"{INBOX_SITE}/claim#code={row.split(',')[1]}" in text


def test_with_email_and_no_mail_settings_nothing_is_imported(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOVET_SMTP_URL", raising=False)
    before = record_size(home)
    result = importing(home, BORIS, "--email")
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and len(result.output.splitlines()) == 1
    assert record_size(home) == before


def test_a_mail_server_that_is_down_loses_no_code(
    home: Path, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVET_SMTP_URL", f"smtp://127.0.0.1:{free_port()}?starttls=no")
    result = importing(home, BORIS, "--email")
    assert result.exit_code == 1
    [row] = [line for line in result.output.splitlines() if line.startswith("boris@")]
    assert len(row.split(",")[1]) > 20, "the code was shown before the mail server failed"
    assert "not e-mailed to Boris Petrov <boris@lathe.example>: the mail server at" in (
        result.output
    )
    assert result.output.endswith(
        "error: 1 invitation e-mail failed: pass those codes on by hand\n"
    )


def test_each_invitation_the_mail_server_refuses_is_named_and_the_rest_go_out(
    home: Path, inbox: Inbox
) -> None:
    inbox.refused.add("boris@lathe.example")
    two = BORIS + "Vera Ilic,vera@lathe.example\n"
    result = importing(home, two, "--email")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "e-mailed 1 invitation code" in lines
    assert (
        "not e-mailed to Boris Petrov <boris@lathe.example>: the mail server refused it: "
        "550 5.1.1 no such mailbox here"
    ) in lines
    assert lines[-1] == "error: 1 invitation e-mail failed: pass those codes on by hand"
    assert [to for to, _ in inbox.messages] == [["vera@lathe.example"]]
