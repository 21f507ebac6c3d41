"""Signed checkpoints and the instance key that signs them."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import stat
from pathlib import Path

import pytest

from sovet.record.checkpoint import Checkpoint, InstanceKey, verify_checkpoint
from sovet.record.merkle import leaf_hash, root_hash

ROOT = root_hash([leaf_hash(b"first entry"), leaf_hash(b"second entry")])
TIMESTAMP = "2025-05-01T12:00:00Z"


@pytest.fixture
def key() -> InstanceKey:
    return InstanceKey.from_seed(bytes(range(32)))


@pytest.fixture
def checkpoint(key: InstanceKey) -> Checkpoint:
    return key.sign_checkpoint(2, ROOT, TIMESTAMP)


def test_a_signed_checkpoint_verifies_with_the_instance_public_key(
    key: InstanceKey, checkpoint: Checkpoint
) -> None:
    assert verify_checkpoint(checkpoint, key.public_key)


def test_the_signed_text_is_the_versioned_note(key: InstanceKey) -> None:
    checkpoint = key.sign_checkpoint(7, bytes(32), TIMESTAMP)
    assert checkpoint.signed_text() == (
        b"sovet-checkpoint/v1\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
        b"2025-05-01T12:00:00Z\n"
    )


@pytest.mark.parametrize(
    "change",
    [{"size": 3}, {"root": bytes(32)}, {"timestamp": "2025-05-01T12:00:01Z"}],
    ids=["size", "root", "timestamp"],
)
def test_a_checkpoint_with_a_changed_field_fails_to_verify(
    key: InstanceKey, checkpoint: Checkpoint, change: dict[str, object]
) -> None:
    assert not verify_checkpoint(dataclasses.replace(checkpoint, **change), key.public_key)


def test_a_checkpoint_fails_to_verify_with_another_key(checkpoint: Checkpoint) -> None:
    assert not verify_checkpoint(checkpoint, InstanceKey.generate().public_key)


def test_a_checkpoint_signed_by_another_key_under_this_key_id_fails_to_verify(
    key: InstanceKey, checkpoint: Checkpoint
) -> None:
    forged = InstanceKey.generate().sign_checkpoint(2, ROOT, TIMESTAMP)
    forged = dataclasses.replace(forged, key_id=key.key_id)
    assert not verify_checkpoint(forged, key.public_key)


def test_a_checkpoint_with_a_malformed_signature_fails_to_verify(
    key: InstanceKey, checkpoint: Checkpoint
) -> None:
    truncated = dataclasses.replace(checkpoint, signature=checkpoint.signature[:-1])
    assert not verify_checkpoint(truncated, key.public_key)


def test_the_key_id_is_the_start_of_the_public_key_hash(key: InstanceKey) -> None:
    assert len(key.public_key) == 32
    assert key.key_id == hashlib.sha256(key.public_key).hexdigest()[:16]


def test_saving_and_loading_keeps_the_key_in_an_owner_only_file(
    key: InstanceKey, checkpoint: Checkpoint, tmp_path: Path
) -> None:
    path = tmp_path / "instance.key"
    key.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = InstanceKey.load(path)
    assert loaded.public_key == key.public_key
    assert loaded.sign_checkpoint(2, ROOT, TIMESTAMP) == checkpoint


def test_saving_never_overwrites_an_existing_key_file(key: InstanceKey, tmp_path: Path) -> None:
    path = tmp_path / "instance.key"
    path.write_text("an older key\n")
    with pytest.raises(FileExistsError):
        key.save(path)
    assert path.read_text() == "an older key\n"


def test_a_checkpoint_survives_a_json_round_trip(key: InstanceKey, checkpoint: Checkpoint) -> None:
    exported = json.loads(json.dumps(checkpoint.to_json()))
    restored = Checkpoint.from_json(exported)
    assert restored == checkpoint
    assert verify_checkpoint(restored, key.public_key)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"size": -1}, "size"),
        ({"root": b"short"}, "root"),
        ({"timestamp": "2025-05-01\nforged line"}, "timestamp"),
    ],
)
def test_a_checkpoint_refuses_fields_that_would_garble_its_note(
    checkpoint: Checkpoint, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message} must"):
        dataclasses.replace(checkpoint, **change)
