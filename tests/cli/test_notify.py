"""``sovet notify``: an e-mail, through a real SMTP server (aiosmtpd), to each member who
can act in what opened (a motion on the agenda, a vote, an election's voting or
nominations, a recall petition),
once each; neither the member whose act opened it nor one who turned the notices off
gets one; the refusals in one line, and a mail server that is down costs no notice."""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import INBOX_SITE, Clock, Inbox, delegates_elected_on, free_port
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.cli import app
from sovet.domain.members import Member
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.leave_council import LeaveCouncil, leave_council
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.petition_recall import PetitionRecall, petition_recall
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.set_notices import SetNotices, set_notices

runner = CliRunner()
PASSWORD = "a long enough passphrase"
SITE = INBOX_SITE


@dataclass(frozen=True)
class Opened:
    home: Path
    motion: int
    vote: int
    closes: datetime
    members: dict[str, int]
    """Each member's id by e-mail address."""


@dataclass(frozen=True)
class Founded:
    """The works on a clock the test moves on (the record's times follow its order)."""

    sovet: Sovet
    clock: Clock
    members: dict[str, int]

    def members_named(self, *names: str) -> list[Member]:
        with self.sovet.db.reading() as store:
            found = [store.member(self.members[f"{name}@works.example"]) for name in names]
        assert all(found)
        return [member for member in found if member is not None]

    def ago(self, **delta: float) -> None:
        """Move the clock on to ``delta`` before now (to now, given none)."""
        moment = datetime.now(UTC) - timedelta(**delta)
        assert moment >= self.clock.moment, "the clock only moves on"
        self.clock.moment = moment


@pytest.fixture
def founded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Founded:
    """The works (Ana, Boris, Lev, Vera; a motion's agenda takes a day; a recall petition
    needs two signatures), founded 40 days ago; Lev turned the notices off."""
    monkeypatch.setenv("SOVET_DATABASE_URL", f"sqlite:///{tmp_path / 'sovet.db'}")
    clock = Clock(datetime.now(UTC) - timedelta(days=40))
    sovet = bootstrap(Settings.from_environment(tmp_path), clock=clock)
    with sovet.db.transaction() as store:
        ana, boris, lev, vera = (
            register_member(store, RegisterMember(name, f"{name.lower()}@works.example", PASSWORD))
            for name in ("Ana", "Boris", "Lev", "Vera")
        )
        charter = {"recall_petition_threshold": 0.5, "agenda_period_days": 1}
        found_base_council(store, FoundBaseCouncil("works", "Works", "Works", charter), actor=ana)
        for member in (boris, lev, vera):
            admit_member(store, AdmitMember("works", member.id), actor=ana)
        set_notices(store, SetNotices(False), actor=lev)
    members = {f"{m.name.lower()}@works.example": m.id for m in (ana, boris, lev, vera)}
    return Founded(sovet, clock, members)


def open_the_vote(founded: Founded, hours_ago: float = 1) -> Opened:
    """Ana files a motion, and opens its vote a day later, ``hours_ago`` (an hour ago
    unless told), after whatever the test did before."""
    [ana] = founded.members_named("ana")
    founded.ago(hours=hours_ago + 24)
    request = FileMotion("works", "Six hour shifts", "Six hours.", "workplace_organisation")
    with founded.sovet.db.transaction() as store:
        motion = file_motion(store, request, actor=ana)
    founded.ago(hours=hours_ago)
    with founded.sovet.db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion.id), actor=ana)
    home = founded.sovet.settings.home
    return Opened(home, motion.id, vote.id, vote.closes, founded.members)


@pytest.fixture
def opened(founded: Founded) -> Opened:
    """The works opened a vote on Ana's motion an hour ago."""
    return open_the_vote(founded)


def notify(opened: Opened) -> Result:
    return runner.invoke(app, ["notify", "--home", str(opened.home)])


def test_each_member_on_the_register_gets_one_notice_and_only_once(
    inbox: Inbox, opened: Opened
) -> None:
    sent = notify(opened)
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines()[-1] == "sent 2 notices of 1 opening"
    assert inbox.to() == ["boris@works.example", "vera@works.example"]
    for recipients, message in inbox.messages:
        assert message["To"] == recipients[0]
        assert message["From"] == "sovet <council@works.example>"
        assert message["Subject"] == "Voting is open: the vote on 'Six hour shifts' in Works"
        text = " ".join(message.get_payload(decode=True).decode().split())
        assert f" {SITE}/motions/{opened.motion}#vote-{opened.vote} " in text
        assert f"by named vote, until {opened.closes:%Y-%m-%d %H:%M} UTC:" in text
        assert text.endswith(f" {SITE}/members/{opened.members[recipients[0]]}#notices")
    again = notify(opened)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == "sent 0 notices of 0 openings"
    assert len(inbox.messages) == 2


def test_a_mail_server_that_is_down_costs_no_notice(
    inbox: Inbox, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("SOVET_SMTP_URL", f"smtp://127.0.0.1:{port}?starttls=no")
    down = notify(opened)
    assert down.exit_code == 1
    assert down.output.splitlines()[-1].startswith(f"error: the mail server at 127.0.0.1:{port}: ")
    monkeypatch.setenv("SOVET_SMTP_URL", inbox.url)
    sent = notify(opened)
    assert sent.exit_code == 0, sent.output
    assert inbox.to() == ["boris@works.example", "vera@works.example"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SOVET_SMTP_URL", "", "no smtp_url: set SOVET_SMTP_URL, or smtp_url in "),
        ("SOVET_SMTP_URL", "imap://mail.example", "smtp_url: must be smtp://"),
        ("SOVET_SMTP_URL", "smtp://mail.example:99999", "smtp_url: the port is not a number"),
        ("SOVET_PUBLIC_URL", "sovet.example", "public_url: must start with https://"),
        ("SOVET_MAIL_FROM", "", "no mail_from: set SOVET_MAIL_FROM"),
        ("SOVET_MAIL_FROM", "not an address", "mail_from: 'not an address' is not an e-mail"),
        ("SOVET_MAIL_FROM", "a@works.example, b@works.example", "mail_from: 'a@works.example, b"),
        ("SOVET_MAIL_FROM", "Works <council@>", "mail_from: 'Works <council@>' is not an e-mail"),
        ("SOVET_MAIL_FROM", "council@works.example x", "mail_from: 'council@works.example x'"),
    ],
)
def test_a_missing_or_wrong_mail_setting_is_refused_in_one_line(
    inbox: Inbox,
    opened: Opened,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
    message: str,
) -> None:
    monkeypatch.setenv(variable, value)
    refused = notify(opened)
    assert refused.exit_code == 2
    [line] = refused.output.splitlines()
    assert line.startswith(f"error: {message}")
    assert inbox.messages == []


def test_a_mail_from_with_a_name_sends_from_that_name(
    inbox: Inbox, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVET_MAIL_FROM", "Local 42 Works Council <council@works.example>")
    sent = notify(opened)
    assert sent.exit_code == 0, sent.output
    assert {message["From"] for _, message in inbox.messages} == {
        "Local 42 Works Council <council@works.example>"
    }


def test_the_electors_hear_when_an_election_takes_votes(inbox: Inbox, founded: Founded) -> None:
    """The works fills a seat in 'north': its election opened 15 days ago; its voting
    opened with the first ballot, an hour ago."""
    founded.ago(days=15)
    ana, boris = founded.members_named("ana", "boris")
    with founded.sovet.db.transaction() as store:
        found_delegate_council(store, FoundDelegateCouncil("north", "North", "works", 1), actor=ana)
        election = open_election(store, OpenElection("north", "works"), actor=ana)
        nominate(store, Nominate(election.id, boris.id), actor=boris)
    opened = open_the_vote(founded)
    with founded.sovet.db.transaction() as store:
        cast_ranked_ballot(store, CastRankedBallot(election.id, (boris.id,)), actor=ana)
    sent = notify(opened)
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines()[-1] == "sent 4 notices of 2 openings"
    about = [m for _, m in inbox.messages if "election" in m["Subject"]]
    assert {m["Subject"] for m in about} == {
        f"Voting is open: election {election.id} of Works's seats in North"
    }
    assert sorted(m["To"] for m in about) == ["boris@works.example", "vera@works.example"]
    text = " ".join(about[0].get_payload(decode=True).decode().split())
    assert f"by secret ranked ballot, until {election.closes:%Y-%m-%d %H:%M} UTC:" in text
    assert f" {SITE}/elections/{election.id} " in text


def test_watching_sends_what_opened_then_waits_the_seconds_given(
    inbox: Inbox, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("sovet.cli.time.sleep", wait)
    watched = runner.invoke(app, ["notify", "--watch", "30", "--home", str(opened.home)])
    assert watched.exit_code == 130  # stopped by the interrupt, as Ctrl-C stops it
    assert waits == [30.0, 30.0]
    assert len(inbox.messages) == 2, "sent once, and nothing more on the second look"
    assert watched.output.count("sent 2 notices of 1 opening") == 1


def test_a_watch_of_no_time_is_refused(inbox: Inbox, opened: Opened) -> None:
    refused = runner.invoke(app, ["notify", "--watch", "0", "--home", str(opened.home)])
    assert refused.exit_code == 2
    assert refused.output == "error: --watch: must be more than 0 seconds\n"


def test_a_constituency_hears_that_its_election_takes_nominations(
    inbox: Inbox, founded: Founded
) -> None:
    opened = open_the_vote(founded)
    founded.ago()
    [ana] = founded.members_named("ana")
    with founded.sovet.db.transaction() as store:
        found_delegate_council(store, FoundDelegateCouncil("north", "North", "works", 1), actor=ana)
        election = open_election(store, OpenElection("north", "works"), actor=ana)
    sent = notify(opened)
    assert sent.exit_code == 0, sent.output
    about = [m for _, m in inbox.messages if m["Subject"].startswith("Nominations")]
    assert {m["Subject"] for m in about} == {
        f"Nominations are open: election {election.id} of Works's seats in North"
    }
    assert sorted(m["To"] for m in about) == ["boris@works.example", "vera@works.example"]
    text = " ".join(about[0].get_payload(decode=True).decode().split())
    assert (
        f"You can stand, or nominate a member, in election {election.id} of Works's seats in "
        f"North until {election.nominations_close:%Y-%m-%d %H:%M} UTC; its voting follows, "
        f"until {election.closes:%Y-%m-%d %H:%M} UTC: {SITE}/elections/{election.id} "
    ) in text


def test_a_constituency_hears_of_a_petition_to_recall_its_delegate(
    inbox: Inbox, founded: Founded
) -> None:
    sovet = founded.sovet
    ana, boris, vera = founded.members_named("ana", "boris", "vera")
    with sovet.db.transaction() as store:
        found_delegate_council(store, FoundDelegateCouncil("north", "North", "works", 1), actor=ana)
    elect = delegates_elected_on(founded.clock)
    [seat] = elect(sovet, "north", "works", [boris], [ana, boris, vera])
    with sovet.db.transaction() as store:
        petition = petition_recall(store, PetitionRecall(seat.id, "He never reports."), actor=vera)
    sent = notify(open_the_vote(founded))
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines()[-1] == "sent 4 notices of 2 openings", "the vote and this"
    about = [m for _, m in inbox.messages if m["Subject"].startswith("A recall petition")]
    assert {m["Subject"] for m in about} == {f"A recall petition is open: {petition.title}"}
    assert sorted(m["To"] for m in about) == ["ana@works.example", "boris@works.example"]
    text = " ".join(about[0].get_payload(decode=True).decode().split())
    assert f"Members of Works can sign the petition {petition.title!r}. At " in text
    assert f"signatures it goes to a secret vote by itself: {SITE}/motions/{petition.id} " in text


def test_a_vote_that_closed_before_the_notices_went_out_gets_none(
    inbox: Inbox, founded: Founded
) -> None:
    founded.ago(days=30)
    [ana] = founded.members_named("ana")
    request = FileMotion("works", "Paint the hall", "Green.", "workplace_organisation")
    with founded.sovet.db.transaction() as store:
        motion = file_motion(store, request, actor=ana)
    founded.ago(days=10)
    with founded.sovet.db.transaction() as store:
        open_vote(store, OpenVote(motion.id), actor=ana)
    sent = notify(open_the_vote(founded))
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines()[-1] == "sent 2 notices of 1 opening"
    assert {m["Subject"] for _, m in inbox.messages} == {
        "Voting is open: the vote on 'Six hour shifts' in Works"
    }


def test_a_second_sender_is_refused_while_one_sends(inbox: Inbox, opened: Opened) -> None:
    with (opened.home / "notify.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        refused = notify(opened)
    assert refused.exit_code == 2
    assert refused.output == (
        f"error: another sovet notify is sending for this instance (pid {os.getpid()})\n"
    )
    assert inbox.messages == []
    assert notify(opened).exit_code == 0, "the lock is free again"
    assert len(inbox.messages) == 2


def test_those_yet_to_vote_are_reminded_once_a_day_before_voting_closes(
    inbox: Inbox, founded: Founded
) -> None:
    """The vote opened 6 days and 12 hours ago (a week's voting: it closes in 12 hours);
    Boris has voted, Lev turned the notices off; Ana, who opened it, has not voted."""
    opened = open_the_vote(founded, hours_ago=6 * 24 + 12)
    founded.ago(days=6)
    [boris] = founded.members_named("boris")
    with founded.sovet.db.transaction() as store:
        cast_vote(store, CastVote(opened.vote, "yes"), actor=boris)
    sent = notify(opened)
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines()[-1] == "sent 4 notices of 1 opening and 1 closing"
    what = "the vote on 'Six hour shifts' in Works"
    reminders = [m for _, m in inbox.messages if m["Subject"] == f"Voting closes soon: {what}"]
    assert sorted(m["To"] for m in reminders) == ["ana@works.example", "vera@works.example"]
    text = " ".join(reminders[0].get_payload(decode=True).decode().split())
    assert (
        f"You have not voted yet in {what}. It closes at {opened.closes:%Y-%m-%d %H:%M} UTC: "
        f"{SITE}/motions/{opened.motion}#vote-{opened.vote} "
    ) in text
    again = notify(opened)
    assert again.output.splitlines()[-1] == "sent 0 notices of 0 openings"
    assert len(inbox.messages) == 6 - 2, "the opening's two and the reminder's two, once"


def test_electors_yet_to_vote_are_reminded_a_day_before_an_election_closes(
    inbox: Inbox, founded: Founded
) -> None:
    """North's election took nominations for 14 days and votes for 7; it closes in 12
    hours. Ana's ballot opened its voting 6 days ago."""
    founded.ago(days=20, hours=12)
    ana, boris = founded.members_named("ana", "boris")
    with founded.sovet.db.transaction() as store:
        found_delegate_council(store, FoundDelegateCouncil("north", "North", "works", 1), actor=ana)
        election = open_election(store, OpenElection("north", "works"), actor=ana)
        nominate(store, Nominate(election.id, boris.id), actor=boris)
    founded.ago(days=6)
    with founded.sovet.db.transaction() as store:
        cast_ranked_ballot(store, CastRankedBallot(election.id, (boris.id,)), actor=ana)
    sent = notify(Opened(founded.sovet.settings.home, 0, 0, election.closes, founded.members))
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines()[-1] == "sent 4 notices of 1 opening and 1 closing"
    what = f"election {election.id} of Works's seats in North"
    reminders = [m for _, m in inbox.messages if m["Subject"] == f"Voting closes soon: {what}"]
    assert sorted(m["To"] for m in reminders) == ["boris@works.example", "vera@works.example"]
    text = " ".join(reminders[0].get_payload(decode=True).decode().split())
    assert (
        f"You have not voted yet in {what}. It closes at {election.closes:%Y-%m-%d %H:%M} UTC: "
        f"{SITE}/elections/{election.id} "
    ) in text


def test_voting_shorter_than_two_days_gets_no_reminder(inbox: Inbox, founded: Founded) -> None:
    """The yard votes for a day: its vote opened 12 hours ago and closes in 12; the
    opening's notice is reminder enough."""
    ana, boris = founded.members_named("ana", "boris")
    charter = {"agenda_period_days": 1, "voting_period_days": 1}
    with founded.sovet.db.transaction() as store:
        found_base_council(store, FoundBaseCouncil("yard", "Yard", "Yard", charter), actor=ana)
        admit_member(store, AdmitMember("yard", boris.id), actor=ana)
    founded.ago(hours=36)
    request = FileMotion("yard", "Sweep daily", "Daily.", "workplace_organisation")
    with founded.sovet.db.transaction() as store:
        motion = file_motion(store, request, actor=ana)
    founded.ago(hours=12)
    with founded.sovet.db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion.id), actor=ana)
    sent = notify(Opened(founded.sovet.settings.home, motion.id, vote.id, vote.closes, {}))
    assert sent.exit_code == 0, sent.output
    assert sent.output.splitlines()[-1] == "sent 1 notice of 1 opening"
    assert [m["Subject"] for _, m in inbox.messages] == [
        "Voting is open: the vote on 'Sweep daily' in Yard"
    ]


def test_nobody_who_has_left_since_the_vote_opened_hears_of_it(
    inbox: Inbox, founded: Founded
) -> None:
    """Vera left the works after its vote opened: she can no longer vote in it, and hears
    neither of its opening nor of its closing."""
    opened = open_the_vote(founded, hours_ago=6 * 24 + 12)
    founded.ago(days=6)
    [vera] = founded.members_named("vera")
    with founded.sovet.db.transaction() as store:
        leave_council(store, LeaveCouncil("works"), actor=vera)
    sent = notify(opened)
    assert sent.exit_code == 0, sent.output
    reminders = [m for _, m in inbox.messages if m["Subject"].startswith("Voting closes soon")]
    assert sorted(m["To"] for m in reminders) == ["ana@works.example", "boris@works.example"]
    assert "vera@works.example" not in inbox.to()


def test_a_delegate_elected_again_since_a_vote_opened_hears_nothing_of_it(
    inbox: Inbox, founded: Founded
) -> None:
    """Boris held a seat of North when Vera opened its vote; his term has ended since, and
    he holds the seat again under a new mandate. The register took his old mandate, under
    which no ballot is taken any more, so he hears nothing of that vote, only of the
    works' own."""
    sovet = founded.sovet
    ana, boris, vera = founded.members_named("ana", "boris", "vera")
    charter = {"term_months": 1, "agenda_period_days": 1, "voting_period_days": 7}
    with sovet.db.transaction() as store:
        found_delegate_council(
            store, FoundDelegateCouncil("north", "North", "works", 2, charter), actor=ana
        )
    elect = delegates_elected_on(founded.clock)
    [first, _] = elect(sovet, "north", "works", [boris, vera], [ana, boris, vera])
    [again, _] = elect(sovet, "north", "works", [boris, vera], [ana, boris, vera])
    today = datetime.now(UTC).date()
    assert not first.active_on(today) and again.active_on(today)
    since = (today - first.ends).days
    founded.ago(days=since + 2)
    request = FileMotion("north", "Share the cranes", "Share them.", "coordination")
    with sovet.db.transaction() as store:
        motion = file_motion(store, request, actor=vera)
    founded.ago(days=since + 1)
    with sovet.db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion.id), actor=vera)
        voter = store.voter(vote.id, boris.id)
    assert voter is not None and voter.under == f"mandate:{first.id}"
    sent = notify(open_the_vote(founded))
    assert sent.exit_code == 0, sent.output
    told = [m["Subject"] for recipients, m in inbox.messages if "boris@works.example" in recipients]
    assert told == ["Voting is open: the vote on 'Six hour shifts' in Works"]


def test_members_hear_when_a_motion_goes_on_the_agenda(inbox: Inbox, founded: Founded) -> None:
    """Ana's motion has support enough at its filing: Boris and Vera hear it is on the
    agenda, with the day its vote opens. (A motion whose vote is open by the time the
    notices go out gets the vote's notice alone: the first test's.)"""
    [ana] = founded.members_named("ana")
    founded.ago(hours=2)
    request = FileMotion("works", "A second canteen", "Open one.", "workplace_organisation")
    with founded.sovet.db.transaction() as store:
        motion = file_motion(store, request, actor=ana)
    assert motion.due is not None
    home = founded.sovet.settings.home
    first = runner.invoke(app, ["notify", "--home", str(home)])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == "sent 2 notices of 1 opening"
    assert inbox.to() == ["boris@works.example", "vera@works.example"]
    [subject] = {message["Subject"] for _, message in inbox.messages}
    assert subject == "On the agenda: A second canteen"
    text = " ".join(inbox.messages[0][1].get_payload(decode=True).decode().split())
    assert f"Works votes on 'A second canteen' from {motion.due:%Y-%m-%d %H:%M} UTC" in text
    assert f" {SITE}/motions/{motion.id} " in text


def test_a_small_council_hears_of_a_recall_petition_that_goes_on_the_agenda_at_once(
    inbox: Inbox, founded: Founded
) -> None:
    """In the forge, whose charter asks one member in five to sign, Vera's signature alone
    puts her petition on the agenda: it never gathers signatures, so the agenda's notice
    is the first word of it, with the day its secret vote opens."""
    sovet = founded.sovet
    ana, boris, lev, vera = founded.members_named("ana", "boris", "lev", "vera")
    with sovet.db.transaction() as store:
        charter = {"recall_petition_threshold": 0.2, "agenda_period_days": 1}
        found_base_council(store, FoundBaseCouncil("forge", "Forge", "Forge", charter), actor=ana)
        for member in (boris, lev, vera):
            admit_member(store, AdmitMember("forge", member.id), actor=ana)
        found_delegate_council(store, FoundDelegateCouncil("north", "North", "forge", 1), actor=ana)
    elect = delegates_elected_on(founded.clock)
    [seat] = elect(sovet, "north", "forge", [boris], [ana, boris, vera])
    founded.ago()
    with sovet.db.transaction() as store:
        petition = petition_recall(store, PetitionRecall(seat.id, "He never reports."), actor=vera)
    assert petition.state == "on_agenda" and petition.due is not None
    sent = notify(Opened(sovet.settings.home, petition.id, 0, petition.due, founded.members))
    assert sent.exit_code == 0, sent.output
    assert {m["Subject"] for _, m in inbox.messages} == {f"On the agenda: {petition.title}"}
    assert inbox.to() == ["ana@works.example", "boris@works.example"]
    text = " ".join(inbox.messages[0][1].get_payload(decode=True).decode().split())
    assert f"Forge votes by secret ballot on the petition {petition.title!r} from " in text
