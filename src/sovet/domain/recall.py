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

from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden
from sovet.domain.motions import BlockRecall, Effect, Recall, Reinstate

RECALL_MATTER = "recall"


@dataclass(frozen=True)
class Vacancy:
    """A seat or office left empty when its mandate ended early with no substitute left:
    a by-election is due. It stays open until a later mandate fills the same seat."""

    mandate_id: int
    """The mandate whose end left the seat empty."""
    council_id: int
    constituency_id: int
    seat_number: int
    office: str | None
    opened: str
    entry: int


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
