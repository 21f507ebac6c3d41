"""Signed checkpoints: an instance's Ed25519 signature over the size and root of its record.

A checkpoint commits the instance to the Merkle tree (RFC 9162 section 2.1) of its
public record at one size; consistency proofs between two checkpoints show that the
record only grew.  The signed bytes are a small versioned text note::

    sovet-checkpoint/v1
    <size in decimal>
    <root, standard base64>
    <timestamp>

each line ending in a newline.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from sovet.record.merkle import HASH_SIZE

CHECKPOINT_HEADER = "sovet-checkpoint/v1"
"""The first line of every signed checkpoint note; a new format gets a new version."""


def key_id_for(public_key: bytes) -> str:
    """The short name of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def _note(size: int, root: bytes, timestamp: str) -> bytes:
    """The exact bytes signed for a checkpoint (see the module docstring)."""
    root_text = base64.b64encode(root).decode("ascii")
    return f"{CHECKPOINT_HEADER}\n{size}\n{root_text}\n{timestamp}\n".encode()


@dataclass(frozen=True)
class Checkpoint:
    """The tree ``size`` and ``root`` at ``timestamp``, signed by the key ``key_id``."""

    size: int
    root: bytes
    timestamp: str
    signature: bytes
    key_id: str

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError(f"size must not be negative, got {self.size}")
        if len(self.root) != HASH_SIZE:
            raise ValueError(f"root must be {HASH_SIZE} bytes long, got {len(self.root)}")
        if "\n" in self.timestamp:
            raise ValueError("timestamp must be a single line")

    def signed_text(self) -> bytes:
        """The exact bytes that :attr:`signature` signs."""
        return _note(self.size, self.root, self.timestamp)

    def to_json(self) -> dict[str, int | str]:
        """A JSON-ready dict, with the bytes fields in standard base64."""
        return {
            "size": self.size,
            "root": base64.b64encode(self.root).decode("ascii"),
            "timestamp": self.timestamp,
            "signature": base64.b64encode(self.signature).decode("ascii"),
            "key_id": self.key_id,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Checkpoint:
        """The checkpoint that :meth:`to_json` exported (KeyError or ValueError if malformed)."""
        return cls(
            size=int(data["size"]),
            root=base64.b64decode(data["root"], validate=True),
            timestamp=str(data["timestamp"]),
            signature=base64.b64decode(data["signature"], validate=True),
            key_id=str(data["key_id"]),
        )


class InstanceKey:
    """This instance's Ed25519 key for signing checkpoints."""

    def __init__(self, signing_key: SigningKey) -> None:
        self._signing_key = signing_key

    @classmethod
    def generate(cls) -> InstanceKey:
        """A fresh random key."""
        return cls(SigningKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> InstanceKey:
        """The key derived from a 32-byte seed."""
        return cls(SigningKey(seed))

    @classmethod
    def load(cls, path: Path) -> InstanceKey:
        """The key whose seed :meth:`save` wrote to ``path``."""
        return cls.from_seed(base64.b64decode(path.read_text().strip(), validate=True))

    def save(self, path: Path) -> None:
        """Write the seed to a new file at ``path`` as base64 text, readable by the
        owner only (mode 0o600); an existing file is never overwritten.
        """
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(base64.b64encode(bytes(self._signing_key)).decode("ascii") + "\n")

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        return bytes(self._signing_key.verify_key)

    @property
    def key_id(self) -> str:
        """The short name of :attr:`public_key` (see :func:`key_id_for`)."""
        return key_id_for(self.public_key)

    def sign_checkpoint(self, size: int, root: bytes, timestamp: str) -> Checkpoint:
        """A checkpoint of the tree of ``size`` leaves with root ``root``, signed by this key."""
        signature = self._signing_key.sign(_note(size, root, timestamp)).signature
        return Checkpoint(size, root, timestamp, signature, self.key_id)


def verify_checkpoint(checkpoint: Checkpoint, public_key: bytes) -> bool:
    """Whether ``checkpoint`` names ``public_key`` and carries its valid signature."""
    if checkpoint.key_id != key_id_for(public_key):
        return False
    try:
        VerifyKey(public_key).verify(checkpoint.signed_text(), checkpoint.signature)
    except (BadSignatureError, ValueError):
        return False
    return True
