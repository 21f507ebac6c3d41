"""The Merkle tree against the RFC 6962 reference vectors and by its properties."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sovet.record.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    leaf_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)


@pytest.fixture(scope="module")
def rfc6962(reference_data: Path) -> Path:
    """The folder of transparency-dev/merkle's RFC 6962 vectors and probe files."""
    return reference_data / "merkle_rfc6962"


@pytest.fixture(scope="module")
def vectors(rfc6962: Path) -> dict[str, Any]:
    vectors: dict[str, Any] = json.loads((rfc6962 / "rfc6962_vectors.json").read_text())
    return vectors


def hexes(values: list[str]) -> list[bytes]:
    return [bytes.fromhex(value) for value in values]


def b64s(values: list[str] | None) -> list[bytes]:
    return [base64.b64decode(value) for value in values or []]


def flip_bit(value: bytes) -> bytes:
    return bytes([value[0] ^ 1]) + value[1:]


def rejects(verify: Callable[..., bool], **arguments: Any) -> bool:
    """Whether a verifier refuses the arguments, by returning False or by a ValueError."""
    try:
        return not verify(**arguments)
    except ValueError:
        return True


def tree_of(vectors: dict[str, Any]) -> MerkleTree:
    return MerkleTree(leaf_hash(data) for data in hexes(vectors["leaf_inputs_hex"]))


# The reference vectors


@pytest.mark.reference_data
def test_leaf_hashes_match_the_rfc6962_vectors(vectors: dict[str, Any]) -> None:
    leaf_hashes = [leaf_hash(data) for data in hexes(vectors["leaf_inputs_hex"])]
    assert leaf_hashes == hexes(vectors["leaf_hashes_hex"])


@pytest.mark.reference_data
def test_node_hashes_at_every_level_match_the_rfc6962_vectors(vectors: dict[str, Any]) -> None:
    leaf_hashes = hexes(vectors["leaf_hashes_hex"])
    for height, level in enumerate(vectors["node_hashes_by_level_hex"]):
        width = 2**height
        subtrees = [leaf_hashes[i : i + width] for i in range(0, len(leaf_hashes), width)]
        assert [root_hash(subtree) for subtree in subtrees] == hexes(level)


@pytest.mark.reference_data
def test_roots_at_every_size_match_the_rfc6962_vectors(vectors: dict[str, Any]) -> None:
    tree = tree_of(vectors)
    leaf_hashes = hexes(vectors["leaf_hashes_hex"])
    for size, root in vectors["root_hash_by_tree_size_hex"].items():
        expected = bytes.fromhex(root)
        assert tree.root(int(size)) == expected
        assert root_hash(leaf_hashes[: int(size)]) == expected


@pytest.mark.reference_data
def test_inclusion_proofs_match_the_rfc6962_vectors(vectors: dict[str, Any]) -> None:
    tree = tree_of(vectors)
    for vector in vectors["inclusion_proofs"]:
        index, size = vector["leaf_index_0based"], vector["tree_size"]
        assert tree.inclusion_proof(index, size) == hexes(vector["audit_path_hex"])


@pytest.mark.reference_data
def test_inclusion_proofs_in_the_rfc6962_vectors_verify(vectors: dict[str, Any]) -> None:
    leaf_hashes = hexes(vectors["leaf_hashes_hex"])
    for vector in vectors["inclusion_proofs"]:
        index = vector["leaf_index_0based"]
        assert verify_inclusion(
            leaf_hash=leaf_hashes[index],
            index=index,
            size=vector["tree_size"],
            proof=hexes(vector["audit_path_hex"]),
            root=bytes.fromhex(vector["root_hex"]),
        )


@pytest.mark.reference_data
def test_consistency_proofs_match_the_rfc6962_vectors(vectors: dict[str, Any]) -> None:
    tree = tree_of(vectors)
    for vector in vectors["consistency_proofs"]:
        proof = tree.consistency_proof(vector["old_size"], vector["new_size"])
        assert proof == hexes(vector["proof_hex"])


@pytest.mark.reference_data
def test_consistency_proofs_in_the_rfc6962_vectors_verify(vectors: dict[str, Any]) -> None:
    for vector in vectors["consistency_proofs"]:
        assert verify_consistency(
            old_size=vector["old_size"],
            new_size=vector["new_size"],
            old_root=bytes.fromhex(vector["old_root_hex"]),
            new_root=bytes.fromhex(vector["new_root_hex"]),
            proof=hexes(vector["proof_hex"]),
        )


def probes(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every probe file under ``folder``, by its relative path."""
    files = sorted(folder.rglob("*.json"))
    assert files, f"no probe files in {folder}"
    return [(str(file.relative_to(folder)), json.loads(file.read_text())) for file in files]


@pytest.mark.reference_data
def test_inclusion_probes_are_accepted_or_rejected_as_transparency_dev_expects(
    rfc6962: Path,
) -> None:
    misjudged = [
        name
        for name, probe in probes(rfc6962 / "testdata" / "inclusion")
        if probe["wantErr"]
        != rejects(
            verify_inclusion,
            leaf_hash=base64.b64decode(probe["leafHash"]),
            index=probe["leafIdx"],
            size=probe["treeSize"],
            proof=b64s(probe["proof"]),
            root=base64.b64decode(probe["root"]),
        )
    ]
    assert misjudged == []


@pytest.mark.reference_data
def test_consistency_probes_are_accepted_or_rejected_as_transparency_dev_expects(
    rfc6962: Path,
) -> None:
    misjudged = [
        name
        for name, probe in probes(rfc6962 / "testdata" / "consistency")
        if probe["wantErr"]
        != rejects(
            verify_consistency,
            old_size=probe["size1"],
            new_size=probe["size2"],
            old_root=base64.b64decode(probe["root1"]),
            new_root=base64.b64decode(probe["root2"]),
            proof=b64s(probe["proof"]),
        )
    ]
    assert misjudged == []


# Properties

leaf_lists = st.lists(st.binary(max_size=8).map(leaf_hash), min_size=1, max_size=40)


@given(leaf_lists)
def test_the_root_at_every_earlier_size_is_the_root_of_that_prefix(leaves: list[bytes]) -> None:
    tree = MerkleTree(leaves)
    assert [tree.root(k) for k in range(len(leaves) + 1)] == [
        root_hash(leaves[:k]) for k in range(len(leaves) + 1)
    ]


@given(leaf_lists)
def test_appending_one_leaf_at_a_time_builds_the_same_tree_as_extending(
    leaves: list[bytes],
) -> None:
    appended = MerkleTree()
    for leaf in leaves:
        appended.append(leaf)
    extended = MerkleTree(leaves[:3])
    extended.extend(leaves[3:])
    assert appended.size == extended.size == len(leaves)
    assert appended.root() == extended.root() == root_hash(leaves)


@given(leaf_lists)
def test_every_inclusion_proof_at_every_size_verifies(leaves: list[bytes]) -> None:
    tree = MerkleTree(leaves)
    for size in range(1, len(leaves) + 1):
        root = tree.root(size)
        for index in range(size):
            proof = tree.inclusion_proof(index, size)
            assert verify_inclusion(
                leaf_hash=leaves[index], index=index, size=size, proof=proof, root=root
            )


@given(leaf_lists)
def test_every_consistency_proof_between_sizes_verifies(leaves: list[bytes]) -> None:
    tree = MerkleTree(leaves)
    for new_size in range(1, len(leaves) + 1):
        for old_size in range(1, new_size + 1):
            assert verify_consistency(
                old_size=old_size,
                new_size=new_size,
                old_root=tree.root(old_size),
                new_root=tree.root(new_size),
                proof=tree.consistency_proof(old_size, new_size),
            )


@given(leaf_lists, st.data())
def test_an_inclusion_proof_fails_for_a_changed_leaf_root_or_proof(
    leaves: list[bytes], data: st.DataObject
) -> None:
    tree = MerkleTree(leaves)
    size = data.draw(st.integers(1, len(leaves)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    proof, root = tree.inclusion_proof(index, size), tree.root(size)

    def verifies(**changes: Any) -> bool:
        good = {"leaf_hash": leaves[index], "index": index, "size": size, "proof": proof}
        return verify_inclusion(**{**good, "root": root, **changes})

    assert verifies()
    assert not verifies(leaf_hash=flip_bit(leaves[index]))
    assert not verifies(root=flip_bit(root))
    assert not verifies(proof=[*proof, root])
    for i in range(len(proof)):
        assert not verifies(proof=[*proof[:i], flip_bit(proof[i]), *proof[i + 1 :]])


@given(leaf_lists, st.data())
def test_a_consistency_proof_fails_for_a_changed_root_or_proof(
    leaves: list[bytes], data: st.DataObject
) -> None:
    tree = MerkleTree(leaves)
    new_size = data.draw(st.integers(1, len(leaves)), label="new_size")
    old_size = data.draw(st.integers(1, new_size), label="old_size")
    old_root, new_root = tree.root(old_size), tree.root(new_size)
    proof = tree.consistency_proof(old_size, new_size)

    def verifies(**changes: Any) -> bool:
        good = {"old_size": old_size, "new_size": new_size, "proof": proof}
        return verify_consistency(**{**good, "old_root": old_root, "new_root": new_root, **changes})

    assert verifies()
    assert not verifies(old_root=flip_bit(old_root))
    assert not verifies(new_root=flip_bit(new_root))
    assert not verifies(proof=[*proof, new_root])
    for i in range(len(proof)):
        assert not verifies(proof=[*proof[:i], flip_bit(proof[i]), *proof[i + 1 :]])


# Edges and impossible arguments


def test_the_empty_tree_has_the_hash_of_the_empty_string_as_root() -> None:
    assert MerkleTree().root() == root_hash([]) == EMPTY_ROOT
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_a_large_tree_gives_short_proofs_that_verify() -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(100_003)]
    tree = MerkleTree(leaves)
    root = tree.root()
    proof = tree.inclusion_proof(77_777)
    assert len(proof) == 17
    assert verify_inclusion(
        leaf_hash=leaves[77_777], index=77_777, size=tree.size, proof=proof, root=root
    )
    assert verify_consistency(
        old_size=65_537,
        new_size=tree.size,
        old_root=tree.root(65_537),
        new_root=root,
        proof=tree.consistency_proof(65_537),
    )


def test_leaf_hashes_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        MerkleTree([b"short"])


@pytest.mark.parametrize(
    ("call", "bad_argument"),
    [
        (lambda tree: tree.root(4), "size"),
        (lambda tree: tree.root(-1), "size"),
        (lambda tree: tree.inclusion_proof(3), "index"),
        (lambda tree: tree.inclusion_proof(-1), "index"),
        (lambda tree: tree.inclusion_proof(0, 5), "size"),
        (lambda tree: tree.consistency_proof(0), "old_size"),
        (lambda tree: tree.consistency_proof(3, 2), "old_size"),
        (lambda tree: tree.consistency_proof(1, 4), "new_size"),
    ],
)
def test_a_tree_names_the_argument_it_cannot_answer_for(
    call: Callable[[MerkleTree], object], bad_argument: str
) -> None:
    tree = MerkleTree(leaf_hash(bytes([i])) for i in range(3))
    with pytest.raises(ValueError, match=f"^{bad_argument} must"):
        call(tree)


@pytest.mark.parametrize(
    ("index", "size", "bad_argument"),
    [(0, -1, "size"), (-1, 3, "index"), (3, 3, "index"), (0, 0, "index")],
)
def test_verifying_inclusion_names_an_impossible_argument(
    index: int, size: int, bad_argument: str
) -> None:
    with pytest.raises(ValueError, match=f"^{bad_argument} must"):
        verify_inclusion(leaf_hash=EMPTY_ROOT, index=index, size=size, proof=[], root=EMPTY_ROOT)


def test_verifying_inclusion_refuses_a_leaf_hash_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match=r"^leaf_hash must be 32 bytes"):
        verify_inclusion(leaf_hash=b"", index=0, size=1, proof=[], root=b"")


@pytest.mark.parametrize(
    ("old_size", "new_size", "bad_argument"),
    [(1, -1, "new_size"), (-1, 3, "old_size"), (0, 3, "old_size"), (4, 3, "old_size")],
)
def test_verifying_consistency_names_an_impossible_argument(
    old_size: int, new_size: int, bad_argument: str
) -> None:
    with pytest.raises(ValueError, match=f"^{bad_argument} must"):
        verify_consistency(
            old_size=old_size,
            new_size=new_size,
            old_root=EMPTY_ROOT,
            new_root=EMPTY_ROOT,
            proof=[],
        )
