"""Checking a record whose entries are intact and signed, for what the signature alone
does not show: times that run backwards."""

from __future__ import annotations

from sovet.record.checkpoint import InstanceKey
from sovet.record.entry import Entry
from sovet.record.merkle import root_hash
from sovet.record.verify import Problem, StoredRow, verify_record

KEY = InstanceKey.from_seed(bytes(range(32)))


def signed(*times: str) -> tuple[list[StoredRow], list[Problem]]:
    """A record of one entry per time, signed whole as the instance would sign it, and
    what verifying it reports."""
    entries = [
        Entry(position, time, "member.registered", 1, None, "self", {"name": f"m{position}"})
        for position, time in enumerate(times)
    ]
    rows = [StoredRow(entry.position, entry.body()) for entry in entries]
    root = root_hash([entry.leaf_hash() for entry in entries])
    checkpoint = KEY.sign_checkpoint(len(entries), root, times[-1])
    return rows, verify_record(rows, [checkpoint], public_key=KEY.public_key).problems


def test_times_that_follow_the_record_s_order_verify() -> None:
    _, problems = signed(
        "2026-05-01T09:00:00.000000Z", "2026-05-01T09:00:00.000000Z", "2026-05-01T09:00:01Z"
    )
    assert problems == []


def test_an_entry_timed_before_the_one_it_follows_is_reported_though_signed() -> None:
    _, problems = signed(
        "2026-05-01T09:00:00.000000Z",
        "2026-05-01T10:00:00.000000Z",
        "2026-05-01T09:30:00.000000Z",
        "2026-05-01T09:45:00.000000Z",
        "2026-05-01T10:00:00.000001Z",
    )
    assert [str(problem) for problem in problems] == [
        "position 2: backdated: the entry is timed 2026-05-01T09:30:00.000000Z, before an "
        "entry it follows (2026-05-01T10:00:00.000000Z)",
        "position 3: backdated: the entry is timed 2026-05-01T09:45:00.000000Z, before an "
        "entry it follows (2026-05-01T10:00:00.000000Z)",
    ]


def test_times_are_compared_as_moments_not_as_text() -> None:
    _, problems = signed("2026-05-01T10:00:00+01:00", "2026-05-01T09:30:00Z")
    assert problems == []


def test_a_time_that_names_no_zone_is_not_a_valid_entry() -> None:
    _, problems = signed("2026-05-01T09:00:00Z", "2026-05-01T09:30:00")
    assert [problem.kind for problem in problems] == ["changed"]
    assert "names no time zone" in problems[0].message
