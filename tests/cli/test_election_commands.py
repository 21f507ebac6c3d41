"""``sovet election ...``: opening, nominating, ranking, closing and reading an election
from the command line, and a refusal in one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.cli import app as cli_app
from sovet.domain.elections import Election
from sovet.domain.members import Member
from sovet.elections_cli import app
from sovet.motions_cli import when
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.election_cycle import election_named
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.stand_down import StandDown, stand_down

runner = CliRunner()
PASSWORD = "a long enough passphrase"
NAMES = ("Ana", "Boris", "Lev")


@contextmanager
def instance_at(home: Path, days_ago: float) -> Iterator[Sovet]:
    with instance_then(home, datetime.now(UTC) - timedelta(days=days_ago)) as sovet:
        yield sovet


@contextmanager
def instance_then(home: Path, moment: datetime) -> Iterator[Sovet]:
    sovet = bootstrap(Settings.from_environment(home), clock=lambda: moment)
    try:
        yield sovet
    finally:
        sovet.db.engine.dispose()


@dataclass(frozen=True)
class Works:
    """The works (Ana, Boris, Lev), founded a month ago, fills one seat in 'north'."""

    home: Path
    members: dict[str, Member]
    receipts: dict[str, str] = field(default_factory=dict)
    """Each member's receipt in the last election held."""

    def election(self, *, days_ago: float) -> int:
        """An election opened ``days_ago`` days ago over the charter's periods: its
        nominations (Ana and Boris stand), then its voting, in which everyone ranks Boris
        first an hour after the nominations close."""
        ana, boris = self.members["Ana"], self.members["Boris"]
        with instance_at(self.home, days_ago) as sovet, sovet.db.transaction() as store:
            election = open_election(store, OpenElection("north", "works"), actor=ana)
            for member in (ana, boris):
                nominate(store, Nominate(election.id, member.id), actor=member)
        voting = election.nominations_close + timedelta(hours=1)
        with instance_then(self.home, voting) as sovet:
            for member in self.members.values():
                with sovet.db.transaction() as store:
                    ranking = (boris.id, ana.id)
                    request = CastRankedBallot(election.id, ranking)
                    cast = cast_ranked_ballot(store, request, actor=member)
                    self.receipts[member.name] = cast.receipt
        return election.id


@pytest.fixture
def works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Works:
    monkeypatch.setenv("SOVET_DATABASE_URL", f"sqlite:///{tmp_path / 'sovet.db'}")
    monkeypatch.setenv("SOVET_PASSWORD", PASSWORD)
    members = {}
    with instance_at(tmp_path, 30) as sovet:
        for name in NAMES:
            with sovet.db.transaction() as store:
                members[name] = register_member(
                    store, RegisterMember(name, f"{name.lower()}@works.example", PASSWORD)
                )
        with sovet.db.transaction() as store:
            ana = members["Ana"]
            found_base_council(store, FoundBaseCouncil("works", "Works", "Works"), actor=ana)
            for name in NAMES[1:]:
                admit_member(store, AdmitMember("works", members[name].id), actor=ana)
            found_delegate_council(
                store, FoundDelegateCouncil("north", "North", "works", seats=1), actor=ana
            )
    return Works(tmp_path, members)


def election_cli(works: Works, *args: str, who: str | None = "Ana") -> Result:
    acting = [] if who is None else ["--as", f"{who.lower()}@works.example"]
    return runner.invoke(app, [*args, *acting, "--home", str(works.home)])


def test_closing_an_election_counts_it_and_show_prints_the_full_report(works: Works) -> None:
    election = works.election(days_ago=25)
    closed = election_cli(works, "close", str(election), who="Lev")
    assert closed.exit_code == 0, closed.output
    lines = closed.output.splitlines()
    assert lines[0] == f"election {election}: 1 seat of Works in North, by stv"
    assert lines[1] == "phase      counted"
    boris, ana = works.members["Boris"].id, works.members["Ana"].id
    assert f"  {ana:>6}  Ana  2. substitute" in lines
    assert f"  {boris:>6}  Boris  1. elected" in lines
    assert "turnout    3 of 3" in lines
    shown = election_cli(works, "show", str(election), "--report", who=None)
    assert shown.exit_code == 0, shown.output
    assert "Droop" in shown.output or "quota" in shown.output


def test_opening_nominating_and_a_ballot_before_voting_opens(works: Works) -> None:
    snap = election_cli(works, "open", "north", "--constituency", "works", "--voting-days", "3")
    assert snap.exit_code == 2
    assert (
        "voting_days: a whole number of days from 7 (the charter's voting period is 7 days)"
        in snap.output
    )
    opened = election_cli(
        works, "open", "north", "--constituency", "works", "--nomination-days", "20"
    )
    assert opened.exit_code == 0, opened.output
    election = opened.output.split()[1]
    assert "1 seat by stv" in opened.output
    boris = works.members["Boris"].id
    nominated = election_cli(works, "nominate", election, str(boris))
    assert nominated.output == (
        f"Boris (member {boris}) nominated in election {election}: waiting for their consent\n"
    )
    consented = election_cli(works, "consent", election, who="Boris")
    assert consented.output == f"Boris stands in election {election}\n"
    early = election_cli(works, "ballot", election, str(boris), who="Lev")
    assert early.exit_code == 2
    assert early.output.startswith(f"error: voting in election {election} opens at ")
    office = election_cli(works, "open", "works", "--constituency", "works", "--office", "chair")
    assert office.exit_code == 2
    assert "the charter of Works has no office 'chair'" in office.output


def test_show_counts_the_electors_in_nominations_and_from_the_opening_of_voting(
    works: Works,
) -> None:
    """During nominations, the register as it stands; once they close, before anyone has
    voted (the opening is carried out at the first act), its turnout of that register."""
    ana = works.members["Ana"]
    with instance_at(works.home, 16) as sovet, sovet.db.transaction() as store:
        election = open_election(store, OpenElection("north", "works"), actor=ana)
        nominate(store, Nominate(election.id, ana.id), actor=ana)
    voting = election_cli(works, "show", str(election.id), who=None)
    assert voting.exit_code == 0, voting.output
    assert "phase      voting" in voting.output.splitlines()
    assert "turnout    0 of 3" in voting.output.splitlines()
    [frozen_yet] = [e.eligible for e in elections_of(works, election.id)]
    assert frozen_yet is None, "nothing was written: the count is the register as it stands"

    with instance_at(works.home, 0) as sovet, sovet.db.transaction() as store:
        found_delegate_council(store, FoundDelegateCouncil("south", "South", "works"), actor=ana)
        nominating = open_election(store, OpenElection("south", "works"), actor=ana)
    shown = election_cli(works, "show", str(nominating.id), who=None)
    assert (
        "electors   3 on the register as it stands; it is frozen when voting opens"
        in shown.output.splitlines()
    )
    assert "turnout" not in shown.output


def test_a_member_is_named_by_their_e_mail_wherever_the_commands_ask_for_one(
    works: Works,
) -> None:
    """Ana nominates Lev by the address she has for him, not a number she cannot look
    up; Lev ranks the candidates of an election in its voting by their addresses too."""
    ana, boris, lev = works.members["Ana"], works.members["Boris"], works.members["Lev"]
    with instance_at(works.home, 15) as sovet, sovet.db.transaction() as store:
        south = FoundDelegateCouncil("south", "South", "works", seats=1)
        found_delegate_council(store, south, actor=ana)
        voting = open_election(store, OpenElection("south", "works"), actor=ana)
        for member in (ana, boris):
            nominate(store, Nominate(voting.id, member.id), actor=member)
    opened = election_cli(works, "open", "north", "--constituency", "works")
    election = opened.output.split()[1]
    nominated = election_cli(works, "nominate", election, " Lev@Works.example ")
    assert nominated.output == (
        f"Lev (member {lev.id}) nominated in election {election}: waiting for their consent\n"
    )
    ballot = election_cli(
        works, "ballot", str(voting.id), "boris@works.example", str(ana.id), who="Lev"
    )
    assert ballot.exit_code == 0, ballot.output
    assert ballot.output.startswith(f"ranked {boris.id} {ana.id} in election {voting.id}\n")


@pytest.mark.parametrize(
    ("command", "given", "said"),
    [
        ("nominate", "nobody@works.example", "member: no member has the e-mail address "),
        ("nominate", "9999", "member: there is no member 9999"),
        ("nominate", "Lev", "member: 'Lev' is neither an e-mail address nor a member's number"),
        ("nominate", "lev@works", "member: 'lev@works' is not an e-mail address"),
        ("ballot", "nobody@works.example", "ranking: no member has the e-mail address "),
    ],
)
def test_a_member_named_by_an_unknown_address_or_number_is_refused_in_one_line(
    works: Works, command: str, given: str, said: str
) -> None:
    opened = election_cli(works, "open", "north", "--constituency", "works")
    election = opened.output.split()[1]
    refused = election_cli(works, command, election, given)
    assert refused.exit_code == 2
    assert refused.output.startswith(f"error: {said}")
    assert refused.output.count("\n") == 1


def test_show_writes_the_counted_ballots_as_blt_that_count_again_alike(works: Works) -> None:
    election = works.election(days_ago=25)
    blt = works.home / "ballots.blt"
    early = election_cli(works, "show", str(election), "--blt", str(blt), who=None)
    assert early.exit_code == 2
    assert (
        early.output
        == f"error: election {election} has no counted ballots to write: it is not counted\n"
    )
    assert not blt.exists()
    assert election_cli(works, "close", str(election), who="Lev").exit_code == 0
    shown = election_cli(works, "show", str(election), "--blt", str(blt), who=None)
    assert shown.exit_code == 0, shown.output
    *_, written = shown.output.splitlines()
    command = written.split("count them again with: ")[1].split()
    assert command[:3] == ["sovet", "count", str(blt)]
    recount = runner.invoke(cli_app, [*command[1:], "--json"])
    assert recount.exit_code == 0, recount.output
    assert json.loads(recount.output)["elected"] == [f"Boris #{works.members['Boris'].id}"]


def test_while_a_seat_is_vacant_next_term_opens_the_next_terms_election(works: Works) -> None:
    """Boris, elected, stands down, and so does Ana, his substitute: the seat's
    by-election opens by itself, a second election of the seat is refused saying how to
    open the next term's, and ``--next-term`` opens it, from the day their term ends."""
    election = works.election(days_ago=25)
    assert election_cli(works, "close", str(election), who="Lev").exit_code == 0
    for name in ("Boris", "Ana"):
        with instance_at(works.home, 0) as sovet, sovet.db.transaction() as store:
            north = store.council_by_slug("north")
            assert north is not None
            [seat] = [m for m in store.mandates_in(north.id) if m.ended_on is None]
            stand_down(store, StandDown(seat.id), actor=works.members[name])
    again = election_cli(works, "open", "north", "--constituency", "works")
    assert again.exit_code == 2
    assert again.output.endswith("or is opened for the next term\n")
    opened = election_cli(works, "open", "north", "--constituency", "works", "--next-term")
    assert opened.exit_code == 0, opened.output
    assert opened.output.startswith("election ")
    assert f"1 seat by stv from {seat.ends.isoformat()};" in opened.output


def elections_of(works: Works, *ids: int) -> list[Election]:
    with instance_at(works.home, 0) as sovet, sovet.db.reading() as store:
        return [election_named(store, election) for election in ids]


def test_list_shows_a_councils_elections_where_they_stand_and_whom_they_elected(
    works: Works,
) -> None:
    none_yet = election_cli(works, "list", "north", who=None)
    assert none_yet.output == "no election has been held in North yet\n"
    first = works.election(days_ago=25)
    [ended] = elections_of(works, first)
    heading = f"  election {first}: 1 seat of Works in North, by stv; term from "
    waiting = election_cli(works, "list", "north", who=None).output.splitlines()
    assert waiting == [
        "elections of North, newest first: 1",
        f"{heading}{ended.term_starts.isoformat()}",
        f"    voting ended {when(ended.closes)}: it is counted when a member closes it "
        f"(sovet election close {first})",
    ]
    assert election_cli(works, "close", str(first), who="Lev").exit_code == 0
    opened = election_cli(works, "open", "north", "--constituency", "works", "--next-term")
    assert opened.exit_code == 0, opened.output
    second = int(opened.output.split()[1])
    counted, nominating = elections_of(works, first, second)
    assert counted.closed is not None
    listing = election_cli(works, "list", "works", who=None)
    assert listing.exit_code == 0, listing.output
    assert listing.output.splitlines()[0] == "elections of Works, newest first: 2"
    assert listing.output.splitlines()[1:] == [
        f"  election {second}: 1 seat of Works in North, by stv; term from "
        f"{nominating.term_starts.isoformat()}",
        f"    nominating until {when(nominating.nominations_close)}; "
        f"voting until {when(nominating.closes)}",
        f"{heading}{counted.term_starts.isoformat()}",
        f"    counted {when(counted.closed)}: elected Boris; 3 of 3 voted",
    ]


def test_list_shows_an_election_nobody_stood_in_as_lapsed(works: Works) -> None:
    with instance_at(works.home, 25) as sovet, sovet.db.transaction() as store:
        opened = open_election(store, OpenElection("north", "works"), actor=works.members["Ana"])
    assert election_cli(works, "close", str(opened.id), who="Lev").exit_code == 0
    [lapsed] = elections_of(works, opened.id)
    assert lapsed.closed is not None
    listing = election_cli(works, "list", "north", who=None)
    assert listing.output.splitlines()[-1] == (
        f"    lapsed {when(lapsed.closed)}: nobody stood, so no vote was held"
    )


def test_list_refuses_a_council_there_is_not_in_one_line(works: Works) -> None:
    result = election_cli(works, "list", "south", who=None)
    assert (result.exit_code, result.output) == (2, "error: there is no council 'south'\n")


def test_check_receipt_finds_a_ballot_among_those_published_and_says_how_it_ranked(
    works: Works,
) -> None:
    election = works.election(days_ago=25)
    receipt = works.receipts["Lev"]
    early = election_cli(works, "check-receipt", str(election), receipt, who=None)
    assert (early.exit_code, early.output) == (
        2,
        f"error: election {election} is not closed yet: its ballots are published, "
        "and receipts checked, when it closes\n",
    )
    assert election_cli(works, "close", str(election), who="Lev").exit_code == 0
    found = election_cli(works, "check-receipt", str(election), receipt, who=None)
    assert (found.exit_code, found.output) == (
        0,
        f"your ballot is among those published and counted in election {election}, "
        "ranking: Boris, Ana\n",
    )
    asked = runner.invoke(
        app, ["check-receipt", str(election), "--home", str(works.home)], input=f"{receipt}\n"
    )
    assert asked.exit_code == 0, asked.output
    assert receipt not in asked.output, "typed without being shown"
    assert asked.output.endswith("ranking: Boris, Ana\n")


def test_check_receipt_says_so_with_exit_code_1_where_no_published_ballot_has_it(
    works: Works,
) -> None:
    election = works.election(days_ago=25)
    assert election_cli(works, "close", str(election), who="Lev").exit_code == 0
    unknown = "A" * 43
    result = election_cli(works, "check-receipt", str(election), unknown, who=None)
    assert (result.exit_code, result.output) == (
        1,
        "no ballot with this receipt is among the ballots published at the close of "
        f"election {election}\n",
    )


@pytest.mark.parametrize("receipt", ["A" * 42, "A" * 44, "A" * 42 + "=", "not a receipt"])
def test_check_receipt_refuses_what_is_no_receipt_in_one_line(works: Works, receipt: str) -> None:
    election = works.election(days_ago=25)
    result = election_cli(works, "check-receipt", str(election), receipt, who=None)
    assert (result.exit_code, result.output) == (
        2,
        "error: that is not a receipt: a receipt is 43 letters, digits, '-' and '_', "
        "as your ballot printed it\n",
    )


def test_check_receipt_refuses_an_election_there_is_not_or_that_lapsed(works: Works) -> None:
    receipt = "A" * 43
    missing = election_cli(works, "check-receipt", "999", receipt, who=None)
    assert (missing.exit_code, missing.output) == (2, "error: there is no election 999\n")
    with instance_at(works.home, 25) as sovet, sovet.db.transaction() as store:
        opened = open_election(store, OpenElection("north", "works"), actor=works.members["Ana"])
    assert election_cli(works, "close", str(opened.id), who="Lev").exit_code == 0
    lapsed = election_cli(works, "check-receipt", str(opened.id), receipt, who=None)
    assert (lapsed.exit_code, lapsed.output) == (
        2,
        f"error: election {opened.id} lapsed: nobody stood, so no vote was held\n",
    )
