"""E-mail notices: what a member hears of, read off the record.

A member hears, while it is still open:

- that a vote they can cast opened (``vote.opened``: its frozen register);
- that an election they can vote in takes votes (``election.voting_opened``: its
  register);
- that an election of their council's seats or offices takes nominations
  (``election.opened``, ``by_election.opened``, ``office_election.opened``: whoever may
  vote in the constituency now), so that they may stand or nominate;
- that a petition to recall one of their council's delegates or officers gathers
  signatures (a ``motion.filed`` of kind ``recall``: likewise), so that they may sign.

Nobody hears of their own act, and a member whose account turned the notices off
(``accounts.notices``) hears of nothing. Each notice goes to one address alone. Reading
them is not a governing act: nothing is written to the record. ``adapters.mail`` sends
them, and keeps how far along the record it has.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sovet.domain.motions import moment
from sovet.domain.notices import Notice
from sovet.record.entry import Entry
from sovet.services.agenda import register_of, support_needed
from sovet.services.election_seats import election_words
from sovet.services.ports import Store

ELECTIONS_OPENED = ("election.opened", "by_election.opened", "office_election.opened")
KINDS = ("vote.opened", "election.voting_opened", *ELECTIONS_OPENED, "motion.filed")
"""The entries that may call for notices."""
WIDTH = 72
STOP = textwrap.fill(
    "You get this notice as one who can act in it. To stop these notices, turn them off on "
    "your page:",
    width=WIDTH,
)


@dataclass(frozen=True)
class _Opened:
    subject: str
    says: str
    """What is open and until when, as a sentence."""
    link: str
    members: Sequence[int]


def notices_of(store: Store, entry: Entry, site: str) -> list[Notice]:
    """The notices ``entry`` calls for now, with links to ``site``; none once what it
    opened has closed, and none for an entry of another kind."""
    opened = _opened(store, entry, store.now(), site)
    if opened is None:
        return []
    members = [member for member in opened.members if member != entry.actor]
    body = f"{_paragraph(opened.says)}\n\n{opened.link}\n\n{STOP}\n\n{site}/members/"
    return [
        Notice(email, opened.subject, f"{body}{member}#notices\n")
        for member, email in store.notice_addresses(members)
    ]


def _opened(store: Store, entry: Entry, now: datetime, site: str) -> _Opened | None:
    if entry.kind == "vote.opened":
        return _vote(store, entry, now, site)
    if entry.kind == "election.voting_opened":
        return _voting(store, entry, now, site)
    if entry.kind in ELECTIONS_OPENED:
        return _nominations(store, entry, now, site)
    if entry.kind == "motion.filed" and entry.payload["kind"] == "recall":
        return _petition(store, entry, site)
    return None


def _vote(store: Store, entry: Entry, now: datetime, site: str) -> _Opened | None:
    payload = entry.payload
    closes = moment(payload["closes"])
    motion, council = store.motion(payload["motion"]), store.council(payload["council"])
    if closes <= now or motion is None or council is None:
        return None
    what = f"the vote on {motion.title!r} in {council.name}"
    how = "by secret ballot" if payload["secret"] else "by named vote"
    return _Opened(
        f"Voting is open: {what}",
        f"You can vote in {what}, {how}, until {_when(closes)}:",
        f"{site}/motions/{motion.id}#vote-{entry.position}",
        [int(member) for member, _ in payload["register"]],
    )


def _voting(store: Store, entry: Entry, now: datetime, site: str) -> _Opened | None:
    election = store.election(entry.payload["election"])
    if election is None or election.closes <= now:
        return None
    what = election_words(store, election)
    return _Opened(
        f"Voting is open: {what}",
        f"You can vote in {what}, by secret ranked ballot, until {_when(election.closes)}:",
        f"{site}/elections/{election.id}",
        [int(member) for member, _ in entry.payload["register"]],
    )


def _nominations(store: Store, entry: Entry, now: datetime, site: str) -> _Opened | None:
    election = store.election(entry.position)
    constituency = None if election is None else store.council(election.constituency_id)
    if election is None or constituency is None or election.nominations_close <= now:
        return None
    what = election_words(store, election)
    return _Opened(
        f"Nominations are open: {what}",
        f"You can stand, or nominate a member, in {what} until "
        f"{_when(election.nominations_close)}; its voting follows, until "
        f"{_when(election.closes)}:",
        f"{site}/elections/{election.id}",
        [member for member, _ in register_of(store, constituency)],
    )


def _petition(store: Store, entry: Entry, site: str) -> _Opened | None:
    motion, council = store.motion(entry.position), store.council(entry.payload["council"])
    if motion is None or council is None or motion.state != "filed":
        return None
    signatures = support_needed(store, council, "recall")
    return _Opened(
        f"A recall petition is open: {motion.title}",
        f"Members of {council.name} can sign the petition {motion.title!r}. At "
        f"{signatures} signatures it goes to a secret vote by itself:",
        f"{site}/motions/{motion.id}",
        [member for member, _ in register_of(store, council)],
    )


def _when(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=WIDTH, break_long_words=False, break_on_hyphens=False)
