"""The projection of elections: candidates, registers, published ballots, counts and the
mandates they give.

Like ``projection``, each handler turns one entry into writes and reads nothing: every
value it writes is in the entry. Ids are entry positions. The ballot box of an open
election is not written here: it is not a projection of the record
(``tables.ranked_ballot_box``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, update

from sovet.adapters import tables as t
from sovet.adapters.mandate_rows import election_write, mandate_writes
from sovet.adapters.motion_projection import Handler, Write
from sovet.domain.elections import ranking_text
from sovet.record.entry import Entry, canonical

INSERT_CANDIDATE = insert(t.candidates)
INSERT_ELECTOR = insert(t.election_register)
INSERT_PUBLISHED_RANKING = insert(t.published_rankings)


def _election(election: int, **values: Any) -> Write:
    return (update(t.elections).where(t.elections.c.id == election).values(**values), {})


def _candidate(election: int, member: int, **values: Any) -> Write:
    key = (t.candidates.c.election_id == election) & (t.candidates.c.member_id == member)
    return (update(t.candidates).where(key).values(**values), {})


def _election_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    opened = election_write(
        entry, constituency=p["constituency"], seats=p["seats"], office=None, by_election=False
    )
    return [opened]


def _candidate_nominated(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "election_id": p["election"],
        "member_id": p["member"],
        "nominated_by": entry.actor,
        "nominated": entry.time,
        "consented": entry.time if p["consented"] else None,
        "statement": None,
        "place": None,
        "outcome": None,
        "mandate_id": None,
    }
    return [(INSERT_CANDIDATE, row)]


def _candidate_consented(entry: Entry) -> list[Write]:
    assert entry.actor is not None
    return [_candidate(entry.payload["election"], entry.actor, consented=entry.time)]


def _statement_published(entry: Entry) -> list[Write]:
    assert entry.actor is not None
    p = entry.payload
    return [_candidate(p["election"], entry.actor, statement=p["text"])]


def _voting_opened(entry: Entry) -> list[Write]:
    p = entry.payload
    writes: list[Write] = [_election(p["election"], phase="voting", eligible=p["eligible"])]
    writes += [
        (
            INSERT_ELECTOR,
            {"election_id": p["election"], "member_id": member, "under": under, "voted": False},
        )
        for member, under in p["register"]
    ]
    return writes


def _election_lapsed(entry: Entry) -> list[Write]:
    return [_election(entry.payload["election"], phase="lapsed", closed=entry.time)]


def _ballot_cast(entry: Entry) -> list[Write]:
    key = (t.election_register.c.election_id == entry.payload["election"]) & (
        t.election_register.c.member_id == entry.actor
    )
    return [(update(t.election_register).where(key).values(voted=True), {})]


def _election_closed(entry: Entry) -> list[Write]:
    p = entry.payload
    writes: list[Write] = [
        _election(p["election"], closed=entry.time, ballots_cast=len(p["ballots"]))
    ]
    writes += [
        (
            INSERT_PUBLISHED_RANKING,
            {
                "election_id": p["election"],
                "receipt_hash": bytes.fromhex(ballot["receipt"]),
                "ranking": ranking_text(ballot["ranking"]),
            },
        )
        for ballot in p["ballots"]
    ]
    return writes


def _election_counted(entry: Entry) -> list[Write]:
    p = entry.payload
    report = None if p["report"] is None else canonical(p["report"])
    writes: list[Write] = [_election(p["election"], phase="counted", seed=p["seed"], report=report)]
    writes += [
        _candidate(p["election"], member, place=place, outcome=outcome)
        for member, place, outcome in p["places"]
    ]
    return writes


def _mandate_elected(entry: Entry) -> list[Write]:
    p = entry.payload
    writes = mandate_writes(entry.position, p, founding=False)
    writes.append(_candidate(p["election"], p["member"], mandate_id=entry.position))
    return writes


HANDLERS: dict[tuple[str, int], Handler] = {
    ("election.opened", 1): _election_opened,
    ("candidate.nominated", 1): _candidate_nominated,
    ("candidate.consented", 1): _candidate_consented,
    ("candidate.statement_published", 1): _statement_published,
    ("election.voting_opened", 1): _voting_opened,
    ("election.lapsed", 1): _election_lapsed,
    ("election.ballot_cast", 1): _ballot_cast,
    ("election.closed", 1): _election_closed,
    ("election.counted", 1): _election_counted,
    ("mandate.elected", 1): _mandate_elected,
}
