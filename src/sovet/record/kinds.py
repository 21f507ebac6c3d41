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
    "motion.filed": 1,
    "motion.supported": 1,
    "motion.scheduled": 1,
    "secret_ballot.requested": 1,
    "amendment.proposed": 1,
    "vote.opened": 1,
    "vote.cast": 1,
    "vote.closed": 1,
    "motion.amended": 1,
    "amendment.lapsed": 1,
    "charter.amended": 1,
    "comment.posted": 1,
    "comment.hidden": 1,
    "minority_report.attached": 1,
    "motion.forwarded": 1,
    "consultation.opened": 1,
    "instruction.issued": 1,
    "referendum.petitioned": 1,
    "referendum.signed": 1,
    "faction.formed": 1,
    "faction.joined": 1,
    "faction.left": 1,
    "faction.statement_published": 1,
}
