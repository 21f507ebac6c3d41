"""``sovet books ...``: a workplace's open books from the command line.

``import`` replaces a workplace's books with a CSV file (``domain.books_csv``), as a
member who keeps them; ``export`` writes them as the same CSV, for a member of the
workplace (or anyone, where the charter makes every figure public); ``show`` prints what
the member may read. Each acts as a member who logs in with ``--as EMAIL``: the password
is read from ``SOVET_PASSWORD`` or asked for. A refusal exits with code 2 and one line
on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sovet.domain.books import ShownBooks
from sovet.motions_cli import (
    AsOption,
    HomeOption,
    acting,
    open_instance,
    read_file,
    say,
    write_file,
)
from sovet.services.import_books import ImportBooks, import_books
from sovet.services.read_books import export_books, read_books

app = typer.Typer(
    help="Open books: import, export and show a workplace's books.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
CouncilArgument = Annotated[str, typer.Argument(help="The workplace council's short code.")]


@app.command(name="import")
def import_command(
    council: CouncilArgument,
    csv_file: Annotated[Path, typer.Argument(help="The books as CSV (`sovet books export`).")],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Replace a workplace's books with a CSV file: all of it, or nothing."""
    request = ImportBooks(council, read_file(csv_file))
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        imported = import_books(store, request, actor=member)
    say(
        f"imported {len(imported.processes)} processes, {len(imported.stocks)} stocks and "
        f"{len(imported.flows)} figures of output and use into {council}"
    )


@app.command(name="export")
def export_command(
    council: CouncilArgument,
    as_email: AsOption,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default stdout).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Write a workplace's books as CSV, in the format `sovet books import` reads."""
    sovet = open_instance(home, reads="state")
    with acting(sovet, as_email, reading=True) as (store, member):
        csv_text = export_books(store, council, viewer=member)
    if output is None:
        sys.stdout.write(csv_text)
    else:
        write_file(output, csv_text)


@app.command(name="show")
def show_command(council: CouncilArgument, as_email: AsOption, home: HomeOption = None) -> None:
    """Print a workplace's books, as far as you may read them."""
    sovet = open_instance(home, reads="state")
    with acting(sovet, as_email, reading=True) as (store, member):
        found = read_books(store, council, viewer=member)
    say(f"{found.council.name}: books")
    for line in books_lines(found.books):
        say(line)


def books_lines(books: ShownBooks) -> list[str]:
    lines = []
    for process in books.processes:
        lines.append(f"process {process.code}: makes {process.product} ({process.unit})")
        if process.capacity is not None:
            lines.append(f"  capacity {process.capacity:g} {process.unit} per period")
        if process.labour is not None:
            lines.append(f"  labour {process.labour:g} h per {process.unit}")
        for item in process.inputs or ():
            lines.append(f"  input {item.quantity:g} {item.unit} of {item.product}")
    for item in books.stocks or ():
        lines.append(f"stock {item.quantity:g} {item.unit} of {item.product}")
    for flow in books.flows:
        lines.append(f"{flow.period} {flow.kind} {flow.quantity:g} {flow.unit} of {flow.product}")
    if books.hidden:
        lines.append(f"not public: {', '.join(books.hidden)}")
    return lines
