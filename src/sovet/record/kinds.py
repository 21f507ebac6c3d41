"""The kinds of entry in the record, each with the version of its payload format.

A new field in a payload is a new version; the projection keeps reading every older
version, so a record written years ago replays the same.
"""

from __future__ import annotations

KINDS: dict[str, int] = {
    "member.registered": 1,
    "council.founded": 1,
    "member.admitted": 1,
    "council.joined": 1,
    "mandate.assigned": 1,
}
