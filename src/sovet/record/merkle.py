"""Merkle trees for the public record, as in RFC 9162 section 2.1 (the hashing of RFC 6962).

Leaves are hashed as ``SHA-256(0x00 || data)`` and interior nodes as
``SHA-256(0x01 || left || right)``; a tree of ``n`` leaves splits at the largest power
of two below ``n``.  :class:`MerkleTree` keeps the hash of every complete subtree, so
roots, inclusion proofs and consistency proofs for the current size or any earlier size
cost O(log n).  The ``verify_*`` functions are the client algorithms of RFC 9162
sections 2.1.3.2 and 2.1.4.2 and need nothing but the proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
"""Length in bytes of every hash in the tree (SHA-256)."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""The root of the tree with no leaves, ``MTH({})`` (RFC 9162 section 2.1.1)."""


def leaf_hash(data: bytes) -> bytes:
    """Hash one entry as a leaf: ``SHA-256(0x00 || data)`` (RFC 9162 section 2.1.1)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash two subtrees into their parent: ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash ``MTH`` of a list of leaf hashes, straight from its recursive
    definition in RFC 9162 section 2.1.1 (O(n); use :class:`MerkleTree` to keep a tree).
    """

    def mth(start: int, end: int) -> bytes:
        if end - start == 1:
            return leaf_hashes[start]
        middle = start + _split_point(end - start)
        return node_hash(mth(start, middle), mth(middle, end))

    return mth(0, len(leaf_hashes)) if leaf_hashes else EMPTY_ROOT


def _split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n > 1``), where RFC 9162 splits."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """An append-only Merkle tree of leaf hashes that remembers every earlier size.

    ``_levels[h][i]`` is the hash of the complete subtree of ``2**h`` leaves starting at
    leaf ``i * 2**h``; level 0 holds the leaf hashes themselves.  Any range of leaves
    that RFC 9162's recursion visits starts at a multiple of a power of two at least as
    large as the range, so it is a run of at most log2(n) cached complete subtrees.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """The number of leaves."""
        return len(self._levels[0])

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf hash at the end (amortised O(1))."""
        self.extend((leaf_hash,))

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Add leaf hashes at the end, hashing every subtree that they complete."""
        new = list(leaf_hashes)
        if any(len(h) != HASH_SIZE for h in new):
            raise ValueError(f"every leaf hash must be {HASH_SIZE} bytes long")
        self._levels[0].extend(new)
        height = 0
        while len(self._levels[height]) > 1:
            if height + 1 == len(self._levels):
                self._levels.append([])
            below, above = self._levels[height], self._levels[height + 1]
            pairs = range(2 * len(above), len(below) - 1, 2)
            if not pairs:
                break
            above.extend([node_hash(below[i], below[i + 1]) for i in pairs])
            height += 1

    def root(self, size: int | None = None) -> bytes:
        """``MTH(D[0:size])``, the root when the tree had ``size`` leaves (default: now)."""
        return self._range_hash(0, self._checked_size(size, "size"))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The inclusion proof ``PATH(index, D[0:size])`` of RFC 9162 section 2.1.3.1,
        ordered from the leaf's sibling up to the root's child.
        """
        size = self._checked_size(size, "size")
        if not 0 <= index < size:
            raise ValueError(f"index must be in [0, {size}), got {index}")
        path = []
        start, end = 0, size
        while end - start > 1:
            middle = start + _split_point(end - start)
            if index < middle:
                path.append(self._range_hash(middle, end))
                end = middle
            else:
                path.append(self._range_hash(start, middle))
                start = middle
        path.reverse()
        return path

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The consistency proof ``PROOF(old_size, D[0:new_size])`` of RFC 9162 section
        2.1.4.1 (``SUBPROOF`` unrolled); empty when the sizes are equal.
        """
        new_size = self._checked_size(new_size, "new_size")
        _check_consistency_sizes(old_size, new_size)
        proof = []
        start, end = 0, new_size
        while old_size != end:
            middle = start + _split_point(end - start)
            if old_size <= middle:
                proof.append(self._range_hash(middle, end))
                end = middle
            else:
                proof.append(self._range_hash(start, middle))
                start = middle
        # SUBPROOF's flag b is start == 0: then D[start:end] is the old tree, whose root
        # the verifier already has.
        if start > 0:
            proof.append(self._range_hash(start, end))
        proof.reverse()
        return proof

    def _checked_size(self, size: int | None, name: str) -> int:
        """``size``, defaulting to the current size, checked to be a size this tree had."""
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise ValueError(f"{name} must be in [0, {self.size}], got {size}")
        return size

    def _range_hash(self, start: int, end: int) -> bytes:
        """``MTH(D[start:end])`` from cached complete subtrees, for a range aligned as
        RFC 9162's recursion aligns them (``start`` a multiple of a power of two that is
        at least ``end - start``).
        """
        if start == end:
            return EMPTY_ROOT
        subtrees = []
        while start < end:
            height = (end - start).bit_length() - 1
            subtrees.append(self._levels[height][start >> height])
            start += 1 << height
        result = subtrees.pop()
        while subtrees:
            result = node_hash(subtrees.pop(), result)
        return result


def verify_inclusion(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows that ``leaf_hash`` is leaf ``index`` of the tree of
    ``size`` leaves with root ``root``, by the algorithm of RFC 9162 section 2.1.3.2.

    Raises :class:`ValueError` when ``index`` is not a leaf of such a tree or
    ``leaf_hash`` is not a hash.
    """
    if len(leaf_hash) != HASH_SIZE:
        raise ValueError(f"leaf_hash must be {HASH_SIZE} bytes long, got {len(leaf_hash)}")
    if size < 0:
        raise ValueError(f"size must not be negative, got {size}")
    if not 0 <= index < size:
        raise ValueError(f"index must be in [0, {size}), got {index}")
    fn, sn = index, size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    *, old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows that the tree of ``new_size`` leaves with root ``new_root``
    extends the tree of ``old_size`` leaves with root ``old_root``, by the algorithm of
    RFC 9162 section 2.1.4.2.  Equal sizes need an empty proof and equal roots.

    Raises :class:`ValueError` unless ``0 < old_size <= new_size``: RFC 9162 defines
    no consistency proof from the empty tree.
    """
    _check_consistency_sizes(old_size, new_size)
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = [old_root, *proof] if old_size & (old_size - 1) == 0 else list(proof)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def _check_consistency_sizes(old_size: int, new_size: int) -> None:
    """Reject sizes for which RFC 9162 section 2.1.4 defines no consistency proof."""
    if new_size < 0:
        raise ValueError(f"new_size must not be negative, got {new_size}")
    if not 0 < old_size <= new_size:
        raise ValueError(f"old_size must be in [1, new_size={new_size}], got {old_size}")
