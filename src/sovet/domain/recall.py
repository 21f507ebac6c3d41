"""Instant recall: what no motion can do to it, at any level.

A recall is a motion of kind ``recall`` in the mandate's constituency, opened by a
petition of its members (``services.petition_recall``); its signatures are its support,
its vote is secret (it is about a person) and its effect ends the mandate at once, with
every seat held through it. The entrenched rule ``instant_recall`` forbids the rest: no
council's motion may recall a mandate (only the constituency's petition does), block or
delay a recall petition, or reinstate a recalled mandate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden
from sovet.domain.motions import BlockRecall, Effect, Recall, Reinstate

RECALL_MATTER = "recall"


@dataclass(frozen=True)
class Vacancy:
    """A seat or office that needs a by-election: its mandate ended early with no
    substitute left, or its constituency's election elected fewer than it has seats. It
    stays open until a later mandate fills it or its term ends."""

    council_id: int
    constituency_id: int
    seat_number: int
    office: str | None
    ends: date
    """When the seat's term ends: its by-election fills it until then."""
    opened: str
    """When it fell empty: the record time of the mandate's early end, or the day the
    term began for a seat its election left unfilled."""
    mandate_id: int | None = None
    """The mandate whose early end left it empty; none for a seat nobody was elected to."""


def check_recall_rights(effects: Sequence[Effect]) -> None:
    """Refuse a motion whose effects would recall by decree, block or reverse a recall."""
    for effect in effects:
        if isinstance(effect, BlockRecall):
            what = f"it would block or delay the recall petition {effect.motion}"
        elif isinstance(effect, Reinstate):
            what = f"it would reinstate mandate {effect.mandate} after its recall"
        elif isinstance(effect, Recall):
            what = (
                f"it would recall mandate {effect.mandate} by a motion, but only a petition "
                "of the mandate's own constituency opens a recall"
            )
        else:
            continue
        raise Forbidden(
            f"no council can decide this motion: {what}. {BY_KEY['instant_recall'].text}"
        )
