"""``sovet election ...``: elections from the command line.

The governing commands (open, nominate, consent, statement, ballot, close) act as a
member, who logs in with ``--as EMAIL``: the password is read from ``SOVET_PASSWORD`` or
asked for. A nominee or a ranked candidate is named by their e-mail address or their
member number (``authority.member_named``). ``show`` and ``list`` print what anyone may
read, ``show`` with the count's full report after the close, and ``check-receipt`` finds
a ballot among those published. A refusal exits with code 2 and one line on stderr; a
receipt no published ballot has, with code 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from sovet.adapters.election_queries import ElectionSummary, ElectionView, open_election_queries
from sovet.domain.elections import Election
from sovet.domain.errors import NotFound
from sovet.domain.federation import Council
from sovet.domain.text import MAX_ID
from sovet.figures import plural
from sovet.motions_cli import (
    RECEIPT_BEGINS_WITH_A_DASH,
    AsOption,
    HomeOption,
    ReceiptArgument,
    acting,
    council_read,
    fail,
    open_instance,
    receipt_given,
    refusals,
    say,
    when,
    write_file,
)
from sovet.services.authority import member_named
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.election_cycle import electors_count
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.publish_candidate_statement import (
    PublishCandidateStatement,
    publish_candidate_statement,
)
from sovet.voting.report import render_text

app = typer.Typer(
    help="Elections: open one, nominate, consent, rank the candidates, close and count; "
    "list a council's, check a receipt.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
ElectionArgument = Annotated[int, typer.Argument(min=0, max=MAX_ID, help="The election's id.")]


@app.command(name="open")
def open_command(
    council: Annotated[str, typer.Argument(help="The council whose seats are filled (slug).")],
    constituency: Annotated[str, typer.Option(help="The constituency that fills them (slug).")],
    as_email: AsOption,
    nomination_days: Annotated[
        int | None,
        typer.Option(
            help="Days of nominations: the charter's agenda period (the default) or longer, "
            "never shorter."
        ),
    ] = None,
    voting_days: Annotated[
        int | None,
        typer.Option(
            help="Days of voting: the charter's voting period (the default) or longer, "
            "never shorter."
        ),
    ] = None,
    office: Annotated[
        str | None,
        typer.Option(help="Elect this office of the council (the constituency is the council)."),
    ] = None,
    next_term: Annotated[
        bool,
        typer.Option(
            "--next-term",
            help="Elect for the next term even while a seat (or the office) is vacant.",
        ),
    ] = False,
    home: HomeOption = None,
) -> None:
    """Open the election of a constituency's seats in a council, or of one of its offices.

    While a seat is vacant, the election of the seats is their by-election, unless
    --next-term asks for the next term's."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        request = OpenElection(
            council, constituency, nomination_days, voting_days, office, next_term=next_term
        )
        election = open_election(store, request, actor=member)
    what = "by-election" if election.by_election else "election"
    fills = f"the {election.office}" if election.office else plural(election.seats, "seat")
    say(
        f"{what} {election.id} opened: {fills} by {election.method} from "
        f"{election.term_starts.isoformat()}; nominations close "
        f"{when(election.nominations_close)}, voting closes {when(election.closes)}"
    )


@app.command(name="nominate")
def nominate_command(
    election: ElectionArgument,
    nominee: Annotated[
        str,
        typer.Argument(
            metavar="MEMBER",
            help="The nominee's e-mail address or member number (yours to stand).",
        ),
    ],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Nominate yourself, or another member, who stands once they consent."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        named = member_named(store, nominee)
        candidate = nominate(store, Nominate(election, named.id), actor=member)
    state = "standing" if candidate.consented else "waiting for their consent"
    say(f"{named.name} (member {named.id}) nominated in election {election}: {state}")


@app.command()
def consent(election: ElectionArgument, as_email: AsOption, home: HomeOption = None) -> None:
    """Consent to stand, when another member nominated you."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        consent_to_nomination(store, ConsentToNomination(election), actor=member)
    say(f"{member.name} stands in election {election}")


@app.command()
def statement(
    election: ElectionArgument,
    text: Annotated[str, typer.Option(help="Your statement to the electors (Markdown).")],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Publish your statement as a candidate (a later one replaces it)."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        request = PublishCandidateStatement(election, text)
        publish_candidate_statement(store, request, actor=member)
    say(f"statement published in election {election}")


@app.command()
def ballot(
    election: ElectionArgument,
    ranking: Annotated[
        list[str],
        typer.Argument(
            metavar="CANDIDATE...",
            help="The candidates, best first: each one's e-mail address or member number.",
        ),
    ],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Rank the candidates, once, in secret; prints your ballot's receipt.

    The receipt finds your ballot among those published at the close."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        ranked = tuple(member_named(store, given, "ranking").id for given in ranking)
        request = CastRankedBallot(election, ranking=ranked)
        cast = cast_ranked_ballot(store, request, actor=member)
    say(f"ranked {' '.join(map(str, cast.ranking))} in election {cast.election}")
    say(f"receipt {cast.receipt}  (keep it to find your ballot when the ballots are published)")


@app.command()
def close(election: ElectionArgument, as_email: AsOption, home: HomeOption = None) -> None:
    """Close an election whose voting time is up: publish the ballots and count them."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        close_election(store, CloseElection(election), actor=member)
    _print(_view(home, election), report=False)


@app.command()
def show(
    election: ElectionArgument,
    report: Annotated[
        bool, typer.Option("--report", help="Print the count's full report too.")
    ] = False,
    blt: Annotated[
        Path | None,
        typer.Option(help="Write the counted ballots to this BLT file, to count them again."),
    ] = None,
    home: HomeOption = None,
) -> None:
    """An election: its phase, candidates, turnout and, once counted, its result."""
    shown = _view(home, election)
    ballots = None if blt is None else shown.view.blt()
    if blt is not None and ballots is None:
        raise fail(f"election {election} has no counted ballots to write: it is not counted")
    _print(shown, report=report)
    if blt is not None and ballots is not None:
        write_file(blt, ballots)
        say(f"wrote the ballots to {blt}; count them again with: {shown.view.recount(str(blt))}")


@app.command(name="list")
def list_command(
    council: Annotated[str, typer.Argument(help="The council's short code (slug).")],
    home: HomeOption = None,
) -> None:
    """A council's elections, newest first: of its seats, and of its own seats above.

    Each with its method, term and dates, where it stands and, once counted, whom it
    elected and how many voted."""
    sovet = open_instance(home, reads="state")
    found = council_read(sovet, council)
    with open_election_queries(sovet.db) as queries:
        elections = queries.elections_of(found.id)
    if not elections:
        say(f"no election has been held in {found.name} yet")
        return
    now = sovet.db.clock()
    say(f"elections of {found.name}, newest first: {len(elections)}")
    for summary in elections:
        election = summary.election
        heading = _heading(election, summary.council, summary.constituency)
        say(f"  {heading}; term from {election.term_starts.isoformat()}")
        say(f"    {_standing(summary, now)}")


@app.command(name="check-receipt", context_settings=RECEIPT_BEGINS_WITH_A_DASH)
def check_receipt(
    election: ElectionArgument, receipt: ReceiptArgument = None, home: HomeOption = None
) -> None:
    """Check that your ballot is among those published and counted, and how it ranked.

    As the election's page checks it, once the election is closed: exits with code 1
    where no published ballot has the receipt."""
    given = receipt_given(receipt)
    with refusals(), open_election_queries(open_instance(home, reads="state").db) as queries:
        view = queries.election_view(election)
        if view is None:
            raise NotFound(f"there is no election {election}")
        found = queries.receipt(election, given)
    if view.phase == "lapsed":
        raise fail(f"election {election} lapsed: nobody stood, so no vote was held")
    if view.election.closed is None:
        raise fail(
            f"election {election} is not closed yet: its ballots are published, and "
            "receipts checked, when it closes"
        )
    if not found.counted:
        say(
            "no ballot with this receipt is among the ballots published at the close of "
            f"election {election}"
        )
        raise typer.Exit(1)
    ranking = ", ".join(member.name for member in found.ranking)
    say(
        f"your ballot is among those published and counted in election {election}, "
        f"ranking: {ranking}"
    )


def _standing(summary: ElectionSummary, now: datetime) -> str:
    """Where an election stands, in one line: its dates and, once counted, its result."""
    election = summary.election
    if summary.phase == "nominating":
        return (
            f"nominating until {when(election.nominations_close)}; "
            f"voting until {when(election.closes)}"
        )
    if summary.phase == "voting" and now < election.closes:
        return f"voting until {when(election.closes)}"
    if summary.phase == "voting":
        return (
            f"voting ended {when(election.closes)}: it is counted when a member closes it "
            f"(sovet election close {election.id})"
        )
    ended = when(election.closed or election.closes)
    if summary.phase == "lapsed":
        return f"lapsed {ended}: nobody stood, so no vote was held"
    elected = ", ".join(member.name for member in summary.elected) or "nobody"
    filled = len(summary.elected)
    unfilled = not election.office and filled < election.seats
    short = f" ({filled} of {plural(election.seats, 'seat')} filled)" if unfilled else ""
    voted = f"{election.ballots_cast or 0} of {election.eligible or 0} voted"
    return f"counted {ended}: elected {elected}{short}; {voted}"


@dataclass(frozen=True)
class Shown:
    """An election as ``show`` prints it, with how many may vote in it."""

    view: ElectionView
    electors: int
    """``election_cycle.electors_count``."""


def _view(home: Path | None, election_id: int) -> Shown:
    sovet = open_instance(home, reads="state")
    with refusals(), open_election_queries(sovet.db) as queries:
        view = queries.election_view(election_id)
        if view is None:
            raise NotFound(f"there is no election {election_id}")
    with sovet.db.reading() as store:
        return Shown(view, electors_count(store, view.election))


def _heading(election: Election, council: Council, constituency: Council) -> str:
    """What an election fills, and how it is counted."""
    fills = (
        f"the {election.office} of {council.name}"
        if election.office
        else f"{plural(election.seats, 'seat')} of {constituency.name} in {council.name}"
    )
    what = "by-election" if election.by_election else "election"
    return f"{what} {election.id}: {fills}, by {election.method}"


def _print(shown: Shown, *, report: bool) -> None:
    view, election = shown.view, shown.view.election
    say(_heading(election, view.council, view.constituency))
    say(f"phase      {view.phase}")
    say(
        f"nominating until {when(election.nominations_close)}; voting until {when(election.closes)}"
    )
    for candidate in view.standing:
        placed = candidate.candidate
        result = "" if placed.place is None else f"  {placed.place}. {placed.outcome}"
        say(f"  {candidate.member.id:>6}  {candidate.member.name}{result}")
    for candidate in view.pending:
        say(f"  {candidate.member.id:>6}  {candidate.member.name}  (waiting for consent)")
    if view.phase == "lapsed":
        say("turnout    no vote was held")
    elif view.phase == "nominating":
        say(
            f"electors   {shown.electors} on the register as it stands; "
            "it is frozen when voting opens"
        )
    else:
        say(f"turnout    {view.turnout} of {shown.electors}")
    if election.seed is not None:
        say(f"seed       {election.seed}")
    if report and view.report is not None:
        say("")
        say(render_text(view.report))
