"""A council's calendar (iCalendar, RFC 5545): what is coming up for its members to act on.

A phone's or a desktop's calendar subscribes to it by its address and shows, without an
account or a notification service, when each vote of the council closes, when a motion
on its agenda may go to the vote, and when each election of its seats (or of its seats in
the councils above) takes nominations and votes. It holds what is under way or to come,
and what ended in the last weeks; every event links to its page. All of it is public, as
the record is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Request, Response
from icalendar import Calendar, Event

from sovet.adapters.election_queries import ElectionSummary, fills_words, open_election_queries
from sovet.adapters.motion_queries import MotionSummary
from sovet.adapters.queries import open_queries
from sovet.api.deps import SovetDep
from sovet.api.models import SlugPath, council_named, refusals

router = APIRouter(tags=["councils"])

KEPT = timedelta(days=28)
"""How long an ended vote or election stays in the calendar."""
AGENDA_EVENT = timedelta(minutes=30)
"""How long a motion's turn to go to the vote is drawn."""


@router.get(
    "/councils/{slug}/calendar.ics",
    summary="A council's calendar of votes and elections",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **refusals(404, 422)},
)
def calendar(slug: SlugPath, request: Request, sovet: SovetDep) -> Response:
    """The council's votes, motions due to go to the vote, and elections, as an
    iCalendar feed that calendars subscribe to: what is under way or to come, and what
    ended in the last four weeks, each linked to its page."""
    council = council_named(sovet, slug)
    with open_queries(sovet.db) as queries:
        agenda = queries.agenda(council.id)
    with open_election_queries(sovet.db) as elections:
        held = elections.elections_of(council.id)
    assert agenda is not None
    since = sovet.db.clock() - KEPT
    site = str(request.base_url).rstrip("/")
    feed = Calendar()
    feed.add("prodid", "-//sovet//council calendar//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", council.name)
    for summary in [*agenda.voting, *agenda.decided]:
        if summary.vote is not None and summary.vote.vote.closes >= since:
            feed.add_component(_vote(summary, site))
    for summary in agenda.scheduled:
        if summary.motion.due is not None:
            feed.add_component(_due(summary, site))
    for election in held:
        if election.election.closes >= since:
            for event in _election(election, site):
                feed.add_component(event)
    return Response(
        feed.to_ical(),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{slug}.ics"'},
    )


def _event(uid: str, summary: str, starts: datetime, ends: datetime, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@sovet")
    event.add("summary", summary)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("dtstamp", starts)
    event.add("url", url)
    event.add("description", url)
    return event


def _vote(summary: MotionSummary, site: str) -> Event:
    vote = summary.vote
    assert vote is not None
    how = "secret ballot" if vote.vote.secret else "named vote"
    return _event(
        f"vote-{vote.vote.id}",
        f"Vote ({how}): {summary.motion.title}",
        vote.vote.opened,
        vote.vote.closes,
        f"{site}/motions/{summary.motion.id}",
    )


def _due(summary: MotionSummary, site: str) -> Event:
    due = summary.motion.due
    assert due is not None
    return _event(
        f"agenda-{summary.motion.id}-{summary.motion.version}",
        f"To the vote: {summary.motion.title}",
        due,
        due + AGENDA_EVENT,
        f"{site}/motions/{summary.motion.id}",
    )


def _election(summary: ElectionSummary, site: str) -> list[Event]:
    election = summary.election
    what = fills_words(election.office, summary.council, summary.constituency)
    url = f"{site}/elections/{election.id}"
    return [
        _event(
            f"nominations-{election.id}",
            f"Nominations: {what}",
            election.opened,
            election.nominations_close,
            url,
        ),
        _event(
            f"election-{election.id}",
            f"Election: {what}",
            election.nominations_close,
            election.closes,
            url,
        ),
    ]
