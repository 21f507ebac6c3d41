"""The published report of a count: quota, every stage, every transfer, every tie broken.

A report is what anyone checks a result against, so its format is versioned
(``sovet.count/1``) and old versions stay readable through :meth:`Report.from_dict`.
Every amount is written as a decimal string with the count's own number of places
(``"1300.00000"`` in a Scottish count, ``"4314"`` in an instant-runoff count), so that
the JSON holds the exact figures and no reader's floating point can change them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sovet.voting.ties import TieBreak

FORMAT = "sovet.count/1"
READABLE_FORMATS = (FORMAT,)

COMPLETE = 0
LOT_NEEDED = 1


def fixed(value: int, places: int) -> str:
    """An integer count of 10^-places units as a decimal string: ``fixed(130040863, 5)``."""
    if places == 0:
        return str(value)
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), 10**places)
    return f"{sign}{whole}.{part:0{places}d}"


@dataclass(frozen=True)
class Stage:
    """One stage of a count and what it moved.

    ``transfers`` holds what each candidate gained in this stage (and ``votes`` what each
    holds at its end); ``non_transferable`` what went to no one; ``lost`` what the
    rounding of transfer values removed from the count.
    """

    number: int
    action: str
    candidates: tuple[str, ...] = ()
    transfer_values: dict[str, str] = field(default_factory=dict)
    transfers: dict[str, str] = field(default_factory=dict)
    non_transferable: str = "0"
    lost: str = "0"
    votes: dict[str, str] = field(default_factory=dict)
    total_non_transferable: str = "0"
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    notes: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "action": self.action,
            "candidates": list(self.candidates),
            "transfer_values": dict(self.transfer_values),
            "transfers": dict(self.transfers),
            "non_transferable": self.non_transferable,
            "lost": self.lost,
            "votes": dict(self.votes),
            "total_non_transferable": self.total_non_transferable,
            "elected": list(self.elected),
            "excluded": list(self.excluded),
            "notes": dict(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stage:
        return cls(
            number=int(data["number"]),
            action=str(data["action"]),
            candidates=tuple(data.get("candidates", ())),
            transfer_values=dict(data.get("transfer_values", {})),
            transfers=dict(data.get("transfers", {})),
            non_transferable=str(data.get("non_transferable", "0")),
            lost=str(data.get("lost", "0")),
            votes=dict(data.get("votes", {})),
            total_non_transferable=str(data.get("total_non_transferable", "0")),
            elected=tuple(data.get("elected", ())),
            excluded=tuple(data.get("excluded", ())),
            notes=dict(data.get("notes", {})),
        )


@dataclass(frozen=True)
class Report:
    """Everything a count did, in order, with the figures exactly as counted."""

    method: str
    rule: str
    candidates: tuple[str, ...]
    seats: int
    ballots: int
    blank: int
    quota: str | None
    seed: str | None
    stages: tuple[Stage, ...]
    tie_breaks: tuple[TieBreak, ...]
    elected: tuple[str, ...]
    excluded: tuple[str, ...]
    status: int
    message: str
    extra: dict[str, object] = field(default_factory=dict)
    format: str = FORMAT

    def to_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "method": self.method,
            "rule": self.rule,
            "candidates": list(self.candidates),
            "seats": self.seats,
            "ballots": self.ballots,
            "blank": self.blank,
            "quota": self.quota,
            "seed": self.seed,
            "stages": [stage.to_dict() for stage in self.stages],
            "tie_breaks": [tie.to_dict() for tie in self.tie_breaks],
            "elected": list(self.elected),
            "excluded": list(self.excluded),
            "status": self.status,
            "message": self.message,
            "extra": dict(self.extra),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Read a published report of any format version this code knows."""
        version = data.get("format")
        if version not in READABLE_FORMATS:
            raise ValueError(f"format: {version!r} is not a count report format read here")
        return cls(
            method=str(data["method"]),
            rule=str(data["rule"]),
            candidates=tuple(data["candidates"]),
            seats=int(data["seats"]),
            ballots=int(data["ballots"]),
            blank=int(data["blank"]),
            quota=data["quota"],
            seed=data["seed"],
            stages=tuple(Stage.from_dict(stage) for stage in data["stages"]),
            tie_breaks=tuple(
                TieBreak(
                    stage=int(tie["stage"]),
                    purpose=str(tie["purpose"]),
                    tied=tuple(tie["tied"]),
                    chosen=str(tie["chosen"]),
                    by=str(tie["by"]),
                    draws=dict(tie.get("draws", {})),
                )
                for tie in data["tie_breaks"]
            ),
            elected=tuple(data["elected"]),
            excluded=tuple(data["excluded"]),
            status=int(data["status"]),
            message=str(data["message"]),
            extra=dict(data.get("extra", {})),
            format=str(version),
        )

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True)
class CountResult:
    """The outcome of a count: who is elected, and the full report.

    ``status`` is 0 when the count is complete; 1 when a tie needs a lot and no seed was
    given (``elected`` then holds those elected before the tie, and ``message`` says
    which tie). ``success`` is true only for a complete count.
    """

    elected: tuple[str, ...]
    report: Report

    @property
    def status(self) -> int:
        return self.report.status

    @property
    def success(self) -> bool:
        return self.report.status == COMPLETE

    @property
    def message(self) -> str:
        return self.report.message


def render_text(report: Report) -> str:
    """The report as plain text: the header, then each stage with its figures."""
    lines = [
        f"{report.method}: {report.rule}",
        f"candidates {len(report.candidates)}, seats {report.seats}, "
        f"valid ballots {report.ballots}, blank {report.blank}",
    ]
    if report.quota is not None:
        lines.append(f"quota {report.quota}")
    lines.append(f"seed {report.seed if report.seed is not None else '(none)'}")
    for stage in report.stages:
        lines.extend(_stage_lines(stage, report.candidates))
    for tie in report.tie_breaks:
        lines.append(f"tie at stage {tie.stage} between {', '.join(tie.tied)}: {tie_words(tie)}")
    for key, value in report.extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append(f"elected: {', '.join(report.elected) if report.elected else '(none)'}")
    lines.append(report.message)
    return "\n".join(lines)


def tie_words(tie: TieBreak, name: str | None = None) -> str:
    """What breaking a tie decided, and how, in words: ``Bea excluded by lot``,
    ``Bea wins seat 2 by lot``, ``Bea excluded on the votes at stage 1``. The chosen
    candidate is called ``name`` where given, else as the count names them."""
    chosen = tie.chosen if name is None else name
    purpose = tie.purpose
    if purpose == "exclusion":
        decided = f"{chosen} excluded"
    elif purpose == "last two":  # instant runoff counted on: the one chosen loses
        decided = f"{chosen} loses"
    elif purpose == "surplus to transfer":
        decided = f"{chosen}'s surplus transferred first"
    elif purpose == "place 1":
        decided = f"{chosen} wins"
    elif purpose.startswith("seat "):
        decided = f"{chosen} wins {purpose}"
    elif purpose.startswith("place "):
        decided = f"{chosen} takes {purpose}"
    else:
        decided = f"{chosen} chosen ({purpose})"
    return f"{decided} {'by lot' if tie.by == 'lot' else f'on the votes at {tie.by}'}"


def _stage_lines(stage: Stage, candidates: Sequence[str]) -> list[str]:
    heading = f"stage {stage.number}: {stage.action}"
    if stage.candidates:
        heading += f" of {', '.join(stage.candidates)}"
    lines = [heading]
    for before, after in stage.transfer_values.items():
        lines.append(f"  transfer value {before} -> {after}")
    width = max(len(name) for name in (*candidates, "non-transferable"))
    for name in candidates:
        if name not in stage.votes:
            continue
        gain = stage.transfers.get(name)
        moved = f"  ({'+' if gain and not gain.startswith('-') else ''}{gain})" if gain else ""
        lines.append(f"  {name:<{width}}  {stage.votes[name]:>14}{moved}")
    lines.append(
        f"  {'non-transferable':<{width}}  {stage.total_non_transferable:>14}"
        f"  (+{stage.non_transferable})"
    )
    if set(stage.lost) - {"0", "."}:
        lines.append(f"  lost to rounding: {stage.lost}")
    for key, value in stage.notes.items():
        lines.append(f"  {key}: {value}")
    if stage.elected:
        lines.append(f"  elected: {', '.join(stage.elected)}")
    if stage.excluded:
        lines.append(f"  excluded: {', '.join(stage.excluded)}")
    return lines
