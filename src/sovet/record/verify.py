"""Checking the record: hashes, positions, the tree and the signed checkpoints.

Pure code over rows as stored (from the database or from an export), so an auditor
can check an export with no database. Every problem is reported at its position:
an entry changed, removed, moved or inserted, an entry timed before the one it follows,
or a checkpoint whose signed root the entries no longer produce.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sovet.record.checkpoint import Checkpoint, verify_checkpoint
from sovet.record.entry import Entry
from sovet.record.merkle import MerkleTree, leaf_hash, verify_consistency

ProblemKind = Literal[
    "changed", "removed", "moved", "inserted", "backdated", "unsigned", "checkpoint"
]


@dataclass(frozen=True)
class StoredRow:
    """An entry as stored: its place, its body, and the columns kept beside the body."""

    position: int
    body: str
    leaf_hash: bytes | None = None
    kind: str | None = None
    actor: int | None = None
    time: str | None = None


@dataclass(frozen=True)
class Problem:
    position: int
    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.kind}: {self.message}"


@dataclass
class Report:
    entries: int = 0
    checkpoints: int = 0
    root: bytes = b""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_record(
    rows: Iterable[StoredRow],
    checkpoints: Sequence[Checkpoint],
    *,
    public_key: bytes,
    trusted: Sequence[Checkpoint] = (),
) -> Report:
    """Check every row and every checkpoint; the rows must come in stored order.

    ``trusted`` are checkpoints an auditor kept from earlier (a witness's copy): the
    record must have grown from each of them, shown by a consistency proof.
    """
    report = Report()
    tree = MerkleTree()
    claimed: dict[int, int] = {}
    expected = 0
    latest: tuple[datetime, str] | None = None  # the latest time stated: parsed, as written
    for row in rows:
        for gap in range(expected, row.position):
            report.problems.append(Problem(gap, "removed", "no entry is stored here"))
        expected = row.position + 1
        leaf = leaf_hash(row.body.encode())
        tree.append(leaf)
        try:
            entry = Entry.from_body(row.body)
            moment = datetime.fromisoformat(entry.time)
            if moment.tzinfo is None:
                raise ValueError(f"its time {entry.time} names no time zone")
        except (ValueError, json.JSONDecodeError) as error:
            report.problems.append(
                Problem(row.position, "changed", f"the body is not a valid entry ({error})")
            )
            continue
        report.problems.extend(_row_problems(row, entry, leaf, claimed))
        if latest is not None and moment < latest[0]:
            report.problems.append(
                Problem(
                    row.position,
                    "backdated",
                    f"the entry is timed {entry.time}, before an entry it follows ({latest[1]})",
                )
            )
        else:
            latest = (moment, entry.time)
    report.entries = tree.size
    report.root = tree.root()
    report.problems.extend(_checkpoint_problems(tree, checkpoints, public_key))
    report.problems.extend(_trusted_problems(tree, trusted, public_key))
    report.checkpoints = len(checkpoints)
    report.problems.sort(key=lambda problem: problem.position)
    return report


def _row_problems(
    row: StoredRow, entry: Entry, leaf: bytes, claimed: dict[int, int]
) -> list[Problem]:
    at = row.position
    problems = []
    if entry.position in claimed:
        problems.append(
            Problem(
                at,
                "inserted",
                f"the entry here claims position {entry.position}, "
                f"like the one at {claimed[entry.position]}",
            )
        )
    elif entry.position != at:
        problems.append(
            Problem(at, "moved", f"the entry stored here was appended at {entry.position}")
        )
    claimed.setdefault(entry.position, at)
    if row.leaf_hash is not None and row.leaf_hash != leaf:
        problems.append(Problem(at, "changed", "the body no longer matches its leaf hash"))
    for column in ("kind", "actor", "time"):
        stored = getattr(row, column)
        if stored is not None and stored != getattr(entry, column):
            problems.append(
                Problem(at, "changed", f"the {column} column differs from the entry's body")
            )
    return problems


def _checkpoint_problems(
    tree: MerkleTree, checkpoints: Sequence[Checkpoint], public_key: bytes
) -> list[Problem]:
    problems = []
    verified = 0
    failing: list[Checkpoint] = []
    for checkpoint in sorted(checkpoints, key=lambda c: c.size):
        if not verify_checkpoint(checkpoint, public_key):
            problems.append(
                Problem(checkpoint.size, "checkpoint", "the checkpoint's signature is not valid")
            )
        elif checkpoint.size > tree.size:
            problems.append(
                Problem(
                    tree.size,
                    "removed",
                    f"a signed checkpoint covers {checkpoint.size} entries; "
                    f"only {tree.size} are stored",
                )
            )
        elif tree.root(checkpoint.size) != checkpoint.root:
            failing.append(checkpoint)
        elif not failing:
            verified = checkpoint.size
    if failing:
        first = failing[0]
        later = f"; {len(failing) - 1} later checkpoints fail too" if len(failing) > 1 else ""
        problems.append(
            Problem(
                verified,
                "checkpoint",
                f"entries {verified} to {first.size - 1} no longer give the root signed at "
                f"size {first.size}{later}",
            )
        )
    covered = max((c.size for c in checkpoints), default=0)
    problems.extend(
        Problem(position, "unsigned", "no signed checkpoint covers this entry: inserted?")
        for position in range(covered, tree.size)
    )
    return problems


def _trusted_problems(
    tree: MerkleTree, trusted: Sequence[Checkpoint], public_key: bytes
) -> list[Problem]:
    """The record must extend every checkpoint the auditor kept (RFC 9162 section 2.1.4)."""
    problems = []
    for kept in trusted:
        if not verify_checkpoint(kept, public_key):
            problems.append(
                Problem(kept.size, "checkpoint", "the kept checkpoint's signature is not valid")
            )
        elif kept.size > tree.size:
            problems.append(
                Problem(
                    tree.size,
                    "removed",
                    f"a kept checkpoint covers {kept.size} entries; only {tree.size} are stored",
                )
            )
        elif kept.size > 0 and not verify_consistency(
            old_size=kept.size,
            new_size=tree.size,
            old_root=kept.root,
            new_root=tree.root(),
            proof=tree.consistency_proof(kept.size),
        ):
            problems.append(
                Problem(
                    0,
                    "checkpoint",
                    f"the record is not an extension of the kept checkpoint of size {kept.size}: "
                    "its history was rewritten",
                )
            )
    return problems
