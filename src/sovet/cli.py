"""The command line, for operators and auditors.

Governing commands act as a member, who logs in with ``--as EMAIL`` (the password is
asked for, or read from ``SOVET_PASSWORD``). Bad input exits with code 2 and one line;
a record that fails verification exits with code 1.
"""

from __future__ import annotations

import base64
import errno
import os
import re
import shutil
import smtplib
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from sovet.adapters.audit import (
    Export,
    Kept,
    export_record,
    projection_differences,
    read_export,
    read_kept,
    replay,
    verify_database,
    verify_export,
)
from sovet.adapters.backup import back_up, source_of
from sovet.adapters.locks import no_server, serving, sole_sender
from sovet.adapters.mail import (
    MailSettings,
    mark_reminded,
    mark_sent,
    reminded,
    send,
    send_invitations,
    unsent,
)
from sovet.adapters.migrate import migrate
from sovet.adapters.move import MoveFailed, move
from sovet.adapters.sql import make_engine
from sovet.books_cli import app as books_app
from sovet.bootstrap import KEY_FILE, MissingKey, Settings, Sovet, bootstrap, config_in
from sovet.domain.errors import Invalid, Refused
from sovet.domain.members import Member
from sovet.domain.notices import Invitation, Notice
from sovet.elections_cli import app as elections_app
from sovet.figures import plural
from sovet.motions_cli import acting, open_instance, read_file, refuse_existing, write_file
from sovet.motions_cli import app as motions_app
from sovet.period_cli import app as period_app
from sovet.planning.cli import import_io_command, plan_command
from sovet.recall_cli import app as recall_app
from sovet.record.checkpoint import key_id_for
from sovet.record.verify import Report
from sovet.services.authority import council_named
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.invitations import invitation_notices
from sovet.services.leave_council import LeaveCouncil, leave_council
from sovet.services.log_in import authenticate
from sovet.services.notices import KINDS as NOTICE_KINDS
from sovet.services.notices import notices_of, reminders_of
from sovet.services.register_member import (
    RegisterMember,
    prepare_registration,
    register_member,
)
from sovet.voting.cli import count_command

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"error: {message}", markup=False, highlight=False)
    return typer.Exit(code)


class OneLineUsage(TyperGroup):
    """The command line itself: a usage error in any command beneath it (an option or
    argument missing, a value not of its kind, a command or option unknown) is one line
    on stderr and exit code 2, as all bad input is, in place of click's boxed block.

    Typer vends click inside itself (from 0.26) and exports neither error it raises for
    usage, so they are imported from there, as Typer's own code catches them."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        with _usage_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with _usage_in_one_line():
            return super().invoke(ctx)


@contextmanager
def _usage_in_one_line() -> Iterator[None]:
    try:
        yield
    except NoArgsIsHelpError:
        raise  # a group given no command prints its help, as asked
    except UsageError as error:
        raise fail(usage_line(error)) from None


def usage_line(error: UsageError) -> str:
    """A usage error as one line: what is wrong, then where the command's help is."""
    lines = (line.strip() for line in error.format_message().splitlines())
    # Typer validates values with pydantic, whose message names its error type first.
    message = " ".join(line for line in lines if line).replace(": Value error, ", ": ")
    message = message[:1].lower() + message[1:]
    if not message.endswith((".", "?")):
        message += "."
    ctx = error.ctx
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        message += f" See '{ctx.command_path} {ctx.help_option_names[0]}'."
    return message


app = typer.Typer(
    cls=OneLineUsage,
    help="sovet: workers' councils federated through recallable delegates.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="The instance's data folder (default $SOVET_HOME or ./var)."),
]

PortOption = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")]
PublicKeyOption = Annotated[
    str | None,
    typer.Option(help="The instance's published public key (base64) to check against."),
]
KeptOption = Annotated[
    Path | None,
    typer.Option(
        "--kept",
        help="Checkpoints you kept earlier (JSON, as the API or an export gives them): "
        "the record must extend them.",
    ),
]


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a refusal into one line on stderr and exit code 2."""
    try:
        yield
    except Refused as error:
        raise fail(error.message) from None


def progress_bar(*, of_bytes: bool = False) -> Progress:
    """A bar on stderr counting steps, or bytes (``of_bytes``), with the time taken."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn() if of_bytes else MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


@app.command()
def init(home: HomeOption = None) -> None:
    """Create the instance: its data folder, signing key and database."""
    try:
        sovet = bootstrap(Settings.from_environment(home))
    except MissingKey as error:
        raise fail(str(error)) from None
    except Invalid as error:
        raise fail(error.message) from None
    out.print(f"instance folder  {sovet.settings.home}")
    out.print(f"database         {sovet.db.engine.url.render_as_string(hide_password=True)}")
    out.print(f"public key       {base64.b64encode(sovet.key.public_key).decode()}")
    out.print(f"key id           {sovet.key.key_id}")


@app.command()
def serve(
    home: HomeOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[
        int,
        typer.Option(min=1, help="Server processes; one per core serves a voting window fastest."),
    ] = 1,
) -> None:
    """Serve the pages and the JSON API.

    Each server process holds a lock in the instance's folder while it serves, and
    `sovet move` refuses while one does."""
    sovet = open_instance(home)
    _check_free(host, port)
    with refusals(), serving(sovet.settings.home):
        if workers == 1:
            _serve(sovet, host, port)
        else:
            _serve_workers(sovet.settings.home, host, port, workers)


def _check_free(host: str, port: int) -> None:
    """Refuse, in one line, an address that cannot be listened on: a port in use (a
    server left running) or a host that is not this machine's."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise fail(f"port {port} is in use") from None
        raise fail(f"--host {host}: {error.strerror or error}") from None


def _serve(sovet: Sovet, host: str, port: int) -> None:
    import uvicorn

    from sovet.http import create_app

    uvicorn.run(create_app(sovet), host=host, port=port, log_level="info")


def _serve_workers(home: Path, host: str, port: int, workers: int) -> None:
    """Serve from ``workers`` processes, each opening the instance (already created and
    migrated here) from the environment. Their acts queue for the one writer's lock."""
    import uvicorn

    os.environ["SOVET_HOME"] = str(home)
    uvicorn.run(
        "sovet.http:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
    )


@app.command()
def demo(
    home: Annotated[
        Path, typer.Option("--home", help="Folder for the demo instance; wiped first.")
    ] = Path("var/demo"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: PortOption = 8000,
    serve_it: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve when seeded.")] = True,
) -> None:
    """Seed a demo metalworkers' federation in a fresh instance and serve it."""
    from sovet import demo as demo_federation

    if serve_it:
        _check_free(host, port)
    shutil.rmtree(home, ignore_errors=True)
    clock = demo_federation.Rewound(demo_federation.STORY_DAYS)
    sovet = bootstrap(
        Settings(home=home.resolve(), database_url=f"sqlite:///{home.resolve() / 'sovet.db'}"),
        clock=clock,
    )
    with progress_bar() as bar:
        task = bar.add_task("seeding the federation", total=demo_federation.steps())
        seeded = demo_federation.seed(
            sovet.db, clock, progress=lambda step: bar.update(task, advance=1, description=step)
        )
    out.print(
        f"[bold]Demo federation[/bold]: {seeded.councils} councils, {seeded.members} members, "
        f"record of {sovet.db.tree().size} entries."
    )
    logins = seeded.logins[:6]
    widest = max(len(email) for email, _ in logins)
    table = Table(
        Column("log in as", no_wrap=True, min_width=widest),
        "who",
        title=f"password for each: {demo_federation.PASSWORD}",
    )
    for email, who in logins:
        table.add_row(email, who)
    out.print(table)
    out.print(
        f"Every one of the {seeded.members} members logs in with the same password, "
        "each by their e-mail: first.last.N@workplace.example, where N numbers the "
        "workers of the workplace after its founder.",
        markup=False,
        highlight=False,
    )
    if serve_it:
        out.print(f"Open [bold]http://{host}:{port}/[/bold] (Ctrl-C stops the server)")
        with refusals(), serving(sovet.settings.home):
            _serve(sovet, host, port)


@app.command()
def upgrade(home: HomeOption = None) -> None:
    """Bring the database's tables up to this sovet's newest revision.

    Serving and every command that writes do too, and say so; a command that only reads
    never changes the database, and one that reads more than the record refuses a
    database not brought up to date.
    Back it up first (`sovet backup`, or pg_dump): an older sovet does not open it after."""
    sovet = open_instance(home)
    if sovet.schema.current:
        out.print(f"the database is at this sovet's newest revision, {sovet.schema.head}")


@app.command()
def verify(
    home: HomeOption = None,
    export: Annotated[
        Path | None, typer.Option(help="Check this export file instead of the database.")
    ] = None,
    public_key: PublicKeyOption = None,
    kept: KeptOption = None,
) -> None:
    """Check the record: hashes, positions, the Merkle tree and the signed checkpoints."""
    key = _public_key(public_key)
    trusted = _trusted(kept)
    if export is not None:
        _, report = _checked_export(export, key, kept, trusted)
    else:
        sovet = open_instance(home, reads="record")
        if key is not None and key != sovet.key.public_key:
            raise fail("the instance's key is not the public key given", code=1)
        _same_key(kept, trusted, sovet.key.public_key)
        report = verify_database(sovet.db, trusted=trusted.checkpoints)
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _trusted(kept: Path | None) -> Kept:
    """The checkpoints in the file ``kept``, if one is named; one line and exit 2 where it
    holds none."""
    if kept is None:
        return Kept(checkpoints=[], public_keys=[])
    try:
        return read_kept(kept)
    except (OSError, ValueError) as error:
        raise fail(f"{kept}: {error}") from None


def _checked_export(
    path: Path, key: bytes | None, kept: Path | None, trusted: Kept
) -> tuple[Export, Report]:
    """The export at ``path`` and its report, checked against ``key`` where one is given
    (else only against the key in its own header) and the checkpoints ``trusted``; where
    its header names another key than ``key``, that is said first."""
    try:
        record = read_export(path)
    except (OSError, ValueError) as error:
        raise fail(f"{path}: {error}") from None
    _same_key(kept, trusted, key or record.public_key)
    if key is not None and key != record.public_key:
        out.print(
            f"the export's header names another key (key id {key_id_for(record.public_key)}) "
            f"than the one given (key id {key_id_for(key)}): its checkpoints are checked "
            "against the one given",
            markup=False,
            highlight=False,
        )
    return record, verify_export(record, public_key=key, trusted=trusted.checkpoints)


def _same_key(path: Path | None, kept: Kept, public_key: bytes) -> None:
    """Exit 1 where a kept checkpoint came with another public key than the record's:
    the checkpoints are checked against the record's key, never the one kept beside them."""
    for other in kept.public_keys:
        if other != public_key:
            raise fail(
                f"{path}: it came with the public key {base64.b64encode(other).decode()}, "
                f"not the record's {base64.b64encode(public_key).decode()}",
                code=1,
            )


def _public_key(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        raise fail("--public-key: not base64") from None
    if len(key) != 32:
        raise fail("--public-key: an Ed25519 public key is 32 bytes")
    return key


def _print_report(report: Report) -> None:
    out.print(f"entries      {report.entries}")
    out.print(f"checkpoints  {report.checkpoints}")
    out.print(f"root         {report.root.hex()}")
    if report.ok:
        out.print("[green]the record verifies: every entry and checkpoint is intact[/green]")
        return
    out.print(f"[red]{len(report.problems)} problems:[/red]")
    for problem in report.problems:
        out.print(f"  {problem}", markup=False, highlight=False)


@app.command()
def export(path: Path, home: HomeOption = None) -> None:
    """Write the record as JSON lines (entries and signed checkpoints) to a new file."""
    refuse_existing(path, "an export is written")
    sovet = open_instance(home, reads="record")
    try:
        with path.open("w", encoding="utf-8") as file:
            count = export_record(sovet.db, file)
    except OSError as error:
        raise fail(f"{path}: {error.strerror or error}") from None
    out.print(f"exported {count} entries to {path}")


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="The new file to write the copy to.")],
    home: HomeOption = None,
) -> None:
    """Copy an SQLite instance's database to a new file, consistent while it serves."""
    sovet = open_instance(home, reads="record")
    with refusals():
        source = source_of(sovet.db.engine, path)
        with progress_bar(of_bytes=True) as progress:
            task = progress.add_task("backing up", total=None)
            copy = back_up(
                source,
                path,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    out.print(f"backed up {copy.entries} entries ({copy.size:,} bytes) to {copy.path}")
    out.print(
        f"the instance's key ({sovet.settings.home / KEY_FILE}) is not in it: keep a copy "
        "of the key apart; it never changes"
    )


@app.command()
def notify(
    home: HomeOption = None,
    watch: Annotated[
        float | None,
        typer.Option(help="Keep on: look for what newly opened every this many seconds."),
    ] = None,
) -> None:
    """E-mail members what they can act in as it opens, and a reminder before voting closes.

    A member hears when a motion of their council goes on the agenda, a vote or an
    election they can vote in, an election's nominations or a recall petition in their
    council opens, or their workplace's part of an adopted plan awaits its answer; and, a
    day before a vote or an election's voting closes, if they have not voted in it yet."""
    sovet = open_instance(home)
    with refusals():
        mail = MailSettings.read(config_in(sovet.settings.home), sovet.settings.config_file)
        if watch is not None and watch <= 0:
            raise Invalid("--watch: must be more than 0 seconds")
        with sole_sender(sovet.settings.home):
            _send_notices(sovet, mail, watch)


def _send_notices(sovet: Sovet, mail: MailSettings, watch: float | None) -> None:
    while True:
        due: list[tuple[list[Notice], Callable[[], None]]] = []
        for entry in unsent(sovet.db, NOTICE_KINDS):
            with sovet.db.reading() as store:
                notices = notices_of(store, entry, mail.site)
            due.append((notices, partial(mark_sent, sovet.db, entry.position)))
        openings = sum(1 for notices, _ in due if notices)
        done = reminded(sovet.db)
        with sovet.db.reading() as store:
            reminders = [r for r in reminders_of(store, mail.site) if r.about not in done]
        due += [(r.notices, partial(mark_reminded, sovet.db, r.about)) for r in reminders]
        closings = sum(1 for reminder in reminders if reminder.notices)
        total = sum(len(notices) for notices, _ in due)
        if due:
            try:
                with progress_bar() as bar:
                    task = bar.add_task("sending notices", total=total)
                    advance = partial(bar.advance, task)
                    for notices, mark in due:
                        send(mail, notices, each=advance)
                        mark()
            except (smtplib.SMTPException, OSError) as error:
                message = f"the mail server at {mail.host}:{mail.port}: {error}"
                raise fail(message, code=1) from None
        if openings or closings or watch is None:
            ending = f" and {plural(closings, 'closing')}" if closings else ""
            out.print(f"sent {plural(total, 'notice')} of {plural(openings, 'opening')}{ending}")
        if watch is None:
            return
        time.sleep(watch)


@app.command(name="replay")
def replay_command(
    home: HomeOption = None,
    into: Annotated[
        str | None,
        typer.Option(
            help="Database URL to rebuild into (must be empty); default a temporary file."
        ),
    ] = None,
    export: Annotated[
        Path | None, typer.Option(help="Replay this export file instead of the live record.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Compare the rebuilt state with the live state.")
    ] = False,
    public_key: PublicKeyOption = None,
    kept: KeptOption = None,
) -> None:
    """Rebuild the state from the record alone, in an empty database.

    An export is checked first, as `sovet verify --export` checks it: from one that does
    not verify nothing is replayed. Without --public-key or --kept it is checked only
    against the key in its own header, so a whole record signed anew with another key
    passes: give the instance's published key, or checkpoints you kept, to pin it."""
    if check and export is not None:
        raise fail("--check compares with the live state: use it without --export")
    if export is None and (public_key is not None or kept is not None):
        raise fail(
            "--public-key and --kept check an export: use them with --export "
            "(`sovet verify` checks the live record)"
        )
    key = _public_key(public_key)
    trusted = _trusted(kept)
    scratch = None
    if into is None:
        scratch = Path(tempfile.mkdtemp(prefix="sovet-replay-"))
        into = f"sqlite:///{scratch / 'replay.db'}"
    try:
        live: Sovet | None = None
        if export is not None:
            source, report = _checked_export(export, key, kept, trusted)
            if not report.ok:
                _print_report(report)
                out.print("[red]nothing replayed: the export does not verify[/red]")
                raise typer.Exit(1)
            bodies: Iterable[str] = source.bodies
            checkpoints, total = source.checkpoints, len(source.bodies)
        else:
            live = open_instance(home, reads="state" if check else "record")
            bodies, checkpoints, total = (
                live.db.bodies(),
                live.db.checkpoints(),
                live.db.tree().size,
            )
        target = _empty_database(into)
        with progress_bar() as bar:
            task = bar.add_task("replaying the record", total=total)
            with refusals_of(ValueError):
                count = replay(
                    bodies, checkpoints, target, progress=lambda n: bar.update(task, completed=n)
                )
        out.print(
            f"replayed {count} entries into {target.url.render_as_string(hide_password=True)}"
        )
        if live is not None and check:
            differences = projection_differences(live.db.engine, target)
            for line in differences:
                out.print(f"  {line}", markup=False, highlight=False)
            if differences:
                out.print(f"[red]{len(differences)} rows differ from the live state[/red]")
                raise typer.Exit(1)
            out.print("[green]the replayed state equals the live state[/green]")
        target.dispose()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _empty_database(url: str) -> Engine:
    """An engine on ``url``, migrated; one line and exit 2 where it cannot be opened."""
    try:
        target = make_engine(url)
        migrate(target)
    except (SQLAlchemyError, ValueError) as error:
        raise fail(f"--into {_shown(url)}: {_first_line(error, url)}") from None
    return target


def _shown(url: str) -> str:
    """``url`` with its password hidden, as it may be printed; not shown at all where it is
    no URL (it may be a password pasted alone)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        masked, found = re.subn(r"^(\w[\w+.-]*://[^/@:]*:)[^/@]*@", r"\1***@", url)
        return masked if found or "://" in url else "(not a database URL)"


def _first_line(error: SQLAlchemyError | ValueError, url: str) -> str:
    """The first line of what the database said, with any password of ``url`` hidden."""
    cause = getattr(error, "orig", None) or error
    line = (str(cause).splitlines() or [type(cause).__name__])[0]
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        return line
    return line.replace(str(password), "***") if password else line


@app.command(name="move")
def move_command(
    into: Annotated[
        str,
        typer.Option(
            help="URL of the empty database to move into, e.g. "
            "postgresql+psycopg://sovet:PASSWORD@localhost/sovet."
        ),
    ],
    home: HomeOption = None,
) -> None:
    """Move the instance's whole database into another, empty one, such as PostgreSQL.

    Every table is copied, the accounts, sessions and open ballot boxes too, into a
    database migrated for it, and checked there: all of it or nothing. Stop the server
    first, since acts after the move began would not be in the copy: a move is refused
    while a `sovet serve` of this instance runs on this machine, but a server on another
    machine sharing a PostgreSQL database is not noticed: stop that one yourself. Then
    point the instance at the new database and start it again."""
    sovet = open_instance(home)
    with refusals(), no_server(sovet.settings.home):
        _move(sovet, into)


def _move(sovet: Sovet, into: str) -> None:
    """Move the database of ``sovet``, which no server of this machine is serving."""
    shown = _shown(into)
    try:
        target = make_engine(into)
        with target.connect():
            pass
    except SQLAlchemyError as error:
        raise fail(f"--into {shown}: {_first_line(error, into)}") from None
    bar = progress_bar()
    task = bar.add_task("moving", total=None)

    def show(step: str, done: int, total: int) -> None:
        """Update the bar, shown from the first step: not over a refused target."""
        if not bar.live.is_started:
            bar.start()
        bar.update(task, description=step, completed=done, total=total)

    try:
        try:
            moved = move(sovet.db.engine, target, public_key=sovet.key.public_key, progress=show)
        finally:
            if bar.live.is_started:
                bar.stop()
            target.dispose()
    except Refused as error:
        raise fail(f"--into {shown}: {error.message}") from None
    except MoveFailed as error:
        raise fail(f"{error}; nothing was written to {shown}", code=1) from None
    except SQLAlchemyError as error:
        message = f"the move failed: {_first_line(error, into)}; nothing was written to {shown}"
        raise fail(message, code=1) from None
    out.print(
        f"moved {plural(moved.entries, 'entry', 'entries')} and {plural(moved.rows, 'row')} "
        f"in {moved.tables} tables into {shown}: the record verifies there",
        markup=False,
        highlight=False,
    )
    password = " (the password in place of ***)" if make_url(into).password else ""
    overridden = ", unset SOVET_DATABASE_URL" if os.environ.get("SOVET_DATABASE_URL") else ""
    out.print(
        f'now set database_url = "{shown}"{password} in {sovet.settings.config_file}'
        f"{overridden} and restart the server",
        markup=False,
        highlight=False,
    )


@contextmanager
def refusals_of(*kinds: type[Exception]) -> Iterator[None]:
    try:
        yield
    except kinds as error:
        raise fail(str(error)) from None


@app.command()
def register(
    name: Annotated[str, typer.Option(help="Your name as members will see it.")],
    email: Annotated[str, typer.Option(help="Your e-mail, to log in with.")],
    home: HomeOption = None,
) -> None:
    """Register yourself as a member (asks for a password)."""
    sovet = open_instance(home)
    password = _password()
    with refusals():
        registration = prepare_registration(RegisterMember(name, email, password))
        with sovet.db.transaction() as store:
            member = register_member(store, registration)
    out.print(f"registered {member.name} as member {member.id}")


@app.command()
def leave(
    council: Annotated[str, typer.Argument(help="The base council's short code (slug).")],
    as_email: Annotated[str, typer.Option("--as", help="Your e-mail: you act as a member.")],
    home: HomeOption = None,
) -> None:
    """Leave a base council; the seats you hold for it and your offices in it end too."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        ended = len(leave_council(store, LeaveCouncil(council), actor=member))
    out.print(
        f"{member.name} left {council}; {plural(ended, 'seat or office', 'seats or offices')} ended"
    )


@app.command(name="import-members")
def import_members_command(
    council: Annotated[str, typer.Argument(help="The base council's short code (slug).")],
    csv_file: Annotated[Path, typer.Argument(help="CSV with a header name,email[,contact].")],
    as_email: Annotated[str, typer.Option("--as", help="Your e-mail: you act as a member.")],
    codes: Annotated[
        Path | None,
        typer.Option(help="Write the new members' invitation codes to this new CSV file."),
    ] = None,
    office: Annotated[
        str | None,
        typer.Option(
            help="Import as this officer of the council (its charter lists admit_members)."
        ),
    ] = None,
    email: Annotated[
        bool,
        typer.Option("--email", help="Also e-mail each new member their invitation code."),
    ] = False,
    home: HomeOption = None,
) -> None:
    """Import a workplace's members into its base council, all rows or none.

    Any member may while the council is being founded (until it first opens a vote or an
    election); after that, a member whose charter gives every member admit_members, or an
    officer whose office has it (--office); otherwise the council admits by a resolution
    on membership with an admit_members effect. With --email, each new member is also
    sent their code, through the mail settings of sovet notify."""
    csv_text = read_file(csv_file)
    if codes is not None:
        refuse_existing(codes, "the invitation codes are written")
    sovet = open_instance(home)
    mail = None
    if email:
        with refusals():
            mail = MailSettings.read(config_in(sovet.settings.home), sovet.settings.config_file)
    actor = _log_in(sovet, as_email)
    with refusals(), sovet.db.transaction() as store:
        imported = import_members(
            store, ImportMembers(council=council, csv_text=csv_text, office=office), actor=actor
        )
        invited = [row for row in imported if row.invitation]
        table = "email,invitation\n" + "".join(f"{r.email},{r.invitation}\n" for r in invited)
        if codes is not None:
            # Written before the import commits: codes that cannot be kept undo it.
            write_file(codes, table)
        importing_into = council_named(store, council)
    out.print(
        f"imported {len(imported)} members into {council} ({len(invited)} new to the federation)"
    )
    if codes is not None:
        out.print(f"invitation codes written to {codes}: pass each to its member")
    elif invited:
        out.print("invitation codes (shown once; pass each to its member):")
        out.print(table, end="", markup=False, highlight=False)
    if mail is not None:
        invitations = invitation_notices(importing_into, imported, mail.site)
        _send_invitations(sovet, mail, invitations, importing_into.id, actor.id)


def _send_invitations(
    sovet: Sovet, mail: MailSettings, invitations: list[Invitation], council: int, importer: int
) -> None:
    """E-mail each new member their code; the codes were shown or written already, so a
    mail server that fails loses none. Each e-mail that failed is named, and kept for
    the importer's page of the council."""
    with progress_bar() as bar:
        task = bar.add_task("e-mailing invitation codes", total=len(invitations))
        failed = send_invitations(
            sovet.db,
            mail,
            invitations,
            council=council,
            importer=importer,
            each=partial(bar.advance, task),
        )
    sent = len(invitations) - len(failed)
    out.print(f"e-mailed {plural(sent, 'invitation code')}")
    for item in failed:
        out.print(f"not e-mailed to {item.name} <{item.email}>: {item.reason}", markup=False)
    if failed:
        failures = plural(len(failed), "invitation e-mail")
        raise fail(f"{failures} failed: pass those codes on by hand", code=1)


def _password() -> str:
    return os.environ.get("SOVET_PASSWORD") or typer.prompt("password", hide_input=True)


def _log_in(sovet: Sovet, email: str) -> Member:
    password = _password()
    with refusals(), sovet.db.reading() as store:
        return authenticate(store, email, password)


app.add_typer(motions_app, name="motion")
app.add_typer(recall_app, name="recall")
app.add_typer(elections_app, name="election")
app.add_typer(books_app, name="books")
app.add_typer(period_app, name="period")
app.command(name="count")(count_command)
app.command(name="plan")(plan_command)
app.command(name="import-io")(import_io_command)
