"""``sovet recall ...``: petition to recall a delegate or officer, sign a petition, stand
down from one's own seat or office, and read a council's petitions and mandates, from the
command line.

``open``, ``sign`` and ``stand-down`` act as a member, who logs in with ``--as EMAIL`` (the password is
read from ``SOVET_PASSWORD`` or asked for). ``show`` prints what anyone may read. A
refusal exits with code 2 and one line on stderr.
"""

from __future__ import annotations

from typing import Annotated

import typer

from sovet.adapters.recall_queries import Held, open_recall_queries
from sovet.domain.motions import STATE_WORDS
from sovet.domain.text import MAX_ID
from sovet.motions_cli import (
    AsOption,
    HomeOption,
    acting,
    council_read,
    open_instance,
    say,
)
from sovet.services.agenda import council_with_id, support_needed
from sovet.services.petition_recall import PetitionRecall, petition_recall
from sovet.services.recall import ended_words
from sovet.services.sign_recall_petition import SignRecallPetition, sign_recall_petition
from sovet.services.stand_down import StandDown, stand_down

app = typer.Typer(
    help="Instant recall: petition to recall a delegate or officer, sign, follow.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command(name="open")
def open_command(
    mandate: Annotated[
        int,
        typer.Argument(
            min=0, max=MAX_ID, help="The mandate's id (`sovet recall show COUNCIL` lists them)."
        ),
    ],
    reasons: Annotated[str, typer.Option(help="Why the constituency should recall it.")],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Open a petition to recall a mandate of your constituency.

    You are its first signature."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        motion = petition_recall(store, PetitionRecall(mandate, reasons), actor=member)
        signatures = len(store.supporters(motion.id))
        wanted = support_needed(store, council_with_id(store, motion.council_id), motion.kind)
    say(f"opened recall petition {motion.id}: {motion.title}")
    say(f"{signatures} of {wanted} signatures")


@app.command()
def sign(
    petition: Annotated[
        int, typer.Argument(min=0, max=MAX_ID, help="The petition's id (its motion's).")
    ],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Sign a recall petition of your constituency.

    At the charter's threshold its vote is scheduled and opens by itself when the agenda
    period ends."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        motion = sign_recall_petition(store, SignRecallPetition(petition), actor=member)
        signatures = len(store.supporters(motion.id))
        wanted = support_needed(store, council_with_id(store, motion.council_id), motion.kind)
    say(
        f"signed recall petition {motion.id}: {signatures} of {wanted} signatures ({STATE_WORDS[motion.state]})"
    )


@app.command(name="stand-down")
def stand_down_command(
    mandate: Annotated[
        int,
        typer.Argument(
            min=0, max=MAX_ID, help="Your seat's or office's id (`sovet recall show COUNCIL`)."
        ),
    ],
    as_email: AsOption,
    home: HomeOption = None,
) -> None:
    """Stand down from your own seat or office, at once.

    A substitute takes a seat, else its by-election opens."""
    sovet = open_instance(home)
    with acting(sovet, as_email) as (store, member):
        stand_down(store, StandDown(mandate), actor=member)
    say(f"{member.name} stood down from mandate {mandate}")


@app.command()
def show(
    council: Annotated[str, typer.Argument(help="The council's short code (slug).")],
    home: HomeOption = None,
) -> None:
    """A council's recall petitions, the mandates it recalls, and its own seats and offices.

    Its vacant seats and offices are listed too."""
    sovet = open_instance(home, reads="state")
    found = council_read(sovet, council)
    with open_recall_queries(sovet.db) as queries:
        petitions = queries.petitions(found.id) or []
        mandates = queries.council_mandates(found.id)
    assert mandates is not None
    say(f"{found.name}: recall petitions")
    for petition in petitions:
        summary = petition.summary
        vote = "" if summary.vote is None else f", vote {summary.vote.vote.id}"
        say(
            f"  {summary.motion.id} {summary.motion.title}: {summary.supporters} of "
            f"{summary.needed} signatures, {STATE_WORDS[summary.motion.state]}{vote}"
        )
    say("mandates it can recall:")
    for held in mandates.recallable:
        say(f"  {_line(held)}")
    say("its seats and offices:")
    for held in [*mandates.seats, *mandates.offices]:
        say(f"  {_line(held)}")
    for vacant in mandates.vacancies:
        say(
            f"  vacant since {vacant.vacancy.opened}: {vacant.seat}, when {vacant.why}; "
            f"a by-election is due, for a term ending {vacant.vacancy.ends}"
        )


def _line(held: Held) -> str:
    m = held.mandate
    state = f"{m.starts} to {m.ends}"
    if m.ended_on:
        why = f" ({ended_words(m.end_reason)})" if m.end_reason else ""
        state = f"ended {m.ended_on}{why}"
    return f"{m.id} {held.holder.name}, {held.seat}: {state}"
