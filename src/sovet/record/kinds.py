"""The kinds of entry in the record, each with the version of its payload format.

A new field in a payload is a new version; the projection keeps reading every older
version, so a record written years ago replays the same.

A kind in ``RETIRED`` is one an older record may hold and the projection still reads,
but that no act writes any more: ``Store.append`` refuses it.
"""

from __future__ import annotations

KINDS: dict[str, int] = {
    "member.registered": 1,
    "council.founded": 1,
    "member.admitted": 1,
    "member.expelled": 1,
    "council.joined": 1,
    "council.join_requested": 1,
    "mandate.assigned": 1,
    "motion.filed": 1,
    "motion.supported": 1,
    "motion.scheduled": 1,
    "motion.lapsed": 1,
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
    "comment.shown": 1,
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
    "product.added": 1,
    "process.recorded": 1,
    "process.revised": 1,
    "process.retired": 1,
    "stock.recorded": 1,
    "output.recorded": 1,
    "books.imported": 1,
    "demand.adopted": 1,
    "planning_period.opened": 1,
    "plan.proposed": 1,
    "plan.targets_filed": 1,
    "plan.round_published": 1,
    "plan.adopted": 1,
    "plan_part.accepted": 1,
    "plan_part.returned": 1,
    "election.opened": 1,
    "candidate.nominated": 1,
    "candidate.consented": 1,
    "candidate.statement_published": 1,
    "election.voting_opened": 1,
    "election.lapsed": 1,
    "election.ballot_cast": 1,
    "election.closed": 1,
    "election.counted": 1,
    "mandate.elected": 1,
    "office.filled": 1,
    "mandate.ended": 1,
    "by_election.opened": 1,
    "office_election.opened": 1,
    "office.elected": 1,
    "charter.restored": 1,
    "instruction.withdrawn": 1,
    "plan.overturned": 1,
    "council.left": 1,
    "council.rejoined": 1,
    "demand.withdrawn": 1,
    "overturn.left": 1,
    "member.left": 1,
}

RETIRED: frozenset[str] = frozenset(
    {
        # An office filled by one member's act "at the council's founding". Every office
        # is filled by election by the council it serves (``office.elected``), the first
        # time too: no appointment, not even at the start.
        "office.filled",
        # A founding delegate named to a delegate council's seat by one member of its
        # constituency, themselves included. Every seat is filled by its constituency's
        # election (``mandate.elected``), the first time too: no member names a delegate.
        "mandate.assigned",
    }
)
