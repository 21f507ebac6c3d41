"""The projection of motions, votes, decisions, comments and factions.

Like ``projection``, each handler turns one entry into writes and reads nothing: every
value it writes is in the entry. Ids are entry positions. The ballot box of an open
secret vote is not written here: it is not a projection of the record (``tables``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Executable, delete, insert, update

from sovet.adapters import tables as t
from sovet.record.entry import Entry, canonical

Write = tuple[Executable, dict[str, Any]]
Handler = Callable[[Entry], list[Write]]

INSERT_MOTION = insert(t.motions)
INSERT_VERSION = insert(t.motion_versions)
INSERT_SUPPORTER = insert(t.supporters)
INSERT_SECRECY_REQUEST = insert(t.secrecy_requests)
INSERT_AMENDMENT = insert(t.amendments)
INSERT_VOTE = insert(t.votes)
INSERT_VOTER = insert(t.vote_register)
INSERT_BALLOT = insert(t.ballots)
INSERT_PUBLISHED_BALLOT = insert(t.published_ballots)
INSERT_DECISION = insert(t.decisions)
INSERT_MINORITY_REPORT = insert(t.minority_reports)
INSERT_COMMENT = insert(t.comments)
INSERT_INSTRUCTION = insert(t.instructions)
INSERT_REFERENDUM = insert(t.referendums)
INSERT_SIGNATURE = insert(t.referendum_signatures)
INSERT_FACTION = insert(t.factions)
INSERT_FACTION_MEMBER = insert(t.faction_members)
INSERT_STATEMENT = insert(t.faction_statements)


def _set(table: Any, key: Any, **values: Any) -> Write:
    return (update(table).where(key).values(**values), {})


def _motion_state(motion: int, state: str) -> Write:
    return _set(t.motions, t.motions.c.id == motion, state=state)


def _new_motion(entry: Entry, **fields: Any) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "council_id": p["council"],
        "kind": p["kind"],
        "matter": p["matter"],
        "title": p["title"],
        "filed_by": entry.actor,
        "on_behalf_of": None,
        "effects": canonical(p["effects"]),
        "state": "filed",
        "version": 1,
        "filed": entry.time,
        "due": None,
        "forwarded_from": None,
        "origin_vote": None,
        "consults": None,
    } | fields
    version = {
        "motion_id": entry.position,
        "number": 1,
        "text": p["text"],
        "amendment_id": None,
        "made": entry.time,
    }
    return [(INSERT_MOTION, row), (INSERT_VERSION, version)]


def _motion_filed(entry: Entry) -> list[Write]:
    supporter = {
        "motion_id": entry.position,
        "member_id": entry.actor,
        "supported": entry.time,
        "entry": entry.position,
    }
    return [
        *_new_motion(entry, on_behalf_of=entry.payload["on_behalf_of"]),
        (INSERT_SUPPORTER, supporter),
    ]


def _motion_forwarded(entry: Entry) -> list[Write]:
    p = entry.payload
    return _new_motion(entry, forwarded_from=p["origin"], origin_vote=canonical(p["origin_vote"]))


def _consultation_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    return _new_motion(entry, state="on_agenda", due=p["due"], consults=p["consults"])


def _motion_supported(entry: Entry) -> list[Write]:
    row = {
        "motion_id": entry.payload["motion"],
        "member_id": entry.actor,
        "supported": entry.time,
        "entry": entry.position,
    }
    return [(INSERT_SUPPORTER, row)]


def _motion_scheduled(entry: Entry) -> list[Write]:
    p = entry.payload
    return [_set(t.motions, t.motions.c.id == p["motion"], state="on_agenda", due=p["due"])]


def _secret_ballot_requested(entry: Entry) -> list[Write]:
    row = {"motion_id": entry.payload["motion"], "member_id": entry.actor, "entry": entry.position}
    return [(INSERT_SECRECY_REQUEST, row)]


def _amendment_proposed(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "motion_id": p["motion"],
        "proposed_by": entry.actor,
        "original": p["original"],
        "replacement": p["replacement"],
        "version": p["version"],
        "state": "pending",
        "proposed": entry.time,
    }
    return [(INSERT_AMENDMENT, row)]


def _vote_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "council_id": p["council"],
        "subject": p["subject"],
        "motion_id": p["motion"],
        "amendment_id": p["amendment"],
        "referendum_id": p["referendum"],
        "secret": p["secret"],
        "quorum": p["quorum"],
        "threshold": p["threshold"],
        "objection_share": p["objection_share"],
        "eligible": p["eligible"],
        "opened": entry.time,
        "closes": p["closes"],
        "closed": None,
        "yes": None,
        "no": None,
        "abstain": None,
        "quorum_met": None,
        "passed": None,
        "reason": None,
    }
    writes: list[Write] = [(INSERT_VOTE, row)]
    writes += [
        (
            INSERT_VOTER,
            {"vote_id": entry.position, "member_id": member, "under": under, "voted": False},
        )
        for member, under in p["register"]
    ]
    if p["subject"] == "amendment":
        writes.append(_set(t.amendments, t.amendments.c.id == p["amendment"], state="voting"))
        writes.append(_motion_state(p["motion"], "amending"))
    elif p["subject"] == "motion":
        writes.append(_motion_state(p["motion"], "voting"))
    else:
        writes.append(
            _set(t.referendums, t.referendums.c.id == p["referendum"], vote_id=entry.position)
        )
    return writes


def _vote_cast(entry: Entry) -> list[Write]:
    p = entry.payload
    voted = _set(
        t.vote_register,
        (t.vote_register.c.vote_id == p["vote"]) & (t.vote_register.c.member_id == entry.actor),
        voted=True,
    )
    if p["secret"]:
        return [voted]
    ballot = {
        "vote_id": p["vote"],
        "member_id": entry.actor,
        "choice": p["choice"],
        "entry": entry.position,
        "against_instruction": p["against_instruction"],
    }
    return [(INSERT_BALLOT, ballot), voted]


def _vote_closed(entry: Entry) -> list[Write]:
    p = entry.payload
    writes: list[Write] = [
        _set(
            t.votes,
            t.votes.c.id == p["vote"],
            closed=entry.time,
            yes=p["yes"],
            no=p["no"],
            abstain=p["abstain"],
            quorum_met=p["quorum_met"],
            passed=p["passed"],
            reason=p["reason"],
        )
    ]
    writes += [
        (
            INSERT_PUBLISHED_BALLOT,
            {
                "vote_id": p["vote"],
                "receipt_hash": bytes.fromhex(ballot["receipt"]),
                "choice": ballot["choice"],
            },
        )
        for ballot in p["ballots"]
    ]
    if p["subject"] == "motion":
        writes.append(_motion_state(p["motion"], "passed" if p["passed"] else "rejected"))
    elif p["subject"] == "amendment":
        state = "accepted" if p["passed"] else "rejected"
        writes.append(_set(t.amendments, t.amendments.c.id == p["amendment"], state=state))
    decision = p["decision"]
    if decision is not None:
        row = {
            "motion_id": p["motion"],
            "council_id": p["council"],
            "vote_id": p["vote"],
            "version": decision["version"],
            "decided": entry.time,
            "minority_until": decision["minority_until"],
            "overturned_by": None,
        }
        writes.append((INSERT_DECISION, row))
    if p["overturns"] is not None:
        writes.append(
            _set(
                t.decisions,
                t.decisions.c.motion_id == p["overturns"],
                overturned_by=p["referendum"],
            )
        )
    return writes


def _motion_amended(entry: Entry) -> list[Write]:
    p = entry.payload
    version = {
        "motion_id": p["motion"],
        "number": p["version"],
        "text": p["text"],
        "amendment_id": p["amendment"],
        "made": entry.time,
    }
    return [
        (INSERT_VERSION, version),
        _set(t.motions, t.motions.c.id == p["motion"], version=p["version"]),
    ]


def _amendment_lapsed(entry: Entry) -> list[Write]:
    return [_set(t.amendments, t.amendments.c.id == entry.payload["amendment"], state="lapsed")]


def _charter_amended(entry: Entry) -> list[Write]:
    p = entry.payload
    return [_set(t.councils, t.councils.c.id == p["council"], charter=canonical(p["charter"]))]


def _comment_posted(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "motion_id": p["motion"],
        "amendment_id": p["amendment"],
        "reply_to": p["reply_to"],
        "author": entry.actor,
        "text": p["text"],
        "posted": entry.time,
        "hidden_by": None,
        "hidden_reason": None,
        "hidden_at": None,
    }
    return [(INSERT_COMMENT, row)]


def _motion_lapsed(entry: Entry) -> list[Write]:
    return [_motion_state(entry.payload["motion"], "lapsed")]


def _comment_hidden(entry: Entry) -> list[Write]:
    p = entry.payload
    return [
        _set(
            t.comments,
            t.comments.c.id == p["comment"],
            hidden_by=entry.actor,
            hidden_reason=p["reason"],
            hidden_at=entry.position,
        )
    ]


def _comment_shown(entry: Entry) -> list[Write]:
    return [
        _set(
            t.comments,
            t.comments.c.id == entry.payload["comment"],
            hidden_by=None,
            hidden_reason=None,
            hidden_at=None,
        )
    ]


def _minority_report_attached(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "motion_id": p["motion"],
        "author": entry.actor,
        "text": p["text"],
        "attached": entry.time,
    }
    return [(INSERT_MINORITY_REPORT, row)]


def _instruction_issued(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "council_id": p["council"],
        "motion_id": p["motion"],
        "choice": p["choice"],
        "by_motion": p["by_motion"],
        "issued": entry.time,
    }
    return [(INSERT_INSTRUCTION, row)]


def _instruction_withdrawn(entry: Entry) -> list[Write]:
    statement = delete(t.instructions).where(t.instructions.c.id == entry.payload["instruction"])
    return [(statement, {})]


def _overturn_left(entry: Entry) -> list[Write]:
    """What an overturn could not undo: the entry says why, and changes no state."""
    return []


def _referendum_petitioned(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "motion_id": p["motion"],
        "council_id": p["council"],
        "petitioned": entry.time,
        "vote_id": None,
    }
    signature = {"referendum_id": entry.position, "member_id": entry.actor, "entry": entry.position}
    return [(INSERT_REFERENDUM, row), (INSERT_SIGNATURE, signature)]


def _referendum_signed(entry: Entry) -> list[Write]:
    row = {
        "referendum_id": entry.payload["referendum"],
        "member_id": entry.actor,
        "entry": entry.position,
    }
    return [(INSERT_SIGNATURE, row)]


def _faction_formed(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "name": p["name"],
        "platform": p["platform"],
        "formed_by": entry.actor,
        "formed": entry.time,
    }
    member = {"faction_id": entry.position, "member_id": entry.actor, "joined": entry.time}
    return [(INSERT_FACTION, row), (INSERT_FACTION_MEMBER, member)]


def _faction_joined(entry: Entry) -> list[Write]:
    row = {"faction_id": entry.payload["faction"], "member_id": entry.actor, "joined": entry.time}
    return [(INSERT_FACTION_MEMBER, row)]


def _faction_left(entry: Entry) -> list[Write]:
    statement = delete(t.faction_members).where(
        (t.faction_members.c.faction_id == entry.payload["faction"])
        & (t.faction_members.c.member_id == entry.actor)
    )
    return [(statement, {})]


def _statement_published(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "id": entry.position,
        "faction_id": p["faction"],
        "author": entry.actor,
        "text": p["text"],
        "motion_id": p["motion"],
        "published": entry.time,
    }
    return [(INSERT_STATEMENT, row)]


HANDLERS: dict[tuple[str, int], Handler] = {
    ("motion.filed", 1): _motion_filed,
    ("motion.supported", 1): _motion_supported,
    ("motion.scheduled", 1): _motion_scheduled,
    ("motion.lapsed", 1): _motion_lapsed,
    ("secret_ballot.requested", 1): _secret_ballot_requested,
    ("amendment.proposed", 1): _amendment_proposed,
    ("vote.opened", 1): _vote_opened,
    ("vote.cast", 1): _vote_cast,
    ("vote.closed", 1): _vote_closed,
    ("motion.amended", 1): _motion_amended,
    ("amendment.lapsed", 1): _amendment_lapsed,
    ("charter.amended", 1): _charter_amended,
    ("charter.restored", 1): _charter_amended,
    ("instruction.withdrawn", 1): _instruction_withdrawn,
    ("overturn.left", 1): _overturn_left,
    ("comment.posted", 1): _comment_posted,
    ("comment.hidden", 1): _comment_hidden,
    ("comment.shown", 1): _comment_shown,
    ("minority_report.attached", 1): _minority_report_attached,
    ("motion.forwarded", 1): _motion_forwarded,
    ("consultation.opened", 1): _consultation_opened,
    ("instruction.issued", 1): _instruction_issued,
    ("referendum.petitioned", 1): _referendum_petitioned,
    ("referendum.signed", 1): _referendum_signed,
    ("faction.formed", 1): _faction_formed,
    ("faction.joined", 1): _faction_joined,
    ("faction.left", 1): _faction_left,
    ("faction.statement_published", 1): _statement_published,
}
