"""The public record: entries, signed checkpoints, and the proofs that check them.

Anyone can read it, logged in or not. With the instance's public key a client checks a
checkpoint's signature, an entry's inclusion under a signed root, and that a later
checkpoint extends an earlier one (RFC 9162 proofs, verified by ``sovet.record.merkle``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from sovet.adapters.queries import b64, open_queries
from sovet.api.deps import SovetDep
from sovet.api.models import (
    MAX_ID,
    CheckpointOut,
    ConsistencyProof,
    EntryWithHash,
    InclusionProof,
    LatestCheckpoint,
    RecordPageOut,
    b64_list,
    checkpoint_out,
    entry_out,
    refusals,
)
from sovet.bootstrap import Sovet
from sovet.domain.errors import Invalid, NotFound
from sovet.record.checkpoint import Checkpoint

MAX_PAGE = 500

router = APIRouter(prefix="/record", tags=["record"])
Position = Annotated[int, Path(ge=0, le=MAX_ID, description="The entry's position, from 0")]


@router.get("", summary="A page of the record", responses=refusals(422))
def page(
    sovet: SovetDep,
    start: Annotated[int, Query(ge=0, le=MAX_ID, description="The first position to list")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many entries")] = 50,
    kind: Annotated[
        str | None, Query(max_length=64, description="Only entries of this kind")
    ] = None,
) -> RecordPageOut:
    """Entries in order of position, each in its published JSON form, from ``start``."""
    with open_queries(sovet.db) as queries:
        found = queries.record(start=start, limit=limit, kind=kind)
    return RecordPageOut(
        entries=[entry_out(entry) for entry in found.entries],
        total=found.total,
        start=start,
        limit=limit,
    )


@router.get("/checkpoints/latest", summary="The latest signed checkpoint", responses=refusals(404))
def latest_checkpoint(sovet: SovetDep) -> LatestCheckpoint:
    """The record's size and Merkle root, signed by the instance, with the public key
    that checks the signature."""
    return LatestCheckpoint(
        checkpoint=checkpoint_out(_latest(sovet)),
        public_key=b64(sovet.key.public_key),
        key_id=sovet.key.key_id,
    )


@router.get("/consistency", summary="A consistency proof", responses=refusals(404, 422))
def consistency(
    sovet: SovetDep,
    old: Annotated[int, Query(ge=1, le=MAX_ID, description="The earlier size")],
    new: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="The later size (default: the latest checkpoint's)"),
    ] = None,
) -> ConsistencyProof:
    """The proof that the record of ``new`` entries extends the record of ``old``
    entries unchanged: nothing was rewritten or removed in between."""
    new = _size(sovet, new, "new")
    if old > new:
        raise Invalid(f"old: {old} is larger than new ({new})")
    tree = sovet.db.tree()
    return ConsistencyProof(
        old=old,
        new=new,
        old_root=b64(tree.root(old)),
        new_root=b64(tree.root(new)),
        proof=b64_list(tree.consistency_proof(old, new)),
        old_checkpoint=_signed_at(sovet, old),
        new_checkpoint=_signed_at(sovet, new),
    )


@router.get("/{position}", summary="One entry", responses=refusals(404, 422))
def entry(position: Position, sovet: SovetDep) -> EntryWithHash:
    """One entry in its published JSON form, with its Merkle leaf hash."""
    with open_queries(sovet.db) as queries:
        found = queries.entry(position)
    if found is None:
        raise NotFound(f"there is no entry at position {position}")
    return EntryWithHash(entry=entry_out(found), leaf_hash=found.leaf_hash().hex())


@router.get("/{position}/proof", summary="An inclusion proof", responses=refusals(404, 422))
def inclusion(
    position: Position,
    sovet: SovetDep,
    size: Annotated[
        int | None,
        Query(
            ge=1, le=MAX_ID, description="The size of the tree (default: the latest checkpoint's)"
        ),
    ] = None,
) -> InclusionProof:
    """The proof that the entry at ``position`` is in the record of ``size`` entries,
    with the checkpoint signed at that size when there is one."""
    with open_queries(sovet.db) as queries:
        found = queries.entry(position)
    if found is None:
        raise NotFound(f"there is no entry at position {position}")
    size = _size(sovet, size, "size")
    if position >= size:
        raise Invalid(f"size: entry {position} is not among the first {size} entries")
    tree = sovet.db.tree()
    return InclusionProof(
        index=position,
        size=size,
        leaf_hash=found.leaf_hash().hex(),
        proof=b64_list(tree.inclusion_proof(position, size)),
        checkpoint=_signed_at(sovet, size),
    )


def _latest(sovet: Sovet) -> Checkpoint:
    checkpoint = sovet.db.checkpoint()
    if checkpoint is None:
        raise NotFound("the record is empty: no checkpoint has been signed yet")
    return checkpoint


def _size(sovet: Sovet, size: int | None, field: str) -> int:
    """A size the record has had, defaulting to the latest signed checkpoint's."""
    latest = _latest(sovet).size
    if size is None:
        return latest
    if size > latest:
        raise Invalid(f"{field}: the record has {latest} entries, not {size}")
    return size


def _signed_at(sovet: Sovet, size: int) -> CheckpointOut | None:
    checkpoint = sovet.db.checkpoint(size)
    return None if checkpoint is None else checkpoint_out(checkpoint)
