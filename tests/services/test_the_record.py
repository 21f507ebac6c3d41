"""Every act is in the record, with who did it and under what standing, and every write
transaction stores a signed checkpoint of the record it leaves."""

from __future__ import annotations

import pytest

from sovet.record.checkpoint import verify_checkpoint
from sovet.record.merkle import root_hash
from sovet.services.register_member import RegisterMember, register_member

from .federation import PASSWORD, Federation, build_busy_federation


def test_every_act_names_its_actor_and_the_standing_it_acted_under(
    federation: Federation,
) -> None:
    region = build_busy_federation(federation)
    entries = federation.entries()
    with federation.sovet.db.reading() as store:
        for entry in entries:
            if entry.under == "self":
                assert entry.kind in {"member.registered", "council.founded", "member.admitted"}
                assert entry.actor is not None
                continue
            standing, number = entry.under.split(":")
            assert entry.actor is not None
            if standing == "membership":
                assert store.is_member(int(number), entry.actor)
            else:
                assert standing == "mandate"
                assert int(number) in {m.id for m in store.mandates_of_member(entry.actor)}
    unders = {(entry.kind, entry.actor, entry.under) for entry in entries}
    assert ("member.admitted", region.gleb.id, f"membership:{region.mill.id}") in unders
    assert ("council.joined", region.vera.id, f"membership:{region.mill.id}") in unders


def test_a_member_registering_acts_for_themselves(federation: Federation) -> None:
    ana = federation.register("Ana")
    [entry] = federation.entries()
    assert (entry.actor, entry.under) == (ana.id, "self")


def test_each_write_transaction_stores_a_signed_checkpoint_of_the_whole_record(
    federation: Federation,
) -> None:
    sovet = federation.sovet
    build_busy_federation(federation)
    checkpoints = sovet.db.checkpoints()
    entries = federation.entries()
    assert checkpoints[-1].size == len(entries)
    assert checkpoints[-1].root == root_hash([entry.leaf_hash() for entry in entries])
    for checkpoint in checkpoints:
        assert verify_checkpoint(checkpoint, sovet.key.public_key)
        assert checkpoint.root == root_hash(
            [entry.leaf_hash() for entry in entries[: checkpoint.size]]
        )


def test_an_act_writing_several_entries_stores_one_checkpoint_after_the_last(
    federation: Federation,
) -> None:
    ana = federation.register("Ana")
    before = len(federation.sovet.db.checkpoints())
    federation.found_base(ana, "tractor-works", "Tractor Works")
    checkpoints = federation.sovet.db.checkpoints()
    assert len(checkpoints) == before + 1
    assert checkpoints[-1].size == federation.record_size() == 3


def test_a_transaction_that_fails_after_appending_leaves_neither_entries_nor_checkpoint(
    federation: Federation,
) -> None:
    ana = federation.register("Ana")
    state = federation.state()
    with pytest.raises(RuntimeError), federation.sovet.db.transaction() as store:
        register_member(store, RegisterMember("Boris", "boris@example.org", PASSWORD))
        raise RuntimeError("the server went down mid-act")
    assert federation.state() == state
    federation.found_base(ana, "tractor-works", "Tractor Works")
    entries = federation.entries()
    checkpoint = federation.sovet.db.checkpoints()[-1]
    assert checkpoint.size == len(entries) == 3
    assert checkpoint.root == root_hash([entry.leaf_hash() for entry in entries])


def test_reading_writes_no_checkpoint(federation: Federation) -> None:
    federation.register("Ana")
    checkpoints = federation.sovet.db.checkpoints()
    with federation.sovet.db.transaction() as store:
        store.member(0)
    assert federation.sovet.db.checkpoints() == checkpoints
