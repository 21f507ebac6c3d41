"""The public record's hot paths, next to pymerkle (an RFC 9162 Merkle log) in the same run.

    .venv/bin/python benchmarks/record.py                # full run: replay of 10^6 entries
    .venv/bin/python benchmarks/record.py --entries 100000

Prints appends per second (one act per transaction, and batches) on SQLite and, when
SOVET_BENCH_POSTGRES_URL (or SOVET_TEST_POSTGRES_URL) names a PostgreSQL database
that may be emptied, on PostgreSQL; the time to replay and to verify N entries; and
inclusion proofs generated and verified per second. pymerkle (``pip install pymerkle``)
is measured on the same leaves where installed, and must give the same roots.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sovet.adapters.audit import replay
from sovet.adapters.migrate import migrate, migrate_afresh
from sovet.adapters.sql import Database, make_engine
from sovet.record.checkpoint import InstanceKey
from sovet.record.entry import Entry
from sovet.record.merkle import MerkleTree, leaf_hash, verify_inclusion
from sovet.record.verify import StoredRow, verify_record

KEY = InstanceKey.from_seed(bytes(32))


def row(label: str, ours: str, reference: str = "") -> None:
    print(f"  {label:<44} {ours:>18}   {reference}")


def fresh_database(url: str | None, folder: Path, name: str) -> Database:
    if url is None:
        engine = make_engine(f"sqlite:///{folder / name}.db")
        migrate(engine)
    else:
        engine = make_engine(url)
        migrate_afresh(engine)
    return Database(engine, KEY)


def appends(db: Database, *, count: int, per_transaction: int) -> float:
    """Register ``count`` members through the record, ``per_transaction`` at a time."""
    start = time.perf_counter()
    for first in range(0, count, per_transaction):
        with db.transaction() as store:
            for number in range(first, min(count, first + per_transaction)):
                store.append(
                    "member.registered", {"name": f"Worker {number}"}, actor=None, under="self"
                )
    return count / (time.perf_counter() - start)


def pymerkle_sqlite_appends(folder: Path, count: int) -> str:
    try:
        from pymerkle import SqliteTree
    except ImportError:
        return "pymerkle not installed"
    tree = SqliteTree(str(folder / "pymerkle.db"), algorithm="sha256")
    start = time.perf_counter()
    for number in range(count):
        tree.append_entry(f"Worker {number}".encode())
    rate = count / (time.perf_counter() - start)
    return f"pymerkle SqliteTree: {rate:,.0f}/s (leaf only, no state)"


def synthetic_record(total: int) -> Iterator[str]:
    """A valid record of ``total`` entries: councils founded, members registered and admitted."""
    councils = max(1, total // 10_000)
    position = 0

    def entry(kind: str, payload: dict[str, object], actor: int | None) -> str:
        nonlocal position
        body = Entry(
            position, "2026-05-01T09:00:00.000000Z", kind, 1, actor, "self", payload
        ).body()
        position += 1
        return body

    yield entry("member.registered", {"name": "Founder"}, 0)
    council_ids = []
    charter = {
        "consent_objection_share": 0.1,
        "decides": ["membership"],
        "delegates_upward": [],
        "max_concurrent_mandates": 2,
        "quorum": 0.5,
        "recall_petition_threshold": 0.2,
        "term_limit": 3,
        "term_months": 12,
        "threshold": "simple",
    }
    for number in range(councils):
        council_ids.append(position)
        yield entry(
            "council.founded",
            {
                "slug": f"w{number}",
                "name": f"Works {number}",
                "kind": "base",
                "workplace": f"Works {number}",
                "charter": charter,
            },
            0,
        )
    rng = random.Random(1)
    while position < total - 1:
        member = position
        yield entry("member.registered", {"name": f"Worker {member}"}, 0)
        yield entry("member.admitted", {"council": rng.choice(council_ids), "member": member}, 0)


def pymerkle_proofs(leaves: list[bytes], indices: list[int], ours: MerkleTree) -> str:
    try:
        from pymerkle import InmemoryTree
        from pymerkle import verify_inclusion as pm_verify
    except ImportError:
        return "pymerkle not installed"
    tree = InmemoryTree(algorithm="sha256")
    start = time.perf_counter()
    for data in leaves:
        tree.append_entry(data)
    build = time.perf_counter() - start
    assert tree.get_root() == ours.root(), "pymerkle and sovet disagree on the root"
    size = tree.get_size()
    root = tree.get_root()
    start = time.perf_counter()
    proofs = [tree.prove_inclusion(i + 1, size) for i in indices]
    made = len(indices) / (time.perf_counter() - start)
    start = time.perf_counter()
    for i, proof in zip(indices, proofs, strict=True):
        pm_verify(tree.get_leaf(i + 1), root, proof)
    checked = len(indices) / (time.perf_counter() - start)
    return f"pymerkle: build {build:.2f} s, {made:,.0f} proofs/s, {checked:,.0f} verified/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="entries to replay")
    parser.add_argument("--appends", type=int, default=2_000, help="single-act transactions")
    parser.add_argument("--proof-leaves", type=int, default=100_000, help="tree size vs pymerkle")
    args = parser.parse_args()
    postgres = os.environ.get("SOVET_BENCH_POSTGRES_URL") or os.environ.get(
        "SOVET_TEST_POSTGRES_URL"
    )

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print("appends (an entry, its projection and a signed checkpoint per transaction)")
        backends = [("SQLite", None)] + ([("PostgreSQL", postgres)] if postgres else [])
        for name, url in backends:
            db = fresh_database(url, folder, f"appends-{name}")
            single = appends(db, count=args.appends, per_transaction=1)
            reference = pymerkle_sqlite_appends(folder, args.appends) if url is None else ""
            row(f"{name}: one act per transaction", f"{single:,.0f}/s", reference)
            batched = appends(db, count=50_000, per_transaction=1_000)
            row(f"{name}: 1,000 entries per transaction", f"{batched:,.0f}/s")
            db.engine.dispose()
        if not postgres:
            print("  (PostgreSQL skipped: set SOVET_BENCH_POSTGRES_URL)")

        print(f"\nreplay and verification of {args.entries:,} entries (SQLite)")
        bodies = list(synthetic_record(args.entries))
        target = fresh_database(None, folder, "replay")
        start = time.perf_counter()
        replay(bodies, [], target.engine)
        row(
            "replay into an empty database",
            f"{time.perf_counter() - start:.1f} s",
            "target: < 60 s",
        )
        leaves = [leaf_hash(body.encode()) for body in bodies]
        tree = MerkleTree(leaves)
        checkpoint = KEY.sign_checkpoint(tree.size, tree.root(), "2026-05-01T09:00:00Z")
        start = time.perf_counter()
        report = verify_record(
            (StoredRow(position=i, body=b) for i, b in enumerate(bodies)),
            [checkpoint],
            public_key=KEY.public_key,
        )
        assert report.ok, report.problems[:3]
        row("verify (hashes, positions, tree, signature)", f"{time.perf_counter() - start:.1f} s")
        target.engine.dispose()

    print(f"\ninclusion proofs (tree of {args.entries:,} leaves)")
    indices = random.Random(2).sample(range(tree.size), min(10_000, tree.size))
    start = time.perf_counter()
    proofs = [tree.inclusion_proof(i) for i in indices]
    made = len(indices) / (time.perf_counter() - start)
    root = tree.root()
    start = time.perf_counter()
    assert all(
        verify_inclusion(leaf_hash=leaves[i], index=i, size=tree.size, proof=p, root=root)
        for i, p in zip(indices, proofs, strict=True)
    )
    checked = len(indices) / (time.perf_counter() - start)
    row("generated / verified", f"{made:,.0f}/s / {checked:,.0f}/s")

    small = [body.encode() for body in bodies[: args.proof_leaves]]
    ours = MerkleTree()
    start = time.perf_counter()
    ours.extend(leaf_hash(data) for data in small)
    build = time.perf_counter() - start
    few = random.Random(3).sample(range(len(small)), min(2_000, len(small)))
    start = time.perf_counter()
    mine = [ours.inclusion_proof(i) for i in few]
    made = len(few) / (time.perf_counter() - start)
    print(f"\nside by side on {len(small):,} leaves")
    row(
        "sovet: build / proofs per second",
        f"{build:.2f} s / {made:,.0f}/s",
        pymerkle_proofs(small, few, ours),
    )
    assert len(mine) == len(few)


if __name__ == "__main__":
    main()
