"""``sovet motion ...``: filing, supporting, amending, voting and closing from the command
line, reading a motion and an agenda; and each command's refusal, in one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.domain.members import Member
from sovet.motions_cli import app
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot
from sovet.services.support_motion import SupportMotion, support_motion

runner = CliRunner()
PASSWORD = "a long enough passphrase"
TEXT = "The works moves to a six hour shift."
NAMES = ("Ana", "Boris", "Vera", "Gleb", "Dasha")


@contextmanager
def instance_at(home: Path, days_ago: float) -> Iterator[Sovet]:
    """The instance with its clock ``days_ago`` days back: the commands, run now, find
    agenda and voting periods that began then."""
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    sovet = bootstrap(Settings.from_environment(home), clock=lambda: moment)
    try:
        yield sovet
    finally:
        sovet.db.engine.dispose()


@dataclass(frozen=True)
class Works:
    """The tractor works, a base council of five founded a month ago: two supporters put
    a motion on the agenda, and votes open 14 days later, for 7 days."""

    home: Path
    members: dict[str, Member]

    def motion(self, *, days_ago: float, supported: bool = True, secret: bool = False) -> int:
        """A motion Ana filed ``days_ago`` days ago, supported by Boris then."""
        ana, boris = self.members["Ana"], self.members["Boris"]
        with instance_at(self.home, days_ago) as sovet, sovet.db.transaction() as store:
            motion = file_motion(
                store,
                FileMotion("tractor-works", "Six hour shifts", TEXT, "workplace_organisation"),
                actor=ana,
            )
            if secret:
                request_secret_ballot(store, RequestSecretBallot(motion.id), actor=ana)
            if supported:
                support_motion(store, SupportMotion(motion.id), actor=boris)
        return motion.id

    def vote(self, *, days_ago: float, secret: bool = False) -> int:
        """The vote on a motion, opened ``days_ago`` days ago (it runs for 7)."""
        motion = self.motion(days_ago=days_ago + 14, secret=secret)
        with instance_at(self.home, days_ago) as sovet, sovet.db.transaction() as store:
            [vote] = open_vote(store, OpenVote(motion), actor=self.members["Ana"])
        return vote.id

    def cast(self, vote: int, *, days_ago: float, **choices: str) -> dict[str, str | None]:
        """Each member's choice cast ``days_ago`` days ago; their receipts, by name."""
        receipts = {}
        with instance_at(self.home, days_ago) as sovet:
            for name, choice in choices.items():
                with sovet.db.transaction() as store:
                    done = cast_vote(store, CastVote(vote, choice), actor=self.members[name])
                receipts[name] = done.receipt
        return receipts

    def record(self) -> list[str]:
        with instance_at(self.home, 0) as sovet:
            return [entry.kind for entry in sovet.db.entries()]


@pytest.fixture
def works(backend_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Works:
    monkeypatch.setenv("SOVET_DATABASE_URL", backend_url)
    monkeypatch.setenv("SOVET_PASSWORD", PASSWORD)
    members = {}
    with instance_at(tmp_path, 30) as sovet:
        for name in NAMES:
            with sovet.db.transaction() as store:
                members[name] = register_member(
                    store, RegisterMember(name, f"{name.lower()}@works.example", PASSWORD)
                )
        with sovet.db.transaction() as store:
            found_base_council(
                store,
                FoundBaseCouncil(
                    "tractor-works",
                    "Tractor Works",
                    "Tractor Works",
                    charter={"support_threshold": 0.4},
                ),
                actor=members["Ana"],
            )
            for name in NAMES[1:]:
                admit_member(
                    store, AdmitMember("tractor-works", members[name].id), actor=members["Ana"]
                )
    return Works(tmp_path, members)


def motion_cli(works: Works, *args: str, who: str | None = "Ana") -> Result:
    acting = [] if who is None else ["--as", f"{who.lower()}@works.example"]
    return runner.invoke(app, [*args, *acting, "--home", str(works.home)])


def refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output == f"error: {message}\n"


def test_filing_a_motion_prints_it_and_the_support_it_still_needs(works: Works) -> None:
    result = motion_cli(
        works,
        "file",
        "tractor-works",
        "--title",
        "Six hour shifts",
        "--text",
        TEXT,
        "--matter",
        "workplace_organisation",
    )
    assert result.exit_code == 0, result.output
    motion = works.record().index("motion.filed")
    assert result.output.splitlines() == [
        f"filed motion {motion} in tractor-works: Six hour shifts",
        "gathering support: 1 of the 2 supporters it needs",
    ]


def test_filing_outside_the_councils_competence_is_refused_in_one_line(works: Works) -> None:
    before = works.record()
    result = motion_cli(
        works,
        "file",
        "tractor-works",
        "--title",
        "A new rail line",
        "--text",
        "Build it.",
        "--matter",
        "rail_planning",
    )
    refused(
        result,
        "Tractor Works cannot decide 'rail planning': it is outside the competence its "
        "charter gives it; no council's charter lists it",
    )
    assert works.record() == before


def test_a_motion_without_its_matter_is_refused_naming_what_the_council_decides(
    works: Works,
) -> None:
    before = works.record()
    result = motion_cli(works, "file", "tractor-works", "--title", "Shifts", "--text", TEXT)
    assert result.exit_code == 2
    assert result.output.startswith(
        "error: --matter: name the kind of matter it decides; tractor-works decides "
    )
    assert "workplace_organisation" in result.output and result.output.count("\n") == 1
    assert works.record() == before


def test_a_charter_amendment_is_filed_from_its_changes_as_json(
    works: Works, tmp_path: Path
) -> None:
    text = tmp_path / "quorum.md"
    text.write_text("Raise the quorum to three fifths.", encoding="utf-8")
    result = motion_cli(
        works,
        "file",
        "tractor-works",
        "--title",
        "A higher quorum",
        "--text-file",
        str(text),
        "--charter",
        '{"quorum": 0.6}',
    )
    assert result.exit_code == 0, result.output
    show = motion_cli(works, "show", result.output.split()[2], who=None)
    assert "matter     charter" in show.output
    assert "Raise the quorum to three fifths." in show.output


def test_a_charter_amendment_that_is_not_json_is_refused_before_logging_in(works: Works) -> None:
    result = motion_cli(
        works, "file", "tractor-works", "--title", "Quorum", "--text", "x", "--charter", "{quorum"
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: --charter: not JSON (")
    assert len(result.output.splitlines()) == 1


def test_supporting_a_motion_to_its_threshold_puts_it_on_the_agenda(works: Works) -> None:
    motion = works.motion(days_ago=0, supported=False)
    result = motion_cli(works, "support", str(motion), who="Vera")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"supported motion {motion}"
    due = (datetime.now(UTC) + timedelta(days=14)).strftime("%Y-%m-%d")
    assert lines[1].startswith(f"on the agenda: its vote opens at {due} ")


def test_supporting_a_motion_twice_is_refused(works: Works) -> None:
    motion = works.motion(days_ago=0, supported=False)
    refused(
        motion_cli(works, "support", str(motion), who="Ana"),
        "Ana already supports the motion 'Six hour shifts'",
    )


def test_amending_a_motion_prints_the_amendment(works: Works) -> None:
    motion = works.motion(days_ago=0)
    result = motion_cli(
        works, "amend", str(motion), "--original", "six hour", "--replacement", "seven hour"
    )
    assert result.exit_code == 0, result.output
    amendment = len(works.record()) - 1
    assert result.output == f"proposed amendment {amendment} to motion {motion}\n"
    show = motion_cli(works, "show", str(motion), who=None)
    assert (
        f"amendment {amendment} (waiting for its vote) by Ana: 'six hour' -> 'seven hour'"
        in show.output
    )


def test_an_amendment_whose_passage_is_not_in_the_text_is_refused(works: Works) -> None:
    motion = works.motion(days_ago=0)
    refused(
        motion_cli(
            works, "amend", str(motion), "--original", "eight hour", "--replacement", "six hour"
        ),
        "original: the passage 'eight hour' does not occur in the motion's text; quote it "
        "exactly as the text has it",
    )


def test_opening_a_due_vote_prints_it_and_when_it_closes(works: Works) -> None:
    motion = works.motion(days_ago=20)
    result = motion_cli(works, "open", str(motion), who="Gleb")
    assert result.exit_code == 0, result.output
    vote = works.record().index("vote.opened")
    closes = (datetime.now(UTC) + timedelta(days=7)).strftime("%Y-%m-%d")
    assert result.output.startswith(f"vote {vote} is open until {closes} ")
    assert result.output.endswith(": the motion\n")


def test_opening_a_vote_before_the_agenda_period_ends_is_refused(works: Works) -> None:
    motion = works.motion(days_ago=1)
    result = motion_cli(works, "open", str(motion))
    assert result.exit_code == 2
    assert result.output.startswith("error: voting on 'Six hour shifts' opens at ")
    assert result.output.endswith("when the agenda period of Tractor Works's charter ends\n")


def test_voting_prints_the_choice(works: Works) -> None:
    vote = works.vote(days_ago=1)
    result = motion_cli(works, "vote", str(vote), "no", who="Vera")
    assert result.exit_code == 0, result.output
    assert result.output == f"voted no in vote {vote}\n"
    assert works.record()[-1] == "vote.cast"


def test_a_secret_ballot_prints_the_voters_receipt(works: Works) -> None:
    vote = works.vote(days_ago=1, secret=True)
    result = motion_cli(works, "vote", str(vote), "yes", who="Vera")
    assert result.exit_code == 0, result.output
    voted, receipt = result.output.splitlines()
    assert voted == f"voted yes in vote {vote}"
    assert receipt.startswith("receipt ")
    assert receipt.endswith("(keep it to check that your ballot was counted)")


def test_voting_twice_is_refused(works: Works) -> None:
    vote = works.vote(days_ago=1)
    works.cast(vote, days_ago=0.5, Vera="yes")
    refused(
        motion_cli(works, "vote", str(vote), "no", who="Vera"),
        f"Vera has already voted in vote {vote}",
    )


def test_closing_a_vote_whose_time_is_up_prints_its_result(works: Works) -> None:
    vote = works.vote(days_ago=8)
    works.cast(vote, days_ago=7.5, Ana="yes", Boris="yes", Vera="yes", Gleb="no")
    result = motion_cli(works, "close", str(vote), who="Dasha")
    assert result.exit_code == 0, result.output
    assert result.output == (f"vote {vote} closed: yes 3, no 1, abstain 0; quorum met; passed\n")


def test_closing_a_vote_before_its_time_is_refused(works: Works) -> None:
    vote = works.vote(days_ago=1)
    result = motion_cli(works, "close", str(vote))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: vote {vote} is open until ")


def test_check_receipt_finds_a_secret_ballot_among_those_published_and_says_its_choice(
    works: Works,
) -> None:
    vote = works.vote(days_ago=8, secret=True)
    receipts = works.cast(vote, days_ago=7.5, Ana="yes", Boris="no", Vera="yes")
    receipt = receipts["Boris"]
    assert receipt is not None
    early = motion_cli(works, "check-receipt", str(vote), receipt, who=None)
    refused(
        early,
        f"vote {vote} is not closed yet: its ballots are published, and receipts checked, "
        "when it closes",
    )
    assert motion_cli(works, "close", str(vote), who="Dasha").exit_code == 0
    found = motion_cli(works, "check-receipt", str(vote), receipt, who=None)
    assert (found.exit_code, found.output) == (
        0,
        f"your ballot is among those published and counted in vote {vote} on the motion, as no\n",
    )
    asked = runner.invoke(
        app, ["check-receipt", str(vote), "--home", str(works.home)], input=f"{receipt}\n"
    )
    assert asked.exit_code == 0, asked.output
    assert receipt not in asked.output, "typed without being shown"
    assert asked.output.endswith(f"in vote {vote} on the motion, as no\n")


@pytest.mark.parametrize("receipt", ["A" * 43, "-_" + "A" * 41])
def test_check_receipt_says_so_with_exit_code_1_where_no_published_ballot_has_it(
    works: Works, receipt: str
) -> None:
    """A receipt beginning with '-' is read as a receipt, not as an option."""
    vote = works.vote(days_ago=8, secret=True)
    works.cast(vote, days_ago=7.5, Ana="yes", Boris="no", Vera="yes")
    assert motion_cli(works, "close", str(vote), who="Dasha").exit_code == 0
    result = motion_cli(works, "check-receipt", str(vote), receipt, who=None)
    assert (result.exit_code, result.output) == (
        1,
        f"no ballot with this receipt is among the ballots published when vote {vote} closed\n",
    )


@pytest.mark.parametrize("receipt", ["A" * 42, "A" * 44, "A" * 42 + "=", "not a receipt"])
def test_check_receipt_refuses_what_is_no_receipt_in_one_line(works: Works, receipt: str) -> None:
    vote = works.vote(days_ago=8, secret=True)
    refused(
        motion_cli(works, "check-receipt", str(vote), receipt, who=None),
        "that is not a receipt: a receipt is 43 letters, digits, '-' and '_', "
        "as your ballot printed it",
    )


def test_check_receipt_refuses_a_vote_there_is_not_or_that_was_named(works: Works) -> None:
    receipt = "A" * 43
    refused(motion_cli(works, "check-receipt", "999", receipt, who=None), "there is no vote 999")
    vote = works.vote(days_ago=8)
    works.cast(vote, days_ago=7.5, Ana="yes", Boris="no", Vera="yes")
    assert motion_cli(works, "close", str(vote), who="Dasha").exit_code == 0
    refused(
        motion_cli(works, "check-receipt", str(vote), receipt, who=None),
        f"vote {vote} is not secret: it gave no receipts, and the record shows how each "
        "member voted",
    )


def test_show_prints_the_motion_its_supporters_and_its_vote(works: Works) -> None:
    vote = works.vote(days_ago=1)
    works.cast(vote, days_ago=0.5, Vera="yes", Gleb="abstain")
    motion = works.record().index("motion.filed")
    result = motion_cli(works, "show", str(motion), who=None)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"motion {motion}: Six hour shifts"
    assert "council    tractor-works (Tractor Works)" in lines
    assert "supporters Ana, Boris" in lines
    assert TEXT in lines
    assert any(
        line.startswith(f"vote {vote} on the motion: yes 1, no 0, abstain 1; open until ")
        for line in lines
    )


def test_showing_a_motion_that_does_not_exist_is_refused(works: Works) -> None:
    refused(motion_cli(works, "show", "999", who=None), "there is no motion 999")


def test_an_id_beyond_what_the_storage_holds_is_refused(works: Works) -> None:
    result = motion_cli(works, "show", str(2**63), who=None)
    assert result.exit_code == 2
    assert "2147483647" in result.output


def test_the_agenda_lists_motions_by_where_they_stand(works: Works) -> None:
    vote = works.vote(days_ago=1)
    voting = works.record().index("motion.filed")
    gathering = works.motion(days_ago=0, supported=False)
    result = motion_cli(works, "agenda", "tractor-works", who=None)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert lines[0] == "agenda of Tractor Works"
    gathering_at = lines.index("gathering support: 1")
    assert lines[gathering_at + 1] == f"{gathering}  Six hour shifts  (1 of 2 supporters)"
    voting_at = lines.index("being voted on: 1")
    assert lines[voting_at + 1].startswith(
        f"{voting}  Six hour shifts  (being voted on, vote {vote}: yes 0, no 0, abstain 0; "
        "open until "
    )
    assert lines[-1] == "decided: 0"


def test_a_motion_whose_vote_is_due_says_so_and_how_to_open_it(works: Works) -> None:
    """Its agenda period ended a day ago, and no act in the council has opened its vote
    yet: the command it names opens it."""
    due = works.motion(days_ago=15)
    since = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    shown = motion_cli(works, "show", str(due), who=None)
    assert shown.exit_code == 0, shown.output
    [state] = [line for line in shown.output.splitlines() if line.startswith("state ")]
    assert state.startswith(f"state      on the agenda: its vote is due (since {since} ")
    assert state.endswith(
        f"any member of Tractor Works may open it now, with sovet motion open {due} --as EMAIL, "
        "and the next act of any member opens it"
    )
    assert "opens at" not in shown.output
    agenda = motion_cli(works, "agenda", "tractor-works", who=None)
    lines = [line.strip() for line in agenda.output.splitlines()]
    scheduled = lines[lines.index("on the agenda: 1") + 1]
    assert scheduled.startswith(f"{due}  Six hour shifts  (vote due since {since} ")
    assert scheduled.endswith(f": open it with sovet motion open {due} --as EMAIL)")

    command = state.split("with sovet motion ")[1].split(",")[0].split()
    assert command[-2:] == ["--as", "EMAIL"]
    opened = motion_cli(works, *command[:-2], who="Vera")
    assert opened.exit_code == 0, opened.output
    assert opened.output.startswith("vote ") and ": the motion" in opened.output


def test_show_says_in_words_that_a_motion_is_being_voted_on(works: Works) -> None:
    vote = works.vote(days_ago=1)
    motion = works.record().index("motion.filed")
    lines = motion_cli(works, "show", str(motion), who=None).output.splitlines()
    assert any(line.startswith(f"state      being voted on: vote {vote} until ") for line in lines)


def test_the_agenda_of_a_council_that_does_not_exist_is_refused(works: Works) -> None:
    refused(motion_cli(works, "agenda", "forge", who=None), "there is no council 'forge'")


def test_acting_with_a_wrong_password_is_refused(
    works: Works, monkeypatch: pytest.MonkeyPatch
) -> None:
    motion = works.motion(days_ago=0, supported=False)
    monkeypatch.setenv("SOVET_PASSWORD", "not the password")
    refused(motion_cli(works, "support", str(motion), who="Vera"), "wrong e-mail or password")
