"""The record as the pages show it: entries in words, and inclusion proofs to check."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.record.checkpoint import Checkpoint, verify_checkpoint
from sovet.record.entry import Entry
from sovet.record.merkle import MerkleTree, verify_inclusion


@dataclass(frozen=True)
class Names:
    """Names of the councils and members that entries refer to by id."""

    councils: Mapping[int, Council]
    members: Mapping[int, Member]

    def council(self, council_id: Any) -> str:
        council = self.councils.get(council_id) if isinstance(council_id, int) else None
        return f"council {council_id}" if council is None else council.name

    def member(self, member_id: Any) -> str:
        member = self.members.get(member_id) if isinstance(member_id, int) else None
        return f"member {member_id}" if member is None else member.name


def member_ids(entries: Iterable[Entry]) -> set[int]:
    """Every member an entry names, as actor or in its payload."""
    ids = set()
    for entry in entries:
        for value in (entry.actor, entry.payload.get("member")):
            if isinstance(value, int) and not isinstance(value, bool):
                ids.add(value)
    return ids


def describe(entry: Entry, names: Names) -> str:
    """One line that says what the entry did, in the words of the glossary."""
    p = entry.payload
    match entry.kind:
        case "member.registered":
            return f"{p.get('name')} registered as a member"
        case "council.founded":
            where = f" at {p['workplace']}" if p.get("workplace") else ""
            return f"{p.get('name')} founded as a {p.get('kind')} council{where}"
        case "member.admitted":
            return f"{names.member(p.get('member'))} admitted to {names.council(p.get('council'))}"
        case "member.expelled":
            return (
                f"{names.member(p.get('member'))} expelled from {names.council(p.get('council'))} "
                f"by its decision (grounds: {str(p.get('grounds')).replace('_', ' ')})"
            )
        case "member.left":
            return f"{names.member(p.get('member'))} left {names.council(p.get('council'))}"
        case "council.joined":
            seats = p.get("seats")
            noun = "seat" if seats == 1 else "seats"
            return (
                f"{names.council(p.get('constituent'))} joined "
                f"{names.council(p.get('council'))} with {seats} {noun}"
            )
        case "council.join_requested":
            seats = p.get("seats")
            noun = "seat" if seats == 1 else "seats"
            return (
                f"{names.council(p.get('constituent'))} asked to join "
                f"{names.council(p.get('council'))} with {seats} {noun}, awaiting its decision"
            )
        case "mandate.assigned":
            return (
                f"{names.member(p.get('member'))} takes seat {p.get('seat')} of "
                f"{names.council(p.get('constituency'))} in {names.council(p.get('council'))}, "
                f"{p.get('starts')} to {p.get('ends')}"
            )
        case "election.opened":
            return (
                f"election opened for {p.get('seats')} seats of "
                f"{names.council(p.get('constituency'))} in {names.council(p.get('council'))}"
            )
        case "candidate.nominated":
            return f"{names.member(p.get('member'))} nominated in election {p.get('election')}"
        case "election.ballot_cast":
            return f"a secret ranked ballot cast in election {p.get('election')}"
        case "election.counted":
            return f"election {p.get('election')} counted, ties by lot from seed {p.get('seed')}"
        case "mandate.elected":
            return (
                f"{names.member(p.get('member'))} elected to seat {p.get('seat')} of "
                f"{names.council(p.get('constituency'))} in {names.council(p.get('council'))}, "
                f"{p.get('starts')} to {p.get('ends')}"
            )
        case "office.filled":
            return (
                f"{names.member(p.get('member'))} takes the office of {p.get('office')} of "
                f"{names.council(p.get('council'))}, {p.get('starts')} to {p.get('ends')}"
            )
        case "motion.lapsed":
            return f"motion {p.get('motion')} lapsed: {p.get('reason')}"
        case "comment.hidden":
            return f"comment {p.get('comment')} hidden: “{p.get('reason')}”"
        case "comment.shown":
            return f"comment {p.get('comment')} shown again"
        case "mandate.ended":
            then = (
                "a substitute takes the seat"
                if p.get("successor")
                else "the seat is vacant: a by-election is due"
            )
            return f"mandate {p.get('mandate')} ended ({p.get('reason')}); {then}"
    return f"{entry.kind} (version {entry.version})"


@dataclass(frozen=True)
class InclusionProof:
    """That the entry at ``index`` is in the tree whose root ``checkpoint`` signs."""

    index: int
    leaf: bytes
    path: list[bytes]
    checkpoint: Checkpoint
    signature_valid: bool
    holds: bool
    """The server's own check of ``path`` against the signed root."""

    @property
    def root_b64(self) -> str:
        return base64.b64encode(self.checkpoint.root).decode("ascii")

    @property
    def signature_b64(self) -> str:
        return base64.b64encode(self.checkpoint.signature).decode("ascii")


def inclusion_proof(
    entry: Entry, tree: MerkleTree, checkpoint: Checkpoint | None, public_key: bytes
) -> InclusionProof | None:
    """The proof of ``entry`` against ``checkpoint``, or None where that checkpoint does
    not cover the entry or covers more entries than are stored."""
    if checkpoint is None or not entry.position < checkpoint.size <= tree.size:
        return None
    leaf = entry.leaf_hash()
    path = tree.inclusion_proof(entry.position, checkpoint.size)
    return InclusionProof(
        index=entry.position,
        leaf=leaf,
        path=path,
        checkpoint=checkpoint,
        signature_valid=verify_checkpoint(checkpoint, public_key),
        holds=verify_inclusion(
            leaf_hash=leaf,
            index=entry.position,
            size=checkpoint.size,
            proof=path,
            root=checkpoint.root,
        ),
    )
