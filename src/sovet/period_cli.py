"""``sovet period ...``: planning periods from the command line.

``open`` calls for proposals in the council that holds the planning competence; ``propose``
files a workplace's proposal (the processes of its books as they stand); ``round``
publishes the next round's balance, showing the engine's stage and the time elapsed
while it works; ``show`` prints a period, its rounds and the plan's parts; ``inputs``
writes a round's inputs (a published round's as they stood, rebuilt from the record) as
files for ``sovet plan``, so that anyone can compute its balance again. The governing
commands act as a member who logs in with ``--as EMAIL`` (the password from
``SOVET_PASSWORD`` or asked for); a refusal exits with code 2 and one line on stderr.
``sovet plan FILES...`` runs the engine on files without any council.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from sovet.adapters.audit import state_before
from sovet.domain.errors import NotFound
from sovet.domain.planning import PART_WORDS, PERIOD_WORDS, Round
from sovet.domain.text import MAX_ID
from sovet.motions_cli import (
    AsOption,
    HomeOption,
    acting,
    err,
    fail,
    log_in,
    open_instance,
    refusals,
    say,
)
from sovet.planning.cli import write_model
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.planning_rules import period_named, require_open
from sovet.services.publish_round import PublishRound, inputs_of, publish_next_round, round_model
from sovet.services.read_plan import PeriodRead, read_period

app = typer.Typer(
    help="Planning periods: call for proposals, propose, publish rounds, show.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
PeriodArgument = Annotated[int, typer.Argument(min=0, max=MAX_ID, help="The planning period's id.")]


@app.command(name="open")
def open_command(
    council: Annotated[str, typer.Argument(help="The planning council's short code.")],
    period: Annotated[str, typer.Argument(help="The period: 2028, 2028-Q1 or 2028-01.")],
    as_email: AsOption,
    days: Annotated[int, typer.Option(help="Days until proposals are due.")] = 14,
    labour: Annotated[
        float | None, typer.Option(help="Hours of labour available (default: not limited).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Open a planning period: the call for proposals."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        request = OpenPlanningPeriod(council, period, proposal_days=days, labour=labour)
        opened = open_planning_period(store, request, actor=member)
    say(
        f"planning period {opened.id} ({opened.name}) opened: at most {opened.round_limit} "
        f"rounds, proposals due {opened.proposals_due:%Y-%m-%d %H:%M} UTC"
    )


@app.command(name="propose")
def propose_command(
    period: PeriodArgument,
    council: Annotated[str, typer.Argument(help="Your workplace council's short code.")],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """File your workplace's proposal: the processes of its books as they stand."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        proposal = file_plan_proposal(store, FilePlanProposal(period, council), actor=member)
    say(
        f"{council} proposed {len(proposal.processes)} processes for round {proposal.round} "
        f"(entry {proposal.entry})"
    )


@app.command(name="round")
def round_command(period: PeriodArgument, as_email: AsOption, home: HomeOption = None) -> None:
    """Publish the next round: the engine balances every current proposal and target."""
    sovet = open_instance(home)
    member = log_in(sovet, as_email)
    with (
        refusals(),
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar,
    ):
        task = bar.add_task(f"round of period {period}")
        published = publish_next_round(
            sovet.db,
            PublishRound(period),
            actor=member,
            progress=lambda stage: bar.update(task, description=stage),
        )
    for line in round_lines(published):
        say(line)


@app.command(name="show")
def show_command(period: PeriodArgument, home: HomeOption = None) -> None:
    """Print a planning period: its rounds, the plan's parts and their fulfilment.

    The last round is printed in full."""
    sovet = open_instance(home, reads="state")
    with refusals(), sovet.db.reading() as store:
        found = read_period(store, period)
    for line in period_lines(found):
        say(line)


@app.command(name="inputs")
def inputs_command(
    period: PeriodArgument,
    out_folder: Annotated[
        Path,
        typer.Option("--out", help="Folder for products.csv, processes.csv and targets.csv."),
    ],
    number: Annotated[
        int | None,
        typer.Option(
            "--round",
            min=1,
            max=MAX_ID,
            help="A published round: its inputs as they stood. Default: the next round's.",
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Write a round's inputs as files for ``sovet plan``, to compute its balance again.

    The inputs are the proposals' processes, the catalogue and the targets, so that
    anyone can check the round's published balance."""
    sovet = open_instance(home, reads="state")
    with refusals():
        with sovet.db.reading() as store:
            found = period_named(store, period)
            published = None
            if number is None:
                require_open(store, found, "the next round's inputs")
                inputs = inputs_of(store, found)
            else:
                rounds = {r.number: r for r in store.plan_rounds(found.id)}
                if number not in rounds:
                    raise NotFound(
                        f"round {number}: {found.name} has published {found.rounds} "
                        f"round{'' if found.rounds == 1 else 's'}"
                    )
                published = rounds[number]
        if published is not None:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
                disable=not err.is_terminal,
            ) as bar:
                task = bar.add_task(
                    f"rebuilding the state before round {number}", total=published.entry
                )
                with (
                    state_before(
                        sovet.db,
                        published.entry,
                        progress=lambda count: bar.update(task, completed=count),
                    ) as then,
                    then.reading() as store,
                ):
                    inputs = inputs_of(store, period_named(store, period))
        economy, demand = round_model(inputs)
    try:
        paths = write_model(economy, economy.targets(demand), out_folder)
    except OSError as error:
        raise fail(f"{out_folder}: {error.strerror or error}") from None
    which = f"round {inputs.period.next_round}"
    say(
        f"wrote the inputs of {which} of {found.name}: {economy.n_products} products, "
        f"{economy.n_processes} processes, {len(demand)} targets"
    )
    labour = inputs.period.labour
    again = "" if labour is None else f" --labour {labour!r}"
    say(f"compute it again: sovet plan {' '.join(str(path) for path in paths)}{again}")
    if published is not None:
        say(f"{which} published a plan ray of {published.scale:.9g}")


def round_lines(published: Round) -> list[str]:
    balance = published.balance
    accuracy = balance["accuracy"]
    lines = [
        f"round {published.number}: plan ray {published.scale:.6g}"
        + (" (balanced)" if published.balanced else ""),
        f"  accuracy: primal residual {accuracy['primal_residual']:.2e}, dual residual "
        f"{accuracy['dual_residual']:.2e}, gap {accuracy['gap']:.2e} ({balance['solver']})",
    ]
    lines += [
        f"  short of {item['product']}: {item['shortfall']:g} {item['unit']}"
        for item in balance["products"]
        if item["shortfall"] > 0
    ]
    lines += [
        f"  binding: {item['describe']}, shadow price {item['shadow_price']:.4g}"
        for item in balance["bottlenecks"]
    ]
    return lines


def period_lines(found: PeriodRead) -> list[str]:
    period = found.period
    lines = [
        f"planning period {period.id}: {period.name} of {found.council.name}, "
        f"{PERIOD_WORDS[period.state]}; {period.rounds} of at most {period.round_limit} rounds"
    ]
    lines += [
        f"round {r.number}: plan ray {r.scale:.6g}, short of {r.shortfall:.1%} of the targets"
        for r in found.rounds[:-1]
    ]
    if found.latest is not None:
        lines += round_lines(found.latest)
    for part in found.parts:
        made = ", ".join(f"{item.quantity:g} {item.unit} {item.product}" for item in part.outputs)
        slug = found.councils[part.council_id].slug
        lines.append(f"part of {slug} ({PART_WORDS[part.state]}): {made}")
    lines += [
        f"fulfilment of {found.councils[row.council_id].slug}: {row.output:g} of "
        f"{row.target:g} {row.unit} {row.product}"
        for row in found.fulfilment
    ]
    return lines
