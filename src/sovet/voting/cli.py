"""``sovet count FILE.blt``: count a BLT file with any method and print the full report.

Wired into the main command line as ``app.command(name="count")(count_command)``. Bad
input (an unreadable or malformed file, a bad option) exits with code 2 and one line on
stderr; a count stopped by a tie that needs a lot, with no seed given, exits with 1.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sovet.domain.errors import Invalid
from sovet.voting.approval import approval
from sovet.voting.blt import Election, read_blt
from sovet.voting.irv import instant_runoff
from sovet.voting.meek import meek_stv
from sovet.voting.report import CountResult, render_text
from sovet.voting.schulze import schulze
from sovet.voting.stv import scottish_stv


class Method(StrEnum):
    """The counting methods ``sovet count`` offers."""

    stv = "stv"
    meek = "meek"
    irv = "irv"
    schulze = "schulze"
    approval = "approval"


def count_command(
    file: Annotated[Path, typer.Argument(help="The BLT file of ranked ballots.")],
    method: Annotated[
        Method,
        typer.Option(
            help="stv: Scottish STV (SSI 2007/42); meek: Meek STV; irv: instant runoff; "
            "schulze: Schulze; approval: every ranked candidate counts as approved."
        ),
    ] = Method.stv,
    seats: Annotated[
        int | None, typer.Option(help="Seats to fill (default: as the file says).")
    ] = None,
    seed: Annotated[
        str | None,
        typer.Option(help="The seed published before the count, for ties broken by lot."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (format sovet.count/1).")
    ] = False,
    batches: Annotated[
        bool, typer.Option("--batches", help="irv: exclude sure losers together.")
    ] = False,
) -> None:
    """Count a BLT file and print the report: quota, every stage, every transfer."""
    try:
        election = read_blt(file.read_text(encoding="utf-8"))
        result = _count(election, method, election.seats if seats is None else seats, seed, batches)
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(f"{file}: {error}") from None
    except Invalid as error:
        raise _fail(f"{file}: {error.message}") from None
    except (ValueError, TypeError) as error:
        raise _fail(str(error)) from None
    typer.echo(result.report.to_json() if as_json else render_text(result.report))
    if not result.success:
        raise typer.Exit(1)


def _count(
    election: Election, method: Method, seats: int, seed: str | None, batches: bool
) -> CountResult:
    ballots = election.counted()
    if method is Method.stv:
        return scottish_stv(ballots, seats=seats, seed=seed)
    if method is Method.meek:
        return meek_stv(ballots, seats=seats, seed=seed)
    if method is Method.irv:
        return instant_runoff(ballots, seed=seed, exclude_in_batches=batches)
    if method is Method.schulze:
        return schulze(ballots, seed=seed)
    approved = [ranking for ranking, _ in ballots.items()]
    counts = [count for _, count in ballots.items()]
    return approval(approved, candidates=ballots.candidates, seats=seats, counts=counts, seed=seed)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)
