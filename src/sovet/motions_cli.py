"""``sovet motion ...``: how councils decide, from the command line.

The governing commands (file, support, amend, open, vote, close) act as a member, who
logs in with ``--as EMAIL``: the password is read from ``SOVET_PASSWORD`` or asked for.
``show`` and ``agenda`` print what anyone may read, and ``check-receipt`` finds a secret
ballot among those published at a vote's close. A refusal exits with code 2 and one line
on stderr; a receipt no published ballot has, with code 1.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from sovet.adapters.motion_queries import MotionSummary, MotionView, Results
from sovet.adapters.queries import open_queries
from sovet.bootstrap import NoInstance, Reads, Settings, Sovet, open_existing
from sovet.domain.errors import Invalid, NotFound, Refused
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import AMENDMENT_WORDS, STATE_WORDS
from sovet.domain.text import MAX_ID
from sovet.domain.votes import Vote
from sovet.services.authority import council_named
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.credentials import is_token
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.log_in import authenticate
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.ports import Store
from sovet.services.propose_amendment import ProposeAmendment, propose_amendment
from sovet.services.support_motion import SupportMotion, support_motion

app = typer.Typer(
    help="Motions: file, support, amend and vote on them; read a motion or a council's agenda, "
    "check a receipt.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="The instance's data folder (default $SOVET_HOME or ./var)."),
]
AsOption = Annotated[str, typer.Option("--as", help="Your e-mail: you act as a member.")]
MotionArgument = Annotated[int, typer.Argument(min=0, max=MAX_ID, help="The motion's id.")]
VoteArgument = Annotated[
    int, typer.Argument(min=0, max=MAX_ID, help="The vote's id (`sovet motion show` lists them).")
]

ReceiptArgument = Annotated[
    str | None,
    typer.Argument(
        help="Your ballot's receipt; leave it out to be asked for it, which keeps it "
        "out of your shell's history.",
        show_default=False,
    ),
]


def say(text: str) -> None:
    """Print a line as it is: names and texts are the members' own, not markup."""
    out.print(text, markup=False)


def fail(message: str) -> typer.Exit:
    err.print(f"error: {message}", markup=False, highlight=False)
    return typer.Exit(2)


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a refusal into one line on stderr and exit code 2."""
    try:
        yield
    except Refused as error:
        raise fail(error.message) from None


def read_file(path: Path) -> str:
    """A UTF-8 text file's contents; one line on stderr and exit 2 where it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise fail(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise fail(f"{path}: {error.strerror or error}") from None


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path``; one line on stderr and exit 2 where it cannot be."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise fail(f"{path}: {error.strerror or error}") from None


def refuse_existing(path: Path, written: str) -> None:
    """Refuse, in one line, to write over the file at ``path``, whose contents may be kept
    nowhere else; ``written`` says, in words, that what is written goes to a new file."""
    if path.exists() and not path.is_dir():
        raise fail(f"{path} exists already: {written} to a new file")


RECEIPT_BEGINS_WITH_A_DASH = {"ignore_unknown_options": True}
"""A receipt may begin with '-': a command that takes one reads it as the receipt, not as
an option it does not know."""


def receipt_given(receipt: str | None) -> str:
    """The receipt given, or else asked for without showing it as it is typed; one line
    and exit 2 where it has no receipt's form."""
    given = receipt if receipt is not None else typer.prompt("receipt", hide_input=True)
    given = given.strip()
    if not is_token(given):
        raise fail(
            "that is not a receipt: a receipt is 43 letters, digits, '-' and '_', "
            "as your ballot printed it"
        )
    return given


def council_read(sovet: Sovet, slug: str) -> Council:
    """The council ``slug`` names, read for a command that shows it; one line and exit 2
    where there is none."""
    with sovet.db.reading() as store:
        found = store.council_by_slug(slug)
    if found is None:
        raise fail(f"there is no council {slug!r}")
    return found


def open_instance(home: Path | None, *, reads: Reads | None = None) -> Sovet:
    """The instance in ``home`` (default $SOVET_HOME or ./var), which must exist. Its
    database is brought up to date, saying so on stderr, unless the command only
    ``reads`` (see ``open_existing``)."""
    try:
        sovet = open_existing(Settings.from_environment(home), reads=reads)
    except NoInstance as error:
        raise fail(str(error)) from None
    except Invalid as error:
        raise fail(error.message) from None
    schema = sovet.schema
    if reads is None and schema.found is not None and not schema.current:
        err.print(
            f"upgraded the database from revision {schema.found} to {schema.head}",
            markup=False,
            highlight=False,
        )
    return sovet


def log_in(sovet: Sovet, email: str) -> Member:
    password = os.environ.get("SOVET_PASSWORD") or typer.prompt("password", hide_input=True)
    with refusals(), sovet.db.reading() as store:
        return authenticate(store, email, password)


@contextmanager
def acting(sovet: Sovet, email: str, *, reading: bool = False) -> Iterator[tuple[Store, Member]]:
    """Log in as ``email``, then give a store to act in as that member: one transaction, or
    one read when ``reading``. A refusal exits with code 2 and one line on stderr."""
    member = log_in(sovet, email)
    session = sovet.db.reading() if reading else sovet.db.transaction()
    with refusals(), session as store:
        yield store, member


@app.command(name="file")
def file_command(
    council: Annotated[str, typer.Argument(help="The council's short code (slug).")],
    title: Annotated[str, typer.Option(help="The motion's title.")],
    as_email: AsOption,
    text: Annotated[str | None, typer.Option(help="Its text (Markdown).")] = None,
    text_file: Annotated[
        Path | None, typer.Option(help="Read its text (Markdown) from this file.")
    ] = None,
    matter: Annotated[
        str, typer.Option(help="The kind of matter it decides, one the charter lists.")
    ] = "",
    charter: Annotated[
        str | None,
        typer.Option(help='A charter amendment: the fields it changes, as JSON: {"quorum": 0.6}'),
    ] = None,
    effects: Annotated[
        str | None,
        typer.Option(
            help='What its decision does, as a JSON list: [{"kind": "concerns_member", ...}]'
        ),
    ] = None,
    on_behalf_of: Annotated[
        str | None,
        typer.Option(help="In a delegate council: the constituent council you file for."),
    ] = None,
    home: HomeOption = None,
) -> None:
    """File a motion in a council; you are its first supporter."""
    request = FileMotion(
        council=council,
        title=title,
        text=_text(text, text_file),
        matter=matter,
        kind="resolution" if charter is None else "charter_amendment",
        effects=_effects(charter, effects),
        on_behalf_of=on_behalf_of,
    )
    sovet = open_instance(home)
    if charter is None and not matter:
        with refusals(), sovet.db.reading() as store:
            decides = council_named(store, council).charter.decides
        raise fail(
            f"--matter: name the kind of matter it decides; {council} decides {', '.join(decides)}"
        )
    with acting(sovet, as_email) as (store, member):
        motion = file_motion(store, request, actor=member)
    say(f"filed motion {motion.id} in {council}: {motion.title}")
    say(standing(_view(sovet, motion.id), sovet.db.clock()))


@app.command()
def support(motion: MotionArgument, as_email: AsOption, home: HomeOption = None) -> None:
    """Support a motion.

    With enough supporters it goes on the agenda, and is voted on when the charter's
    agenda period ends.
    """
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        support_motion(store, SupportMotion(motion), actor=member)
    say(f"supported motion {motion}")
    say(standing(_view(sovet, motion), sovet.db.clock()))


@app.command()
def amend(
    motion: MotionArgument,
    original: Annotated[str, typer.Option(help="The passage to replace: it must occur once.")],
    replacement: Annotated[str, typer.Option(help="What replaces it (empty deletes it).")],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Propose an amendment to a motion that is not yet being voted on."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        request = ProposeAmendment(motion, original=original, replacement=replacement)
        amendment = propose_amendment(store, request, actor=member)
    say(f"proposed amendment {amendment.id} to motion {motion}")


@app.command(name="open")
def open_command(motion: MotionArgument, as_email: AsOption, home: HomeOption = None) -> None:
    """Open the vote on a motion whose agenda period has ended.

    Votes on its pending amendments come first.
    """
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        opened = open_vote(store, OpenVote(motion), actor=member)
    for opened_vote in opened:
        say(
            f"vote {opened_vote.id} is open until {when(opened_vote.closes)}: {_subject(opened_vote)}"
        )


@app.command()
def vote(
    vote_id: VoteArgument,
    choice: Annotated[str, typer.Argument(help="yes, no or abstain.")],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Vote yes, no or abstain, once.

    A secret ballot prints a receipt: keep it, to check after the close that your ballot
    was counted.
    """
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        cast = cast_vote(store, CastVote(vote_id, choice), actor=member)
    say(f"voted {cast.choice} in vote {cast.vote}")
    if cast.receipt is not None:
        say(f"receipt {cast.receipt}  (keep it to check that your ballot was counted)")
    if cast.against_instruction is not None:
        say(f"marked: against instruction {cast.against_instruction} of your constituency")


@app.command()
def close(vote_id: VoteArgument, as_email: AsOption, home: HomeOption = None) -> None:
    """Close a vote whose time is up.

    The result is counted and recorded, and a passed motion becomes a decision.
    """
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        closed = close_vote(store, CloseVote(vote_id), actor=member)
    with open_queries(sovet.db) as queries:
        say(f"vote {vote_id} closed: {outcome(queries.results(closed))}")


@app.command(name="check-receipt", context_settings=RECEIPT_BEGINS_WITH_A_DASH)
def check_receipt(
    vote_id: VoteArgument, receipt: ReceiptArgument = None, home: HomeOption = None
) -> None:
    """Check that your secret ballot is among those published and counted, and as what.

    As the motion's page checks it, once the vote is closed: exits with code 1 where no
    published ballot has the receipt."""
    given = receipt_given(receipt)
    with refusals(), open_queries(open_instance(home, reads="state").db) as queries:
        found_vote = queries.vote(vote_id)
        if found_vote is None:
            raise NotFound(f"there is no vote {vote_id}")
        found = queries.receipt(vote_id, given)
    if not found_vote.secret:
        raise fail(
            f"vote {vote_id} is not secret: it gave no receipts, and the record shows how "
            "each member voted"
        )
    if found_vote.closed is None:
        raise fail(
            f"vote {vote_id} is not closed yet: its ballots are published, and receipts "
            "checked, when it closes"
        )
    if not found.counted:
        say(
            f"no ballot with this receipt is among the ballots published when vote {vote_id} closed"
        )
        raise typer.Exit(1)
    say(
        f"your ballot is among those published and counted in vote {vote_id}"
        f" on {_subject(found_vote)}, as {found.choice}"
    )


@app.command()
def show(motion: MotionArgument, home: HomeOption = None) -> None:
    """A motion: its text, supporters, amendments, votes and decision."""
    sovet = open_instance(home, reads="state")
    view = _view(sovet, motion)
    say(f"motion {view.motion.id}: {view.motion.title}")
    say(f"council    {view.council.slug} ({view.council.name})")
    say(f"filed by   {view.filed_by.name} on {when(view.motion.filed)}")
    say(f"matter     {view.motion.matter}")
    say(f"state      {standing(view, sovet.db.clock())}")
    say(f"supporters {', '.join(m.name for m in view.supporters)}")
    say(f"\n{view.text}\n")
    for amendment in view.amendments:
        a = amendment.amendment
        say(
            f"amendment {a.id} ({AMENDMENT_WORDS[a.state]}) by {amendment.proposer.name}: "
            f"{a.original!r} -> {a.replacement!r}"
        )
    for vote_view in view.votes:
        results = vote_view.results
        say(f"vote {results.vote.id} on {_subject(results.vote)}: {outcome(results)}")
    if view.decision is not None:
        reports = len(view.decision.minority_reports)
        say(f"decided on {when(view.decision.decision.decided)}; minority reports: {reports}")


@app.command()
def agenda(
    council: Annotated[str, typer.Argument(help="The council's short code (slug).")],
    home: HomeOption = None,
) -> None:
    """A council's motions: gathering support, on the agenda, being voted on, decided."""
    sovet = open_instance(home, reads="state")
    found = council_read(sovet, council)
    with open_queries(sovet.db) as queries:
        listing = queries.agenda(found.id)
    assert listing is not None
    now = sovet.db.clock()
    say(f"agenda of {found.name}")
    sections = (
        ("gathering support", listing.gathering),
        ("on the agenda", listing.scheduled),
        ("being voted on", listing.voting),
        ("decided", listing.decided),
    )
    for heading, summaries in sections:
        say(f"\n{heading}: {len(summaries)}")
        for summary in summaries:
            say(f"  {summary.motion.id:>6}  {summary.motion.title}  ({line(summary, now)})")


def standing(view: MotionView, now: datetime) -> str:
    """Where a motion stands at ``now``, in a few words."""
    motion = view.motion
    if motion.state == "filed":
        return f"gathering support: {len(view.supporters)} of the {view.needed} supporters it needs"
    if motion.state == "on_agenda":
        assert motion.due is not None
        if motion.due <= now:
            return (
                f"on the agenda: its vote is due (since {when(motion.due)}): any member of "
                f"{view.council.name} may open it now, with {_open_it(motion.id)}, and the "
                "next act of any member opens it"
            )
        return f"on the agenda: its vote opens at {when(motion.due)}"
    open_votes = [v.results.vote for v in view.votes if v.results.vote.closed is None]
    if open_votes:
        listed = ", ".join(f"vote {v.id} until {when(v.closes)}" for v in open_votes)
        return f"{STATE_WORDS[motion.state]}: {listed}"
    return STATE_WORDS[motion.state]


def line(summary: MotionSummary, now: datetime) -> str:
    """Where a motion of an agenda stands at ``now``, in a few words."""
    motion = summary.motion
    if motion.state == "filed":
        return f"{summary.supporters} of {summary.needed} supporters"
    if motion.state == "on_agenda":
        assert motion.due is not None
        if motion.due <= now:
            return f"vote due since {when(motion.due)}: open it with {_open_it(motion.id)}"
        return f"vote opens at {when(motion.due)}"
    if summary.vote is None:
        return STATE_WORDS[motion.state]
    return f"{STATE_WORDS[motion.state]}, vote {summary.vote.vote.id}: {outcome(summary.vote)}"


def outcome(results: Results) -> str:
    """A vote's counts and result, as far as anyone may see them yet."""
    tally = results.tally
    counts = (
        f"{results.turnout} of {results.register} have voted"
        if tally is None
        else f"yes {tally.yes}, no {tally.no}, abstain {tally.abstain}"
    )
    if results.vote.closed is None:
        return f"{counts}; open until {when(results.vote.closes)}"
    quorum = "quorum met" if results.quorum_met else "quorum not met"
    verdict = "passed" if results.passed else "not passed"
    return f"{counts}; {quorum}; {verdict}"


def when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _open_it(motion_id: int) -> str:
    """The command that opens a motion's vote once it is due (``open_command``)."""
    return f"sovet motion open {motion_id} --as EMAIL"


def _subject(vote: Vote) -> str:
    if vote.subject == "amendment":
        return f"amendment {vote.amendment_id}"
    return "the referendum on the decision" if vote.subject == "referendum" else "the motion"


def _view(sovet: Sovet, motion_id: int) -> MotionView:
    with refusals(), open_queries(sovet.db) as queries:
        view = queries.motion_view(motion_id)
        if view is None:
            raise NotFound(f"there is no motion {motion_id}")
    return view


def _text(text: str | None, text_file: Path | None) -> str:
    if (text is None) == (text_file is None):
        raise fail("give the motion's text with either --text or --text-file")
    if text_file is None:
        assert text is not None
        return text
    try:
        return text_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"{text_file}: {error}") from None


def _effects(charter: str | None, effects: str | None) -> tuple[dict[str, Any], ...]:
    """The motion's effects: those given as JSON, and a charter amendment's."""
    found: list[Any] = [] if effects is None else _json(effects, "--effects")
    if not isinstance(found, list):
        raise fail("--effects: expected a JSON list of effects")
    if charter is not None:
        found.append({"kind": "amend_charter", "changes": _json(charter, "--charter")})
    return tuple(found)


def _json(value: str, option: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise fail(f"{option}: not JSON ({error})") from None
