"""E-mail notices: what a member hears of, read off the record.

A member hears, while it is still open:

- that a motion of their council went on the agenda (``motion.scheduled``: whoever may
  vote in the council now), while it is there, so that they may comment on it or
  propose amendments before its vote opens; a recall petition likewise, once it has its
  signatures (in a small council the petitioner's alone, so that this is the first they
  hear of it);
- that a vote they can cast opened (``vote.opened``: its frozen register);
- that an election they can vote in takes votes (``election.voting_opened``: its
  register);
- that an election of their council's seats or offices takes nominations
  (``election.opened``, ``by_election.opened``, ``office_election.opened``: whoever may
  vote in the constituency now), so that they may stand or nominate;
- that a petition to recall one of their council's delegates or officers gathers
  signatures (a ``motion.filed`` of kind ``recall``: likewise), so that they may sign;
- that their workplace council's part of an adopted plan awaits its answer
  (``plan.adopted``: the members of each council whose part was sent, not of one that
  had accepted the very same part), so that they may move to accept it or return it;
- once, ``REMIND_BEFORE`` before a vote or an election's voting closes, that they have
  not voted in it yet (``reminders_of``: read off the state, not the record). Voting that
  lasts less than twice that long is left out: its opening notice is recent enough.

Nobody hears of their own act, and a member whose account turned the notices off
(``accounts.notices``) hears of nothing. Each notice goes to one address alone. Reading
them is not a governing act: nothing is written to the record. ``adapters.mail`` sends
them, and keeps how far along the record it has.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sovet.domain.federation import Council
from sovet.domain.motions import moment
from sovet.domain.notices import Notice
from sovet.record.entry import Entry
from sovet.services.agenda import register_of, support_needed
from sovet.services.election_seats import election_words
from sovet.services.ports import Store

ELECTIONS_OPENED = ("election.opened", "by_election.opened", "office_election.opened")
KINDS = (
    "motion.scheduled",
    "vote.opened",
    "election.voting_opened",
    *ELECTIONS_OPENED,
    "motion.filed",
    "plan.adopted",
)
"""The entries that may call for notices."""
REMIND_BEFORE = timedelta(hours=24)
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


@dataclass(frozen=True)
class Reminder:
    """The notices that a vote or an election closing soon calls for; ``about`` names it
    (``vote:ID``, ``election:ID``), so that it is reminded of once."""

    about: str
    notices: list[Notice]


def notices_of(store: Store, entry: Entry, site: str) -> list[Notice]:
    """The notices ``entry`` calls for now, with links to ``site``; none once what it
    opened has closed, and none for an entry of another kind."""
    return [
        notice
        for opened in _opened(store, entry, store.now(), site)
        for notice in _notices(store, opened, site, leaving_out=entry.actor)
    ]


def reminders_of(store: Store, site: str, *, before: timedelta = REMIND_BEFORE) -> list[Reminder]:
    """A reminder for each vote and election whose voting closes within ``before`` from
    now and lasts at least twice ``before``, to those on its register yet to vote."""
    now = store.now()
    closing: list[tuple[str, _Opened]] = []
    for vote in store.open_votes():
        if not _closing_soon(vote.opened, vote.closes, now, before):
            continue
        words = _vote_words(store, vote.motion_id, vote.council_id)
        council = store.council(vote.council_id)
        if words is not None and council is not None:
            what, motion = words
            link = f"{site}/motions/{motion}#vote-{vote.id}"
            voters = _still_standing(store, council, store.yet_to_vote(vote.id))
            closing.append((f"vote:{vote.id}", _closing(what, vote.closes, link, voters)))
    for election in store.elections_voting():
        constituency = store.council(election.constituency_id)
        closes_soon = _closing_soon(election.nominations_close, election.closes, now, before)
        if closes_soon and constituency is not None:
            what, link = election_words(store, election), f"{site}/elections/{election.id}"
            yet = store.electors_yet_to_vote(election.id)
            voters = _still_standing(store, constituency, yet)
            reminder = _closing(what, election.closes, link, voters)
            closing.append((f"election:{election.id}", reminder))
    return [
        Reminder(about, _notices(store, opened, site, leaving_out=None))
        for about, opened in closing
    ]


def _still_standing(store: Store, council: Council, lines: Sequence[tuple[int, str]]) -> list[int]:
    """The members of ``lines`` (of a frozen register) who may still vote in ``council``
    under the standing the register gave them: not one who has left it, or stood down,
    since the register froze, nor one who holds a new mandate there since, under which
    no ballot on this register is taken."""
    standing = set(register_of(store, council))
    return [member for member, under in lines if (member, under) in standing]


def _closing_soon(opened: datetime, closes: datetime, now: datetime, before: timedelta) -> bool:
    return closes - before <= now < closes and closes - opened >= 2 * before


def _closing(what: str, closes: datetime, link: str, members: Sequence[int]) -> _Opened:
    return _Opened(
        f"Voting closes soon: {what}",
        f"You have not voted yet in {what}. It closes at {_when(closes)}:",
        link,
        members,
    )


def _notices(store: Store, opened: _Opened, site: str, *, leaving_out: int | None) -> list[Notice]:
    members = [member for member in opened.members if member != leaving_out]
    body = f"{_paragraph(opened.says)}\n\n{opened.link}\n\n{STOP}\n\n{site}/members/"
    return [
        Notice(email, opened.subject, f"{body}{member}#notices\n")
        for member, email in store.notice_addresses(members)
    ]


def _vote_words(store: Store, motion_id: int, council_id: int) -> tuple[str, int] | None:
    """How a vote is named in a notice (``the vote on 'TITLE' in COUNCIL``), with its
    motion's id."""
    motion, council = store.motion(motion_id), store.council(council_id)
    if motion is None or council is None:
        return None
    return f"the vote on {motion.title!r} in {council.name}", motion.id


def _opened(store: Store, entry: Entry, now: datetime, site: str) -> list[_Opened]:
    if entry.kind == "plan.adopted":
        return _parts_sent(store, entry, site)
    opened = None
    if entry.kind == "motion.scheduled":
        opened = _on_agenda(store, entry, now, site)
    elif entry.kind == "vote.opened":
        opened = _vote(store, entry, now, site)
    elif entry.kind == "election.voting_opened":
        opened = _voting(store, entry, now, site)
    elif entry.kind in ELECTIONS_OPENED:
        opened = _nominations(store, entry, now, site)
    elif entry.kind == "motion.filed" and entry.payload["kind"] == "recall":
        opened = _petition(store, entry, site)
    return [] if opened is None else [opened]


def _on_agenda(store: Store, entry: Entry, now: datetime, site: str) -> _Opened | None:
    motion = store.motion(entry.payload["motion"])
    council = None if motion is None else store.council(motion.council_id)
    due = moment(entry.payload["due"])
    if motion is None or council is None or motion.state != "on_agenda" or due <= now:
        return None
    says = (
        f"{council.name} votes by secret ballot on the petition {motion.title!r} from "
        f"{_when(due)}: it has the signatures it needs. Until then, read its reasons and "
        "comment on them:"
        if motion.kind == "recall"
        else f"{council.name} votes on {motion.title!r} from {_when(due)}: it has the support "
        "to go on the agenda. Until then, read it, comment on it or propose an amendment:"
    )
    return _Opened(
        f"On the agenda: {motion.title}",
        says,
        f"{site}/motions/{motion.id}",
        [member for member, _ in register_of(store, council)],
    )


def _vote(store: Store, entry: Entry, now: datetime, site: str) -> _Opened | None:
    payload = entry.payload
    closes = moment(payload["closes"])
    words = _vote_words(store, payload["motion"], payload["council"])
    council = store.council(payload["council"])
    if closes <= now or words is None or council is None:
        return None
    what, motion = words
    how = "by secret ballot" if payload["secret"] else "by named vote"
    register = [(int(member), str(under)) for member, under in payload["register"]]
    return _Opened(
        f"Voting is open: {what}",
        f"You can vote in {what}, {how}, until {_when(closes)}:",
        f"{site}/motions/{motion}#vote-{entry.position}",
        _still_standing(store, council, register),
    )


def _voting(store: Store, entry: Entry, now: datetime, site: str) -> _Opened | None:
    election = store.election(entry.payload["election"])
    constituency = None if election is None else store.council(election.constituency_id)
    if election is None or constituency is None or election.closes <= now:
        return None
    what = election_words(store, election)
    register = [(int(member), str(under)) for member, under in entry.payload["register"]]
    return _Opened(
        f"Voting is open: {what}",
        f"You can vote in {what}, by secret ranked ballot, until {_when(election.closes)}:",
        f"{site}/elections/{election.id}",
        _still_standing(store, constituency, register),
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


def _parts_sent(store: Store, entry: Entry, site: str) -> list[_Opened]:
    """For each workplace council whose part of the adopted plan still awaits its
    answer, its members' notice."""
    period = store.planning_period(entry.payload["period"])
    planner = None if period is None else store.council(period.council_id)
    if period is None or planner is None:
        return []
    sent = []
    for part in store.plan_parts(period.id):
        workplace = store.council(part.council_id)
        if part.state != "sent" or part.round != entry.payload["round"] or workplace is None:
            continue
        sent.append(
            _Opened(
                f"Your part of the plan for {period.name}: {workplace.name}",
                f"{planner.name} adopted the plan for {period.name}. The part of it for "
                f"{workplace.name} (what it makes, the inputs allotted to it, the labour it "
                f"takes) binds it only by its own vote: its members accept it, or return it "
                "with a counter-proposal, by a motion of their council:",
                f"{site}/planning/{period.id}/parts/{workplace.slug}",
                [member for member, _ in register_of(store, workplace)],
            )
        )
    return sent


def _when(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=WIDTH, break_long_words=False, break_on_hyphens=False)
