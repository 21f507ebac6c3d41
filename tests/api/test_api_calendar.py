"""A council's calendar (iCalendar) for members' calendars to subscribe to: its votes,
motions due to go to the vote, and elections, each linked to its page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from .api_steps import Api, Clock
from .test_api_motions import AGENDA_DAYS, Works, file, works

__all__ = ["works"]  # the fixture, used by name


def events(api: Api, slug: str) -> dict[str, tuple[datetime, datetime, str]]:
    """The calendar's events by summary: start, end, link."""
    response = api.client.get(f"/api/councils/{slug}/calendar.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    feed = Calendar.from_ical(response.content)
    assert str(feed["x-wr-calname"]) == "Works"
    return {
        str(event["summary"]): (event.decoded("dtstart"), event.decoded("dtend"), str(event["url"]))
        for event in feed.walk("VEVENT")
    }


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_the_calendar_holds_what_is_due_the_votes_and_the_elections(
    api: Api, works: Works, clock: Clock
) -> None:
    assert events(api, "works") == {}
    motion = file(api, works.ana)["motion"]
    due = api.act(works.boris, f"/api/motions/{motion['id']}/supporters", {})["motion"]["due"]
    page = f"http://testserver/motions/{motion['id']}"
    [(starts, _, link)] = events(api, "works").values()
    assert (starts, link) == (moment(due), page)
    assert "To the vote: Six hour shifts" in events(api, "works")

    clock.advance(days=AGENDA_DAYS)
    [vote] = api.act(works.boris, f"/api/motions/{motion['id']}/votes", {})["votes"]
    hours = {"voting_period_days": 0, "voting_period_hours": 2}
    north = {"slug": "north", "name": "North", "constituent": "works", "seats": 1, "charter": hours}
    api.act(works.ana, "/api/councils/delegate", north)
    opened = api.act(works.ana, "/api/councils/north/elections", {"constituency": "works"})
    election = opened["election"]
    found = events(api, "works")
    assert found["Vote (named vote): Six hour shifts"] == (
        moment(vote["opened"]),
        moment(vote["closes"]),
        page,
    )
    assert "To the vote: Six hour shifts" not in found
    ballot = f"http://testserver/elections/{election['id']}"
    assert found["Nominations: Works's seats in North"] == (
        moment(election["opened"]),
        moment(election["nominations_close"]),
        ballot,
    )
    assert found["Election: Works's seats in North"] == (
        moment(election["nominations_close"]),
        moment(election["closes"]),
        ballot,
    )
    starts, ends, _ = found["Election: Works's seats in North"]
    assert ends - starts == timedelta(hours=2), "North votes in hours, its elections too"


def test_an_unknown_council_has_no_calendar(api: Api) -> None:
    response = api.client.get("/api/councils/nowhere/calendar.ics")
    assert response.status_code == 404
    assert response.json()["error"] == "there is no council 'nowhere'"
